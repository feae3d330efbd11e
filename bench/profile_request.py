"""Profile one page through the whole WSGI stack (all middleware), as gunicorn calls it.

Production settings on PostgreSQL, persistent connection, warm cache; prints the
mean time per request and cProfile's busiest functions.
Usage: BENCH_DB_PREFIX=iecmh_mine .venv/bin/python bench/profile_request.py [/path/]
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import DB_PREFIX, fresh_database, manage, production_env  # noqa: E402


def environ(path):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
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
    args = parser.parse_args()

    env = production_env(fresh_database(DB_PREFIX + "_profile"))
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    os.environ.clear()
    os.environ.update(env, DJANGO_SETTINGS_MODULE="iecmh_site.settings")
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()

    def request():
        status = []
        body = b"".join(app(environ(args.path), lambda s, h: status.append(s)))
        assert status[0].startswith("200"), status
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
    stats.print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
