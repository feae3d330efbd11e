"""The shipped deploy/ files run for real: Caddy (with its own certificate
authority instead of ACME), the app server and the worker as their systemd
units start them, a real SMTP server, and a database of their own."""

import os
import re
import secrets
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import environ
import psycopg
import pytest

from tests.contact.conftest import SMTPServer, wait_for

from .client import Client

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent

if not shutil.which("caddy"):
    if os.environ.get("IECMH_REQUIRE_DEPLOY"):
        raise RuntimeError("IECMH_REQUIRE_DEPLOY is set but caddy is not installed")
    pytest.skip(
        "caddy is not installed (apt-get install caddy)", allow_module_level=True
    )


def free_ports(count):
    """`count` distinct ports free on 127.0.0.1, chosen by the system, so that
    two test runs at once (CI runs both databases' suites side by side) do not
    pick the same ones."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def env_file(path):
    """KEY=VALUE lines of an EnvironmentFile (comments and blanks skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip().removeprefix('"').removesuffix('"')
    return values


def unit_command(unit, port=None):
    """A unit's ExecStart, run from this checkout's virtualenv (and on `port`
    instead of 8000, whether written `--bind 127.0.0.1:8000` or `--port 8000`)."""
    lines = (DEPLOY / unit).read_text().splitlines()
    (command,) = [
        line.removeprefix("ExecStart=")
        for line in lines
        if line.startswith("ExecStart=")
    ]
    command = command.replace("/srv/iecmh/.venv/bin/", f"{VENV_BIN}/")
    args = shlex.split(command)
    if port:
        assert "8000" in command, f"{unit} no longer listens on port 8000"
        args = [re.sub(r"(^|:)8000$", rf"\g<1>{port}", arg) for arg in args]
    return args


def shared_cache_url():
    """Redis as in production (database 9, this run's own prefix), if it runs here."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            pass
    except OSError:
        return "locmemcache://"
    return f"redis://127.0.0.1:6379/9?key_prefix=deploy-smoke-{secrets.token_hex(4)}"


def fresh_database(tmp):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'site.sqlite3'}"
    config = environ.Env.db_url_config(url)
    name = f"{config['NAME']}_deploy_smoke"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"


class Stack:
    def __init__(self, tmp):
        self.tmp = tmp
        self.processes = []
        self.smtp = SMTPServer().start()
        self.app_port, self.http_port, self.https_port, self.admin_port = free_ports(4)
        self.base = f"https://localhost:{self.https_port}"
        self.access_log = tmp / "caddy" / "access.log"
        self.media = tmp / "media"
        self.media.mkdir()
        self.base_env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "TASK_"))
        }
        self.overrides = dict(
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            BACKUP_PASSPHRASE=secrets.token_urlsafe(32),
            DJANGO_ALLOWED_HOSTS="localhost",
            DJANGO_CSRF_TRUSTED_ORIGINS=self.base,
            SITE_URL=self.base,
            DATABASE_URL=fresh_database(tmp),
            EMAIL_URL=self.smtp.url,
            CACHE_URL=shared_cache_url(),
            DJANGO_STATIC_ROOT=str(tmp / "static"),
            DJANGO_MEDIA_ROOT=str(self.media),
            # The units' /var/lib/iecmh (StateDirectory) is not here.
            PAGES_GENERATION_FILE=str(tmp / "pages-generation"),
            # A person takes longer than 3 s; this client does not.
            CONTACT_MIN_FILL_SECONDS="0",
        )
        self.env = {
            **self.base_env,
            **env_file(DEPLOY / "iecmh.env.example"),
            **self.overrides,
        }
        self.caddy_env = {
            **os.environ,
            **env_file(DEPLOY / "caddy.env.example"),
            "SITE_DOMAIN": "localhost",
            "CADDY_TLS": "internal",
            "CADDY_HTTP_PORT": str(self.http_port),
            "CADDY_HTTPS_PORT": str(self.https_port),
            "CADDY_ADMIN": f"localhost:{self.admin_port}",
            "APP_ADDRESS": f"127.0.0.1:{self.app_port}",
            "MEDIA_ROOT": str(self.media),
            "ACCESS_LOG": str(self.access_log),
            "XDG_DATA_HOME": str(tmp / "caddy"),
            "XDG_CONFIG_HOME": str(tmp / "caddy"),
        }

    def manage(self, *args):
        """deploy/manage: manage.py with the environment read from an env file."""
        env_path = self.tmp / "iecmh.env"
        example = env_file(DEPLOY / "iecmh.env.example")
        env_path.write_text(
            "".join(f'{key}="{self.env[key]}"\n' for key in example | self.overrides)
        )
        return subprocess.run(
            ["sh", str(DEPLOY / "manage"), *args],
            cwd=ROOT,
            env={**self.base_env, "IECMH_ENV": str(env_path)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def start(self, name, command, env):
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115
        self.processes.append(
            subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        )
        log.close()

    def log(self, name):
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def up(self):
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        self.start(
            "web",
            unit_command("iecmh-web.service", port=self.app_port),
            self.env,
        )
        self.start("worker", unit_command("iecmh-worker.service"), self.env)
        self.start(
            "caddy",
            [
                "caddy",
                "run",
                "--config",
                str(DEPLOY / "Caddyfile"),
                "--adapter",
                "caddyfile",
            ],
            self.caddy_env,
        )
        root_ca = (
            self.tmp / "caddy" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        )
        self.tls = wait_for(
            lambda: self._trusting(root_ca), timeout=30, message="Caddy's local CA"
        )
        wait_for(self._healthy, timeout=60, message="the site through Caddy")
        return self

    @staticmethod
    def _trusting(root_ca):
        try:
            return ssl.create_default_context(cafile=str(root_ca))
        except (OSError, ssl.SSLError):  # not written yet, or half written
            return None

    def _healthy(self):
        for process in self.processes:
            assert process.poll() is None, f"{process.args[:3]} exited"
        try:
            return self.client().get("/healthz").status == 200
        except (OSError, ssl.SSLError):
            return False

    def client(self, source=None):
        return Client(self, source)

    def down(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.smtp.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("deploy"))
    try:
        yield stack.up()
    finally:
        stack.down()
