import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from staff.invitations import (
    InvitationTokenGenerator,
    invitation_tokens,
    invitation_url,
)
from staff.roles import ROLES
from tests.hostile import HOSTILE_VALUES

pytestmark = pytest.mark.django_db

User = get_user_model()
ADD = "/admin/auth/user/add/"
NEW_PASSWORD = "calm harbour lantern 42"


def invite(client, **overrides):
    data = {
        "first_name": "Noor",
        "last_name": "Haddad",
        "email": "noor@practice.example",
        "role": "clinician",
        **overrides,
    }
    return client.post(ADD, data)


def link_in(message):
    return re.search(r"https?://\S+/admin/staff/welcome/\S+", message).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def test_an_invitation_travels_through_smtp_and_its_link_sets_a_password(
    client_for, practice_admin, smtp_mailers, django_capture_on_commit_callbacks, client
):
    admin_client = client_for(practice_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin_client)
    assert response.status_code == 302
    noor = User.objects.get(email="noor@practice.example")
    assert noor.is_staff and not noor.has_usable_password()
    assert list(noor.groups.values_list("name", flat=True)) == [ROLES["clinician"]]

    [(recipients, message)] = smtp_mailers.mailbox.messages
    assert recipients == ["noor@practice.example"]
    body = message.get_content()
    assert "Hello Noor" in body and "noor@practice.example" in body
    link = path_of(link_in(body))
    admin_client.logout()

    set_page = client.get(link, follow=True)
    assert "Choose a password" in set_page.content.decode()
    form_url = set_page.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.url == "/admin/staff/second-factor/"
    # Signed in, offered the second factor, and the role works.
    offer = client.get(done.url).content.decode()
    assert "Add a second factor" in offer and "Not now" in offer
    assert client.get("/admin/contact/inquiry/").status_code == 200
    assert client.get("/admin/pages/page/").status_code == 403

    client.logout()
    used = client.get(link, follow=True).content.decode()
    assert "expired or has already been used" in used
    signed_in = client.post(
        "/admin/login/",
        {"username": "noor@practice.example", "password": NEW_PASSWORD},
    )
    assert signed_in.status_code == 302


def test_an_expired_link_is_refused(client, practice_admin, make_staff):
    noor = make_staff("noor", "Clinicians")
    noor.set_unusable_password()
    noor.save()

    class Earlier(InvitationTokenGenerator):
        def _now(self):
            return datetime.now() - timedelta(days=4)

    uid = urlsafe_base64_encode(force_bytes(noor.pk))
    old = Earlier().make_token(noor)
    fresh = invitation_tokens.make_token(noor)

    expired = client.get(f"/admin/staff/welcome/{uid}/{old}/")
    assert "expired or has already been used" in expired.content.decode()
    assert client.get(f"/admin/staff/welcome/{uid}/{fresh}/").status_code == 302


def test_the_link_trades_its_token_for_the_session_and_an_address_without_it(
    client, make_staff, caplog
):
    noor = make_staff("noor", "Clinicians")
    noor.set_unusable_password()
    noor.save()
    url = invitation_url(noor)
    token = parse_qs(urlsplit(url).query)["token"][0]

    with caplog.at_level("INFO", logger="iecmh.requests"):
        opened = client.get(path_of(url), follow=True)

    # Caddy logs the path and drops the query string; the app logs the path.
    assert token not in urlsplit(url).path
    [(final_url, status)] = opened.redirect_chain
    assert status == 302 and final_url.endswith("/set-password/")
    assert token not in final_url
    assert "Choose a password" in opened.content.decode()
    logged = [r.getMessage() for r in caplog.records if r.name == "iecmh.requests"]
    assert len(logged) == 2 and not any(token in line for line in logged)


# security.middleware refuses a NUL or an over-long query string before any view.
WRONG_TOKENS = [
    "",
    "nonsense",
    "x" * 1000,
    *(v for k, v in HOSTILE_VALUES.items() if k not in {"nul", "long"}),
]


@pytest.mark.parametrize("token", WRONG_TOKENS)
def test_a_wrong_token_in_the_link_gets_the_expired_page(client, make_staff, token):
    noor = make_staff("noor", "Clinicians")
    uid = urlsafe_base64_encode(force_bytes(noor.pk))

    opened = client.get(f"/admin/staff/welcome/{uid}/", {"token": token}, follow=True)

    assert opened.status_code == 200
    assert "expired or has already been used" in opened.content.decode()


def test_an_address_already_in_use_gets_a_clear_message(
    client_for, practice_admin, make_staff
):
    amara = make_staff("amara", "Clinicians")
    amara.email = "amara@practice.example"
    amara.save()

    response = invite(client_for(practice_admin), email="Amara@Practice.example")

    assert response.status_code == 200
    assert "Amara already uses this address" in response.content.decode()
    assert User.objects.filter(email__iexact="amara@practice.example").count() == 1


def test_changing_the_role_sets_staff_status(client_for, practice_admin, make_staff):
    maria = make_staff("maria", "Editors")
    client = client_for(practice_admin)
    url = f"/admin/auth/user/{maria.pk}/change/"
    data = {"first_name": "Maria", "last_name": "", "email": "m@practice.example",
            "is_active": "on"}  # fmt: skip

    client.post(url, {**data, "role": "clinician"})
    maria.refresh_from_db()
    assert maria.is_staff
    assert [g.name for g in maria.groups.all()] == ["Clinicians"]

    client.post(url, {**data, "role": ""})
    maria.refresh_from_db()
    assert not maria.is_staff and not maria.groups.exists()


def test_the_staff_list_shows_role_and_last_sign_in(
    client_for, practice_admin, make_staff
):
    make_staff("amara", "Clinicians")

    html = client_for(practice_admin).get("/admin/auth/user/").content.decode()

    assert "Amara" in html and "Clinician" in html and "Practice admin" in html
    assert "last sign-in" in html.lower() or "last login" in html.lower()


def test_superuser_and_raw_permissions_are_for_superusers_only(
    client_for, practice_admin, admin_user, make_staff
):
    amara = make_staff("amara", "Clinicians")
    url = f"/admin/auth/user/{amara.pk}/change/"

    as_admin = client_for(practice_admin).get(url).content.decode()
    assert "is_superuser" not in as_admin and "user_permissions" not in as_admin
    assert (
        "/admin/auth/group/"
        not in client_for(practice_admin).get("/admin/").content.decode()
    )

    as_superuser = client_for(admin_user).get(url).content.decode()
    assert "is_superuser" in as_superuser and "user_permissions" in as_superuser


def test_people_are_deactivated_not_deleted(client_for, practice_admin, make_staff):
    amara = make_staff("amara", "Clinicians")
    client = client_for(practice_admin)

    assert (
        client.post(f"/admin/auth/user/{amara.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    client.post(
        "/admin/auth/user/", {"action": "deactivate", "_selected_action": [amara.pk]}
    )

    amara.refresh_from_db()
    assert not amara.is_active


def test_technical_sections_are_hidden_from_practice_admins(
    client_for, practice_admin, admin_user
):
    home = client_for(practice_admin).get("/admin/").content.decode()
    hidden = ["/admin/axes/", "/admin/otp_totp/", "/admin/django_tasks_database/"]
    for section in hidden:
        assert section not in home
    for url in [
        "/admin/axes/accesslog/",
        "/admin/django_tasks_database/dbtaskresult/",
    ]:
        assert client_for(practice_admin).get(url).status_code == 403
    superuser_home = client_for(admin_user).get("/admin/").content.decode()
    assert all(section in superuser_home for section in hidden)
    assert "Sign-in lockouts (technical)" in superuser_home
    assert "Background jobs (technical)" in superuser_home


def test_people_are_shown_by_full_name(make_staff):
    amara = make_staff("amara", "Clinicians")
    amara.last_name = "Okafor"

    assert str(amara) == "Amara Okafor"


def test_a_refusal_in_the_admin_looks_like_the_admin_with_a_way_back(
    client_for, make_staff
):
    editor = make_staff("maria", "Editors")

    response = client_for(editor).get("/admin/contact/inquiry/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot open this page" in html
    assert 'href="/admin/"' in html and "Back to the admin home" in html


def test_the_second_factor_is_set_up_with_a_code_from_the_app(client_for, make_staff):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    noor = make_staff("noor", "Clinicians")
    client = client_for(noor)
    page = client.get("/admin/staff/second-factor/").content.decode()
    assert "data:image/svg+xml;base64," in page
    device = TOTPDevice.objects.get(user=noor)

    right = client.post(
        "/admin/staff/second-factor/", {"token": f"{totp(device.bin_key):06d}"}
    )

    assert right.url == "/admin/"
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_second_factor_code_is_refused_clearly(client_for, make_staff):
    client = client_for(make_staff("noor", "Clinicians"))

    wrong = client.post("/admin/staff/second-factor/", {"token": "000000"})

    assert "That code is not right" in wrong.content.decode()
