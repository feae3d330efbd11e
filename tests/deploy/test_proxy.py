"""Through the shipped Caddyfile, in front of the shipped app server and worker."""

import ast
import html
import json
import re
import secrets
import shutil
import socket
import subprocess
import urllib.parse

import pytest

from tests.contact.conftest import FAMILY_TEXT, form_data, wait_for

from .client import FormFields
from .conftest import DEPLOY

pytestmark = pytest.mark.deploy

PASSWORD = secrets.token_urlsafe(16)


@pytest.fixture(scope="module")
def clinician(stack):
    stack.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User\n"
        "user = User.objects.create_user(\n"
        f"    'amara', password='{PASSWORD}', is_staff=True\n"
        ")\n"
        "user.groups.add(Group.objects.get(name='Clinicians'))\n",
    )
    return "amara"


def signed_in(stack, username):
    client = stack.client()
    page = client.get("/admin/login/")
    fields = FormFields(page.text).hidden
    answer = client.post(
        "/admin/login/",
        {**fields, "username": username, "password": PASSWORD, "next": "/admin/"},
        headers={"Referer": stack.base + "/admin/login/"},
    )
    assert answer.status == 302, answer.text[:500]
    return client


def submitted_inquiry(stack):
    client = stack.client()
    form = client.get("/contact/")
    assert form.status == 200
    data = form_data(**FormFields(form.text).hidden)
    answer = client.post(
        "/contact/", data, headers={"Referer": stack.base + "/contact/"}
    )
    assert answer.status == 302, answer.text[:2000]
    return client, answer


def test_home_page_is_served_over_https_with_the_security_headers(stack):
    response = stack.client().get("/")

    assert response.status == 200
    headers = response.headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Request-ID"]
    assert "Server" not in headers


def test_plain_http_is_redirected_to_https(stack):
    response = stack.client().get(
        "/contact/", base=f"http://localhost:{stack.http_port}"
    )

    assert response.status in (301, 308)
    # Production listens on 443, so the redirect names no port.
    location = urllib.parse.urlsplit(response.headers["Location"])
    assert (location.scheme, location.hostname, location.path) == (
        "https",
        "localhost",
        "/contact/",
    )


def test_static_files_are_hashed_and_cached_for_ever(stack):
    home = stack.client().get("/").text
    css = next(
        part.split('"')[0]
        for part in home.split('href="/static/')[1:]
        if ".css" in part
    )

    response = stack.client().get("/static/" + css)

    assert response.status == 200
    assert "immutable" in response.headers["Cache-Control"]


def test_the_contact_journey_ends_with_both_emails_delivered(stack):
    client, answer = submitted_inquiry(stack)
    thanks = client.get(answer.headers["Location"])

    assert thanks.status == 200
    messages = wait_for(
        lambda: len(stack.smtp.mailbox.messages) >= 2 and stack.smtp.mailbox.messages,
        timeout=60,
        message="the practice's notification and the family's confirmation",
    )
    recipients = {address for tos, _ in messages for address in tos}
    assert FAMILY_TEXT["email"] in recipients
    assert "intake@practice.example" in recipients
    practice_mail = next(m for tos, m in messages if "intake@practice.example" in tos)
    assert FAMILY_TEXT["message"] not in practice_mail.get_content()


def stored_statuses(stack, prefix):
    """Each inquiry's status, or "held" when it was held by the rate limit."""
    printed = stack.manage(
        "shell",
        "-c",
        "from contact.models import Inquiry\n"
        f"print({{e: 'held' if h else s for e, s, h in Inquiry.objects.filter("
        f"email__startswith={prefix!r}).values_list('email', 'status', 'held')}})",
    )
    return ast.literal_eval(printed.strip().splitlines()[-1])


def test_the_site_sees_each_client_address_through_the_proxy(stack):
    if not stack.env["CACHE_URL"].startswith("redis"):
        pytest.skip("the rate limit is per process without Redis (CACHE_URL)")

    # Every connection reaches gunicorn from Caddy (127.0.0.1): only if Caddy's
    # X-Forwarded-For is used does each client get its own rate limit (5/h).
    def send(source, address):
        client = stack.client(source=source)
        form = client.get("/contact/")
        data = form_data(email=address, **FormFields(form.text).hidden)
        return client.post("/contact/", data, headers={"Referer": stack.base + "/"})

    for i in range(6):
        send("127.0.0.3", f"xff-busy-{i}@example.net")
    send("127.0.0.4", "xff-other@example.net")

    statuses = stored_statuses(stack, "xff-")
    assert [statuses.get(f"xff-busy-{i}@example.net") for i in range(5)] == ["new"] * 5
    assert statuses.get("xff-busy-5@example.net") == "held"
    assert statuses["xff-other@example.net"] == "new"


def test_a_request_body_over_the_limit_is_refused_before_it_is_sent(stack):
    head = (
        "POST /contact/ HTTP/1.1\r\nHost: localhost\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {11 * 1000 * 1000}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", stack.https_port)) as raw:
        with stack.tls.wrap_socket(raw, server_hostname="localhost") as conn:
            conn.sendall(head)
            answer = conn.makefile("rb").readline()

    assert answer == b"HTTP/1.1 413 Request Entity Too Large\r\n"


def test_staff_sign_in_reaches_the_admin(stack, clinician):
    client = signed_in(stack, clinician)

    admin = client.get("/admin/")

    assert admin.status == 200
    assert "Inquiries" in admin.text


def test_a_clinicians_search_leaves_no_family_value_in_the_access_log(stack, clinician):
    submitted_inquiry(stack)
    client = signed_in(stack, clinician)
    changelist = "/admin/contact/inquiry/"
    searched = []
    for value in (FAMILY_TEXT["name"], FAMILY_TEXT["email"], FAMILY_TEXT["phone"]):
        query = "?" + urllib.parse.urlencode({"q": value})
        # A typed ?q= is answered with a key; the search box posts the term.
        typed = client.get(changelist + query)
        assert typed.status == 302 and value not in typed.headers["Location"]
        form = FormFields(client.get(changelist).text).hidden
        posted = client.post(
            changelist,
            {**form, "_private_search": "1", "q": value},
            headers={"Referer": stack.base + changelist},
        )
        assert posted.status == 302, posted.status
        page = client.get(posted.headers["Location"])
        change_links = re.findall(
            r'href="(/admin/contact/inquiry/\d+/change/[^"]*)"', page.text
        )
        assert change_links, f"the search for {value!r} found the inquiry"
        searched.append(changelist + query)
    change_link = html.unescape(change_links[0])
    assert "_changelist_filters=" in change_link
    opened = client.get(
        change_link,
        headers={"Referer": stack.base + searched[-1]},
    )
    assert opened.status == 200
    # Requests are logged as they finish: once the last is there, all are.
    last = f"/after-the-searches-{secrets.token_hex(4)}/"
    client.get(last + "?q=" + urllib.parse.quote(FAMILY_TEXT["name"]))

    log = wait_for(
        lambda: last in (text := stack.access_log.read_text()) and text,
        message="Caddy's access log line for the last request",
    )
    uris = {json.loads(line)["request"]["uri"] for line in log.splitlines()}
    assert {changelist + "?", change_link.split("?")[0] + "?", last + "?"} <= uris
    for value in FAMILY_TEXT.values():
        words = re.findall(r"[A-Za-z]{6,}", value)
        for form in {
            value,
            urllib.parse.quote(value),
            urllib.parse.quote_plus(value),
            *words,
        }:
            assert form not in log
            assert form not in stack.log("caddy")
            assert form not in stack.log("web")
            assert form not in stack.log("worker")


def test_uploaded_media_is_served_as_inert_files(stack):
    (stack.media / "pages").mkdir(exist_ok=True)
    (stack.media / "pages" / "drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )

    response = stack.client().get("/media/pages/drawing.svg")

    assert response.status == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert stack.client().get("/media/pages/missing.png").status == 404
    assert stack.client().get("/media/../manage.py").status in (400, 404)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze")
def test_the_systemd_units_are_valid(tmp_path):
    units = sorted(DEPLOY.glob("iecmh-*.[st]*"))
    for unit in units:
        shutil.copy(unit, tmp_path)

    result = subprocess.run(
        [
            "systemd-analyze",
            "verify",
            "--man=no",
            *(str(tmp_path / u.name) for u in units),
        ],
        capture_output=True,
        text=True,
    )

    # Only what this machine lacks: the installed virtualenv under /srv/iecmh.
    complaints = [
        line
        for line in result.stderr.splitlines()
        if not re.search(r"/srv/iecmh/\.venv/bin/\w+ is not executable: No such", line)
    ]
    assert complaints == []
    assert {u.name for u in units} >= {
        "iecmh-web.service",
        "iecmh-worker.service",
        "iecmh-scheduler.service",
        "iecmh-backup.service",
        "iecmh-backup.timer",
    }


def test_an_invitation_link_leaves_its_token_in_no_log(stack):
    made = stack.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User\n"
        "from staff.invitations import invitation_url\n"
        "user = User.objects.create_user(\n"
        "    'invited', email='invited@practice.example', is_staff=True\n"
        ")\n"
        "print(invitation_url(user))\n",
    )
    link = urllib.parse.urlsplit(re.search(r"https?://\S+", made)[0])
    token = urllib.parse.parse_qs(link.query)["token"][0]
    client = stack.client()

    opened = client.get(f"{link.path}?{link.query}")
    form_path = opened.headers["Location"]
    form = client.get(form_path)

    assert opened.status == 302 and token not in form_path
    assert form.status == 200 and "Choose a password" in form.text
    log = wait_for(
        lambda: form_path in (text := stack.access_log.read_text()) and text,
        message="Caddy's access log line for the password form",
    )
    assert link.path + "?" in {
        json.loads(line)["request"]["uri"] for line in log.splitlines()
    }
    assert token not in log
    for name in ("caddy", "web", "worker"):
        assert token not in stack.log(name)
