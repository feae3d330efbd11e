"""Guessing one staff password from many addresses, through gunicorn.

    .venv/bin/python bench/signin_guessing.py [--addresses 200]

Starts gunicorn with production settings on a fresh SQLite database in a
temporary directory. The staff member signs in once from their office address
and browser. Then each of N addresses (X-Forwarded-For, as the proxy sets it)
posts one wrong password for that username. Prints how many guesses reached the
password check (the rest got the 429 lockout page), and whether the real user
still signs in from the office, and from their browser at a new address, while
a new browser at a new address is refused.
"""

import argparse
import http.cookiejar
import re
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import gunicorn, migrated_env  # noqa: E402

USERNAME, PASSWORD = "therapist", "kettle orchard 7 lantern"
OFFICE = "192.0.2.10"


class Browser:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def sign_in(self, password, address):
        headers = {"X-Forwarded-For": address}
        page = self.opener.open(
            urllib.request.Request(f"{self.base}/admin/login/", headers=headers)
        ).read()
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        data = {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": USERNAME,
            "password": password,
            "next": "/admin/",
        }
        request = urllib.request.Request(
            f"{self.base}/admin/login/",
            data=urllib.parse.urlencode(data).encode(),
            headers={**headers, "Referer": f"{self.base}/admin/login/"},
        )
        try:
            with self.opener.open(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def sign_out(self):
        session = next(c for c in self.jar if c.name == "sessionid")
        self.jar.clear(session.domain, session.path, session.name)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--addresses", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # Plain HTTP on 127.0.0.1: cookies without the Secure flag.
        env = migrated_env(
            f"sqlite:///{tmp}/db.sqlite3",
            "from django.contrib.auth.models import User; "
            f"User.objects.create_user({USERNAME!r}, password={PASSWORD!r}, "
            "is_staff=True)",
            DJANGO_PROXY_COUNT="1",
            DJANGO_SECURE_COOKIES="0",
        )
        with gunicorn(env) as base:
            office_browser = Browser(base)
            assert office_browser.sign_in(PASSWORD, OFFICE) == 302
            office_browser.sign_out()

            started = time.perf_counter()
            statuses = [
                Browser(base).sign_in(
                    "wrong guess", f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"
                )
                for n in range(args.addresses)
            ]
            seconds = time.perf_counter() - started

            office = Browser(base).sign_in(PASSWORD, OFFICE)
            travelling = office_browser.sign_in(PASSWORD, "198.51.100.77")
            stranger = Browser(base).sign_in(PASSWORD, "198.51.100.78")

    checked = statuses.count(200)
    print(f"addresses guessing one username:        {args.addresses}")
    print(f"answered 'wrong password' (200):         {checked}")
    print(f"answered with the lockout page (429):    {statuses.count(429)}")
    print("  (the first 429 is the guess that was checked and set the lock)")
    print(f"time for all guesses:                   {seconds:.1f} s")
    print(f"real user, office address, new browser: {office} (302 = signed in)")
    print(f"real user, own browser, new address:    {travelling} (302 = signed in)")
    print(f"new browser at a new address:           {stranger} (429 = refused)")
    ok = checked < 5 and office == 302 and travelling == 302 and stranger == 429
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
