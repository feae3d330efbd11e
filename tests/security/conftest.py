import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT_DATABASE = "postgres://nobody@127.0.0.1:9/nodb?connect_timeout=2"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Sign-in tests hash many passwords; the production hasher is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def production_env(static_root, **extra):
    """A production configuration (DEBUG off, hashed static files) for a process."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iecmh_site.settings",
        "DATABASE_URL": CLOSED_PORT_DATABASE,
        "DJANGO_STATIC_ROOT": str(static_root),
        **extra,
    }
    env.pop("DJANGO_DEBUG", None)
    return env


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(static_root),
        check=True,
    )
    return static_root


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env, log_path):
    """gunicorn serving the site with `env`; its output (request log included)
    goes to `log_path`."""
    port = _free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "iecmh_site.wsgi",
                "--workers=1",
                f"--bind=127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1),
            ):
                break
            assert process.poll() is None, Path(log_path).read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
