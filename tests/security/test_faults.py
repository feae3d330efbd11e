import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# A real process with collectstatic, its database down.
pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT_DATABASE = "postgres://nobody@127.0.0.1:9/nodb?connect_timeout=2"


def get_with_database_down(static_root, *paths):
    """Responses from a real process whose database (a closed port) does not answer,
    with production's hashed static files."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iecmh_site.settings",
        "DATABASE_URL": CLOSED_PORT_DATABASE,
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    script = (
        "import json, sys, django; django.setup(); from django.test import Client; "
        "c = Client(raise_request_exception=False); out = []\n"
        "for path in sys.argv[1:]:\n"
        "    r = c.get(path)\n"
        "    out.append([r.status_code, r.content.decode(), dict(r.headers)])\n"
        "print(json.dumps(out))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def down(tmp_path_factory):
    paths = ["/", "/about/", "/healthz"]
    static_root = tmp_path_factory.mktemp("static")
    return dict(zip(paths, get_with_database_down(static_root, *paths), strict=True))


@pytest.mark.parametrize("path", ["/", "/about/"])
def test_pages_show_a_friendly_503_when_the_database_is_down(down, path):
    status, body, headers = down[path]

    assert status == 503
    assert "The site is briefly unavailable" in body
    assert "call or text 988" in body
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
