"""Profile one page through the whole WSGI stack (all middleware), as gunicorn calls it.

Production settings on PostgreSQL, persistent connection, warm cache; prints the
mean time per request, the function calls per request (repeatable, unlike the time)
and cProfile's busiest functions. With --post, each request
sends a valid contact form (its own form token; the database task backend, no rate
limit), as bench/http_throughput.py does.
Usage: BENCH_DB_PREFIX=iecmh_mine .venv/bin/python bench/profile_request.py \
           [/path/] [--post]
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import (  # noqa: E402
    DB_PREFIX,
    INQUIRY_ANSWERS,
    fresh_database,
    manage,
    production_env,
)

CSRF_SECRET = "b" * 32  # the cookie's secret; Django also accepts it unmasked


def environ(path, body=b""):
    return {
        "REQUEST_METHOD": "POST" if body else "GET",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": f"csrftoken={CSRF_SECRET}" if body else "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="/")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--post", action="store_true")
    args = parser.parse_args()

    env = production_env(
        fresh_database(DB_PREFIX + "_profile"),
        TASK_BACKEND="database",
        CONTACT_RATE_LIMIT="0",
        CONTACT_HARD_LIMIT="0",
        CONTACT_MIN_FILL_SECONDS="0",
        INQUIRY_NOTIFY_TO="intake@practice.example",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    os.environ.clear()
    os.environ.update(env, DJANGO_SETTINGS_MODULE="iecmh_site.settings")
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    from contact.spam import start_token

    def form():
        if not args.post:
            return b""
        data = {"csrfmiddlewaretoken": CSRF_SECRET, **INQUIRY_ANSWERS}
        data["started"] = start_token(CSRF_SECRET)
        return urllib.parse.urlencode(data).encode()

    def request():
        status = []
        sent = environ(args.path, form())
        body = b"".join(app(sent, lambda s, h: status.append(s)))
        assert status[0].startswith("302" if args.post else "200"), status
        return body

    for _ in range(50):
        request()  # warm: connection, templates, page cache
    started = time.perf_counter()
    for _ in range(args.requests):
        request()
    per_request = (time.perf_counter() - started) / args.requests
    print(f"{args.path}: {per_request * 1e6:.0f} µs per request (no profiler)")

    profiler = cProfile.Profile()
    profiler.runcall(lambda: [request() for _ in range(args.requests)])
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    # Repeatable whatever else the machine runs (unlike the time).
    calls = stats.total_calls / args.requests
    print(f"{args.path}: {calls:,.0f} function calls per request")
    stats.print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
