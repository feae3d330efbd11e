import json
import subprocess
import sys

import pytest

from .conftest import ROOT, production_env

# A real process with collectstatic, its database down.
pytestmark = pytest.mark.slow


def get_with_database_down(static_root, *paths):
    """Responses from a real process whose database (a closed port) does not answer,
    with production's hashed static files. "POST /x/" posts a form to /x/ from a
    browser without a CSRF cookie."""
    script = (
        "import json, sys, django; django.setup(); from django.test import Client; "
        "c = Client(raise_request_exception=False, enforce_csrf_checks=True)\n"
        "out = []\n"
        "for path in sys.argv[1:]:\n"
        "    method, _, url = path.rpartition(' ')\n"
        "    r = c.post(url, {'name': 'x'}) if method == 'POST' else c.get(url)\n"
        "    out.append([r.status_code, r.content.decode(), dict(r.headers)])\n"
        "print(json.dumps(out))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *paths],
        cwd=ROOT,
        env=production_env(static_root),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def down(collected_static):
    paths = ["/", "/about/", "/healthz", "POST /contact/", "POST /es/contact/"]
    answers = get_with_database_down(collected_static, *paths)
    return dict(zip(paths, answers, strict=True))


@pytest.mark.parametrize("path", ["/", "/about/"])
def test_pages_show_a_friendly_503_when_the_database_is_down(down, path):
    status, body, headers = down[path]

    assert status == 503
    assert "The site is briefly unavailable" in body
    assert 'call or text <a href="tel:988">988</a>' in body
    assert headers["Retry-After"] == "60"
    assert "no-store" in headers["Cache-Control"]


def test_the_503_page_keeps_the_security_headers(down):
    _, _, headers = down["/"]

    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_healthz_still_says_503(down):
    status, body, _ = down["/healthz"]

    assert status == 503
    assert json.loads(body)["database"] == "down"


@pytest.mark.parametrize("path", ["POST /contact/", "POST /es/contact/"])
def test_a_post_without_a_csrf_cookie_gets_the_503_page_not_a_500(down, path):
    status, body, headers = down[path]

    assert status == 503
    assert "988" in body
    assert headers["Retry-After"] == "60"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
