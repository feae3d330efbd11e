"""Profile one page through the whole WSGI stack (all middleware), as gunicorn calls it.

Production settings on PostgreSQL, persistent connection, warm cache; prints the
mean time and this process's CPU time per request, the function calls per
request (repeatable, unlike the times) and cProfile's busiest functions. With
--post, each request sends a valid contact form (its own form token; the
database task backend, no rate limit), as bench/http_throughput.py does, and
the CPU time of each part of the post is printed too.
Usage: BENCH_DB_PREFIX=iecmh_mine .venv/bin/python bench/profile_request.py \
           [/path/] [--post]
"""

import argparse
import collections
import cProfile
import functools
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


# The parts of a valid post, each timed in this process's CPU (nested: the
# form's save holds the inquiry's INSERT and the wake, which queues the task
# that makes its emails at most once a second).
POST_PARTS = [
    ("contact.forms", "InquiryForm", "__init__", "the form, made"),
    ("django.forms.forms", "BaseForm", "full_clean", "the form, checked"),
    ("contact.forms", "InquiryForm", "save", "the form, saved (all below)"),
    ("contact.models", "Inquiry", "save", "  the inquiry's INSERT"),
    ("contact.tasks", None, "wake", "  the wake (a task row a second)"),
]


def timed_parts(parts):
    """Wrap each part to add up its CPU time; returns the running totals."""
    import importlib

    totals = collections.Counter()
    for module, owner, name, label in parts:
        target = importlib.import_module(module)
        if owner:
            target = getattr(target, owner)
        function = getattr(target, name)

        @functools.wraps(function)
        def timed(*args, _function=function, _label=label, **kwargs):
            started = time.process_time()
            try:
                return _function(*args, **kwargs)
            finally:
                totals[_label] += time.process_time() - started

        setattr(target, name, timed)
    return totals


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
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        request()
    per_request = (time.perf_counter() - started) / args.requests
    cpu = (time.process_time() - cpu_started) / args.requests
    print(f"{args.path}: {per_request * 1e6:.0f} µs per request (no profiler)")
    # This process's CPU alone: the database server's share is not in it.
    print(f"{args.path}: {cpu * 1e6:.0f} µs of this process's CPU per request")
    if args.post:
        parts = timed_parts(POST_PARTS)
        cpu_started = time.process_time()
        for _ in range(args.requests):
            request()
        cpu = time.process_time() - cpu_started
        print(f"  {'the whole request':32} {cpu / args.requests * 1e6:6.0f} µs CPU")
        for _module, _owner, _name, label in POST_PARTS:
            print(f"  {label:32} {parts[label] / args.requests * 1e6:6.0f} µs CPU")

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
