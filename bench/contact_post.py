"""POST throughput of the contact form: gunicorn + PostgreSQL + database task backend.

    .venv/bin/python bench/contact_post.py [--requests N] [--concurrency N]

Creates (and afterwards drops) the database named by BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/iecmh_contact_bench), starts gunicorn on a
free port, sends GET+POST pairs like a browser, and prints the figures.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import free_port, open_contact_form, post_inquiry  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/iecmh_contact_bench"


def admin_connection(url):
    parts = urllib.parse.urlsplit(url)
    return psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True)


def one_inquiry(base):
    opener, fields = open_contact_form(base)
    started = time.perf_counter()
    post_inquiry(opener, base, fields)  # follows the redirect to the thank-you page
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": "bench-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "TASK_BACKEND": "database",
        "CONTACT_RATE_LIMIT": "0",
        "CONTACT_MIN_FILL_SECONDS": "0",
        "INQUIRY_NOTIFY_TO": "intake@practice.example",
    }
    env.pop("DJANGO_DEBUG", None)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**env, "DJANGO_STATIC_ROOT": "/tmp/iecmh-bench-static"},
        check=True,
    )
    gunicorn = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "iecmh_site.wsgi", "--workers",
         str(args.workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env={**env, "DJANGO_STATIC_ROOT": "/tmp/iecmh-bench-static"},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz").read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        for _ in range(20):
            one_inquiry(base)  # warm up
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            latencies = list(
                pool.map(lambda _: one_inquiry(base), range(args.requests))
            )
        elapsed = time.perf_counter() - started
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    with psycopg.connect(url) as conn:
        inquiries = conn.execute("SELECT count(*) FROM contact_inquiry").fetchone()[0]
        table = conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_name LIKE '%dbtaskresult'"
        ).fetchone()[0]
        queued = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    with admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    latencies.sort()
    print(f"gunicorn workers: {args.workers}, client threads: {args.concurrency}")
    print(f"inquiries posted: {args.requests} in {elapsed:.2f}s (each GET form + POST)")
    print(f"POST+redirect throughput: {args.requests / elapsed:.1f} inquiries/s")
    print(
        "POST+redirect latency: median "
        f"{statistics.median(latencies) * 1000:.1f} ms, p95 "
        f"{latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms"
    )
    print(f"rows stored: {inquiries} inquiries, {queued} notification tasks queued")


if __name__ == "__main__":
    main()
