"""Two app servers behind the shipped Caddyfile, on one PostgreSQL and one Redis.

    BENCH_DB_PREFIX=iecmh_me_b .venv/bin/python bench/scale_out.py [--submissions 200]

Starts, all on 127.0.0.1: two gunicorn instances (2 workers each) and two
db_workers on the PostgreSQL database $BENCH_DB_PREFIX_scale (dropped afterwards),
Redis database $BENCH_REDIS_URL (default redis://127.0.0.1:6379/9, flushed) as
CACHE_URL, an SMTP server (aiosmtpd), and Caddy with deploy/Caddyfile balancing
over both instances (APP_ADDRESS="A B", Caddy's own CA instead of ACME). Then:

1. a page cached on B is published anew through A's admin: B serves the new text
   on the next request;
2. one client address posts the contact form alternately to A and B: the rate
   limit (5/h) counts both together;
3. N families post the form at once through Caddy (rate limit off): each inquiry
   is stored once and each of its two emails is delivered once.

Prints figures and exits non-zero if a check fails.
"""

import argparse
import collections
import contextlib
import email
import email.policy
import os
import re
import secrets
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import (  # noqa: E402
    DB_PREFIX,
    PG_ADMIN_URL,
    VENV_BIN,
    db_worker,
    ensure_tools,
    free_port,
    fresh_database,
    migrated_env,
    running,
    smtp_server,
)

PRACTICE = "intake@practice.example"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
PASSWORD = secrets.token_urlsafe(16)


class Mailbox:
    def __init__(self):
        self.recipients = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.recipients.append(tuple(envelope.rcpt_tos))
        return "250 OK"

    def received(self):
        with self.lock:
            return list(self.recipients)


def machine(env, tmp, name):
    return {**env, "PAGES_GENERATION_FILE": str(tmp / f"{name}.generation")}


@contextlib.contextmanager
def gunicorn(env, log):
    """One app server, as deploy/iecmh-web.service runs it, logging requests."""
    port = free_port()
    unit = (ROOT / "deploy" / "iecmh-web.service").read_text()
    command = re.search(r"^ExecStart=(.*)$", unit, re.M).group(1)
    command = command.replace("/srv/iecmh/.venv/bin/", f"{VENV_BIN}/")
    args = [re.sub(r"(^|:)8000$", rf"\g<1>{port}", arg) for arg in command.split()]
    if Path(args[0]).name == "gunicorn":
        # Method, path and status only: never a query string.
        args += [
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(m)s %(U)s %(s)s",
        ]
    with running(args, f"http://127.0.0.1:{port}/healthz", 15, cwd=ROOT, env=env):
        yield f"127.0.0.1:{port}"


@contextlib.contextmanager
def caddy(upstreams, tmp):
    port = free_port()
    env = {
        **os.environ,
        "SITE_DOMAIN": "localhost",
        "CADDY_TLS": "internal",
        "CADDY_HTTP_PORT": str(free_port()),
        "CADDY_HTTPS_PORT": str(port),
        "CADDY_ADMIN": f"localhost:{free_port()}",
        "APP_ADDRESS": " ".join(upstreams),
        "ACCESS_LOG": str(tmp / "access.log"),
        "MEDIA_ROOT": str(tmp / "media"),
        "XDG_DATA_HOME": str(tmp),
        "XDG_CONFIG_HOME": str(tmp),
    }
    config = ROOT / "deploy" / "Caddyfile"
    proc = subprocess.Popen(
        ["caddy", "run", "--config", str(config), "--adapter", "caddyfile"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "caddy.log", "wb"),  # noqa: SIM115
    )
    root = tmp / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                context = ssl.create_default_context(cafile=str(root))
                break
            except (OSError, ssl.SSLError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        base = f"https://localhost:{port}"
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context)
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                opener.open(f"{base}/healthz", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base, context
    finally:
        proc.terminate()
        proc.wait(timeout=15)


class Form(HTMLParser):
    """Every field of the first form that posts (what a browser would send)."""

    def __init__(self, html):
        super().__init__()
        self.fields, self._select, self._textarea = [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if (
            tag == "input"
            and name
            and a.get("type") not in ("submit", "button", "file")
        ):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append(
                [name, a.get("value", "on" if a.get("type") == "checkbox" else "")]
            )
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append([self._select, a.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class Browser:
    def __init__(self, base, context=None, forwarded_for=None):
        self.base = base
        self.headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        handlers = [urllib.request.HTTPCookieProcessor()]
        if context:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)

    def get(self, path):
        request = urllib.request.Request(self.base + path, headers=self.headers)
        with self.opener.open(request, timeout=120) as response:
            return response.read().decode()

    def post(self, path, fields):
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={**self.headers, "Referer": self.base + path},
        )
        with self.opener.open(request, timeout=120) as response:
            return response.geturl(), response.read().decode()

    def sign_in(self, username):
        html = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        fields = {"csrfmiddlewaretoken": token, "username": username, "next": "/admin/"}
        url, _ = self.post("/admin/login/", {**fields, "password": PASSWORD})
        assert not url.endswith("/login/"), "signed in"

    def send_inquiry(self, email_address):
        html = self.get("/contact/")
        fields = dict(
            re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]*)"', html)
        )
        answers = {
            "writer": "parent",
            "name": "Scale Parent",
            "email": email_address,
            "preferred_contact": "email",
            "child_age": "1-2y",
            "concerns": "sleep",
            "message": "Scale-out message.",
            "consent": "on",
        }
        url, _ = self.post("/contact/", {**fields, **answers})
        return url.endswith("/contact/thanks/")


def query(url, sql, *params):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def publish_seen_across(a, b, url):
    editor = Browser(f"http://{a}")
    editor.sign_in("editor")
    reader = Browser(f"http://{b}")
    before = reader.get("/scale-out/")  # cached on B now
    assert reader.get("/scale-out/") == before
    (pk,) = query(url, "SELECT id FROM pages_page WHERE slug = 'scale-out'")[0]
    change = f"/admin/pages/page/{pk}/change/"
    form = Form(editor.get(change)).fields
    marker = f"Published through A {secrets.token_hex(4)}"
    form = [(n, f"<p>{marker}</p>" if n == "body" else v) for n, v in form]
    editor.post(change, [*form, ("_publish", "Publish")])
    after = reader.get("/scale-out/")
    print(
        "1. publish through A's admin, then the next read on B: "
        f"{'the new text' if marker in after else 'the OLD text'}"
    )
    return marker not in before and marker in after


def rate_limit_shared(a, b, url, limit):
    sent = []
    for i in range(limit + 1):
        host = (a, b)[i % 2]
        browser = Browser(f"http://{host}", forwarded_for="203.0.113.7")
        try:
            sent.append(browser.send_inquiry(f"shared-{i}@example.net"))
        except urllib.error.HTTPError as error:
            sent.append(error.code)
    # Past the limit an inquiry is stored but held (contact/spam.py).
    rows = query(
        url,
        "SELECT held, count(*) FROM contact_inquiry WHERE email LIKE 'shared-%%' "
        "GROUP BY held ORDER BY held",
    )
    counts = {("held" if held else "as usual"): n for held, n in rows}
    normal = counts.get("as usual", 0)
    print(
        f"2. {limit + 1} posts from one address, alternating A and B: "
        f"{counts}, answers {sent}"
    )
    return normal == limit, sum(counts.values())  # the practice is told of each


def submissions_through_proxy(base, context, url, mailbox, n, deadline, earlier):
    barrier = threading.Barrier(n + 1)

    def submit(i):
        browser = Browser(base, context)
        browser.get("/contact/")
        barrier.wait(timeout=300)
        return browser.send_inquiry(f"family-{i}@example.net")

    with ThreadPoolExecutor(n) as pool:
        futures = [pool.submit(submit, i) for i in range(n)]
        barrier.wait(timeout=300)
        started = time.monotonic()
        thanked = sum(f.result() for f in futures)
    stored_in = time.monotonic() - started
    families = {f"family-{i}@example.net" for i in range(n)}
    stored = query(
        url,
        "SELECT email, count(*) FROM contact_inquiry WHERE email LIKE 'family-%%' "
        "GROUP BY email",
    )
    end = time.monotonic() + deadline

    def delivered():
        received = mailbox.received()
        to_family = collections.Counter(r[0] for r in received if r[0] in families)
        return to_family, sum(1 for r in received if r == (PRACTICE,))

    # The practice is also told of the `earlier` inquiries (phase 2).
    while time.monotonic() < end:
        to_family, to_practice = delivered()
        if sum(to_family.values()) >= n and to_practice >= n + earlier:
            break
        time.sleep(0.2)
    delivered_in = time.monotonic() - started
    to_family = collections.Counter(
        r[0] for r in mailbox.received() if r[0] in families
    )
    to_practice = sum(1 for r in mailbox.received() if r == (PRACTICE,))
    print(
        f"3. {n} families at once through Caddy: {thanked} thank-you pages; "
        f"{len(stored)} inquiries stored in {stored_in:.2f}s "
        f"({n / stored_in:.0f}/s), max {max((c for _, c in stored), default=0)} "
        f"per family; confirmations {sum(to_family.values())} to "
        f"{len(to_family)} families (max {max(to_family.values(), default=0)} each), "
        f"{to_practice} practice notifications (with phase 2's {earlier}); "
        f"all delivered {delivered_in:.1f}s after the first POST"
    )
    return (
        thanked == n
        and len(stored) == n
        and all(c == 1 for _, c in stored)
        and set(to_family) == families
        and all(c == 1 for c in to_family.values())
        and to_practice == n + earlier
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--deadline", type=float, default=300)
    parser.add_argument(
        "--cache-url",
        default=REDIS_URL,
        help="CACHE_URL of both app servers (e.g. locmemcache:// as a control)",
    )
    args = parser.parse_args()
    ensure_tools("caddy")
    name = f"{DB_PREFIX}_scale"
    url = fresh_database(name)
    if args.cache_url.startswith("redis"):
        redis.Redis.from_url(args.cache_url).flushdb()
    print(f"CACHE_URL={args.cache_url}")
    mailbox = Mailbox()
    checks = {}
    load = os.getloadavg()
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            smtp_server(mailbox) as email_url,
        ):
            tmp = Path(tmp)
            env = migrated_env(
                url,
                "from django.contrib.auth.models import User\n"
                "from pages.models import Page\n"
                f"User.objects.create_superuser('editor', None, {PASSWORD!r})\n"
                "Page.objects.create(title='Scale out', slug='scale-out', "
                "body='<p>Before</p>').publish()\n",
                DJANGO_SECURE_COOKIES="0",
                DJANGO_LOG_LEVEL="WARNING",
                CACHE_URL=args.cache_url,
                TASK_BACKEND="database",
                EMAIL_URL=email_url,
                CONTACT_MIN_FILL_SECONDS="0",
                INQUIRY_NOTIFY_TO=PRACTICE,
                SITE_URL="https://practice.example",
            )
            limited = {**env, "CONTACT_RATE_LIMIT": "5/h"}
            # As on two machines: each its own generation file, so a publish
            # reaches the other app server only through Redis.
            with (
                gunicorn(machine(limited, tmp, "a"), tmp / "a.log") as a,
                gunicorn(machine(limited, tmp, "b"), tmp / "b.log") as b,
            ):
                checks["a publish through A is served by B at once"] = (
                    publish_seen_across(a, b, url)
                )
                shared, earlier = rate_limit_shared(a, b, url, 5)
                checks["the rate limit counts A and B together"] = shared
            open_env = {**env, "CONTACT_RATE_LIMIT": "0", "CONTACT_HARD_LIMIT": "0"}
            with (
                db_worker(env),
                db_worker(env),
                gunicorn(machine(open_env, tmp, "a"), tmp / "a.log") as a,
                gunicorn(machine(open_env, tmp, "b"), tmp / "b.log") as b,
                caddy([a, b], tmp) as (base, context),
            ):
                ok = submissions_through_proxy(
                    base,
                    context,
                    url,
                    mailbox,
                    args.submissions,
                    args.deadline,
                    earlier,
                )
                checks[f"{args.submissions} submissions stored once, emailed once"] = ok
            posts = {
                host: (tmp / f"{host}.log").read_text().count("POST /contact/ 302")
                if (tmp / f"{host}.log").exists()
                else None
                for host in ("a", "b")
            }
            print(
                f"   POST /contact/ answered by A: {posts['a']}, by B: {posts['b']} "
                "(both phases)"
            )
            if None not in posts.values():  # counted from gunicorn's access log
                checks["Caddy spread the posts over both"] = min(posts.values()) > 0
    finally:
        with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for check, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {check}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
