"""Start and measure real servers for the benchmarks: gunicorn, nginx, wrk."""

import contextlib
import http.cookiejar
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
# fresh_database() drops what it is given: the scripts name their databases with
# this prefix, which each developer on a shared machine sets to their own.
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "iecmh_bench")


def ensure_tools(*commands):
    missing = [c for c in commands if not shutil.which(c)]
    if missing:
        packages = {"nginx": "nginx-light", "wrk": "wrk"}
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-q"]
            + [packages.get(c, c) for c in missing],
            check=True,
        )


# On a shared machine, BENCH_PORTS=8160-8179 keeps every server in one's own range.
_PORTS = os.environ.get("BENCH_PORTS", "")


def free_port(candidates=None):
    """A port free on 127.0.0.1: any, or the first free one of `candidates`."""
    if candidates is None:
        candidates = [0]
        if _PORTS:
            first, last = map(int, _PORTS.split("-"))
            candidates = range(first, last + 1)
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in {candidates} (BENCH_PORTS={_PORTS})")


def fresh_database(name):
    """Drop and recreate the database `name`; return its URL."""
    with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_ADMIN_URL}/{name}"


def production_env(database_url, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "TASK_"))
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(Path(tempfile.gettempdir()) / f"{DB_PREFIX}-static"),
        DATABASE_URL=database_url,
    )
    env.update(extra)
    return env


# The migrations leave "about" as a placeholder draft; publish it as it is.
CONTENT_PAGE = "from pages.models import Page; Page.objects.get(slug='about').publish()"
# The contact form without its limits, for scripts that post it many times.
OPEN_FORM = dict(
    CONTACT_RATE_LIMIT="0", CONTACT_HARD_LIMIT="0", CONTACT_MIN_FILL_SECONDS="0"
)
# Fictional (555-01xx numbers are reserved for fiction), so the header's
# tap-to-call link and the footer's address are shown too.
FICTIONAL_PRACTICE = dict(
    PRACTICE_PHONE="(212) 555-0100",
    PRACTICE_EMAIL="hello@practice.example",
    PRACTICE_ADDRESS="12 Willow Lane\\nSpringfield",
)


def migrated_env(database_url, *scripts, root=ROOT, **extra):
    """production_env for a migrated site with its static files collected, after
    running each of `scripts` in `manage.py shell`."""
    env = production_env(database_url, **extra)
    manage(env, "migrate", "--noinput", root=root)
    manage(env, "collectstatic", "--noinput", root=root)
    for script in scripts:
        manage(env, "shell", "-c", script, root=root)
    return env


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def manage(env, *args, settings="iecmh_site.settings", capture=False, root=ROOT):
    """Run a management command; with capture, return what it printed."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args, "--settings", settings],
        cwd=root,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {timeout}s") from None
            time.sleep(0.2)


@contextlib.contextmanager
def gunicorn(env, app="iecmh_site.wsgi", workers=2, root=ROOT):
    port = free_port()
    command = [str(VENV_BIN / "gunicorn"), app, "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    with _serving(command, env, port, app, root) as url:
        yield url


@contextlib.contextmanager
def granian(env, app="iecmh_site.wsgi", workers=2, root=ROOT, threads=1):
    """granian (a Rust HTTP server) calling Django through WSGI."""
    port = free_port()
    command = [str(VENV_BIN / "granian"), "--interface", "wsgi"]
    command += ["--workers", str(workers), "--blocking-threads", str(threads)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    command += [app.replace(".wsgi", ".wsgi:application")]
    with _serving(command, env, port, app, root) as url:
        yield url


@contextlib.contextmanager
def _serving(command, env, port, app, root):
    path = "/healthz" if app == "iecmh_site.wsgi" else "/"
    with running(command, f"http://127.0.0.1:{port}{path}", cwd=root, env=env):
        yield f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def running(command, url, timeout=10, **popen):
    """`command` started, once `url` answers; stopped afterwards."""
    proc = subprocess.Popen(command, **popen)
    try:
        wait_until_up(url)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=timeout)


@contextlib.contextmanager
def redis_server(port=None):
    """A throwaway redis-server (no persistence), on `port` or a free one;
    yields its URL without a db number."""
    ensure_tools("redis-server")
    port = port or free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextlib.contextmanager
def nginx_serving(html, name="index.html"):
    """nginx serving one saved HTML file, as the static ceiling."""
    port = free_port()
    with tempfile.TemporaryDirectory() as root:
        os.chmod(root, 0o755)  # nginx's workers run as an unprivileged user
        Path(root, name).write_text(html)
        conf = Path(root, "nginx.conf")
        conf.write_text(f"""
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{ try_files /{name} =404; default_type text/html; }}
  }}
}}
""")
        url = f"http://127.0.0.1:{port}/"
        with running(["nginx", "-c", str(conf), "-p", root], url):
            yield url


def wrk(url, connections=16, seconds=10, threads=2, script=None):
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout

    def latency(pct):
        value, unit = re.search(
            rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M
        ).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


@contextlib.contextmanager
def db_worker(env):
    """django-tasks-db's worker, as production runs it."""
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def smtp_server(handler):
    """aiosmtpd on a free 127.0.0.1 port, yielding EMAIL_URL for the site."""
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


def open_contact_form(base):
    """A browser's GET of /contact/: its cookie jar and the form's hidden fields."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/contact/", timeout=60).read().decode()
    fields = dict(
        re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]*)"', html)
    )
    return opener, fields


# A valid inquiry's answers, as the form posts them.
INQUIRY_ANSWERS = {
    "writer": "parent",
    "name": "Bench Parent",
    "email": "bench@example.net",
    "preferred_contact": "email",
    "child_age": "1-2y",
    "concerns": "sleep",
    "message": "Benchmark message.",
    "consent": "on",
}


def admin_sign_in(page, username, password, path="/admin/login/"):
    """Sign in through the admin's form, in a Playwright page, and wait for
    the answer: a click does not wait for the page it posts to, so a caller
    reading the page at once could read the sign-in form still."""
    page.goto(path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def post_inquiry(opener, base, fields, **answers):
    """POST the form like a browser; return the thank-you page (redirect followed)."""
    data = {**fields, **INQUIRY_ANSWERS, **answers}
    request = urllib.request.Request(
        f"{base}/contact/",
        data=urllib.parse.urlencode(data).encode(),
        headers={"Referer": f"{base}/contact/"},
    )
    with opener.open(request, timeout=60) as response:
        return response.geturl(), response.read().decode()


def measure(targets, rounds, connections, seconds):
    """wrk over each of `targets` (name: (url, script maker or None)), warmed
    first, `rounds` times in turn; each name's results in a list."""
    for url, _ in targets.values():
        fetch(url)  # warm: connections, templates, caches
    results = {}
    for _ in range(rounds):
        for name, (url, script) in targets.items():
            results.setdefault(name, []).append(
                wrk(url, connections, seconds, script=script and script())
            )
    return results


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()
