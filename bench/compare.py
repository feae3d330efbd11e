"""Our code against a baseline revision (e.g. main) and nginx, side by side in one run.

Requests/s of the cached home page and of /contact/ GET and POST, for each
(code, server, cache) site: gunicorn or granian, 2 workers unless the server's
name gives another number, the local-memory cache or Redis; nginx serving a
saved copy of the home page is the ceiling. Rounds are interleaved so machine
load hits every target alike; figures are medians of the rounds, ratios medians
of per-round ratios to nginx. With POSTs, the worker's step that makes the
stored inquiries' emails is run once afterwards, timed.

Usage: BENCH_DB_PREFIX=iecmh_mine BENCH_PORTS=8160-8179 .venv/bin/python \\
           bench/compare.py [--baseline main] [--rounds 3] [--seconds 5] \\
           [--paths home,contact,post] [--sites all]
"""

import argparse
import contextlib
import functools
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.http_throughput import post_script  # noqa: E402
from bench.servers import (  # noqa: E402
    CONTENT_PAGE,
    DB_PREFIX,
    OPEN_FORM,
    ensure_tools,
    fetch,
    fresh_database,
    granian,
    gunicorn,
    manage,
    measure,
    migrated_env,
    nginx_serving,
    redis_server,
    uptime,
)

SERVERS = {
    "gunicorn": gunicorn,
    "granian": granian,
    "granian 2 threads": functools.partial(granian, threads=2),
    "granian 8 threads": functools.partial(granian, threads=8),
    "granian 3 workers": functools.partial(granian, workers=3),
    "granian 4 workers": functools.partial(granian, workers=4),
}
# (code, server, cache)
SITES = [
    ("baseline", "gunicorn", "local memory"),
    ("baseline", "gunicorn", "Redis"),
    ("ours", "gunicorn", "local memory"),
    ("ours", "gunicorn", "Redis"),
    ("ours", "granian", "local memory"),
    ("ours", "granian", "Redis"),
    ("ours", "granian 2 threads", "Redis"),  # the README's production set-up
    ("ours", "granian 8 threads", "Redis"),
    ("ours", "granian 3 workers", "Redis"),
    ("ours", "granian 4 workers", "Redis"),
    ("baseline", "granian 2 threads", "Redis"),  # the README's, on the baseline
]
PATHS = {"home": "/", "contact": "/contact/", "post": "/contact/"}


def checkout(ref, directory):
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True
    ).stdout
    directory.mkdir()
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)
    return directory


def prepared_env(code, root, database_url):
    return migrated_env(
        database_url,
        CONTENT_PAGE,
        root=root,
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_STATIC_ROOT=str(Path(tempfile.gettempdir(), f"{DB_PREFIX}-{code}")),
        TASK_BACKEND="database",  # POSTs queue their email; no worker sends it
        INQUIRY_NOTIFY_TO="intake@practice.example",
        PAGES_GENERATION_FILE=str(
            Path(tempfile.gettempdir(), f"{DB_PREFIX}-{code}.generation")
        ),
        **OPEN_FORM,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--paths", default="home,contact,post")
    parser.add_argument(
        "--sites", default="all", help="comma list of site numbers (1-11) or all"
    )
    args = parser.parse_args()
    ensure_tools("nginx", "wrk", "redis-server")
    paths = args.paths.split(",")
    sites = (
        SITES
        if args.sites == "all"
        else [SITES[int(n) - 1] for n in args.sites.split(",")]
    )

    print("start:", uptime())
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        base_root = checkout(args.baseline, Path(tmp, "baseline"))
        roots = {"baseline": base_root, "ours": ROOT}
        envs = {
            code: prepared_env(code, root, fresh_database(f"{DB_PREFIX}_{code}"))
            for code, root in roots.items()
            if any(site[0] == code for site in sites)
        }
        redis = stack.enter_context(redis_server())
        urls = {}
        for number, (code, server, cache) in enumerate(sites):
            env = dict(envs[code])
            if cache == "Redis":
                env["CACHE_URL"] = f"{redis}/{number}"
            urls[(code, server, cache)] = (
                stack.enter_context(SERVERS[server](env, root=roots[code])),
                env,
            )
        first = next(iter(urls.values()))[0]
        nginx = stack.enter_context(nginx_serving(fetch(first + "/")))

        targets = {"nginx, saved copy of /": (nginx, None)}
        for (code, server, cache), (url, env) in urls.items():
            name = args.baseline if code == "baseline" else "ours"
            label = f"{name}, {server}, {cache}"
            for path in paths:
                script = None
                if path == "post":
                    root = roots[code]

                    def script(url=url, env=env, root=root):
                        return post_script(url, env, tmp, root=root)

                targets[f"{path:8} {label}"] = (url + PATHS[path], script)
        results = measure(targets, args.rounds, args.connections, args.seconds)
    print("end:  ", uptime())

    def revision(ref):
        return subprocess.getoutput(f"git -C {ROOT} rev-parse --short {ref}")

    print(
        f"wrk -t2 -c{args.connections} -d{args.seconds}s x {args.rounds} interleaved "
        f"rounds (medians); 2 workers each; PostgreSQL; plain HTTP on 127.0.0.1; "
        f"baseline = {args.baseline} ({revision(args.baseline)}), "
        f"ours = {revision('HEAD')} (uncommitted changes included)"
    )
    nginx_runs = results["nginx, saved copy of /"]
    print(f"{'':44}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'/ nginx':>9}")
    for name, runs in results.items():
        ratio = statistics.median(
            r["rps"] / n["rps"] for r, n in zip(runs, nginx_runs, strict=True)
        )
        print(
            f"{name:44}"
            f"{statistics.median(r['rps'] for r in runs):>9.0f}"
            f"{statistics.median(r['p50_ms'] for r in runs):>9.2f}"
            f"{statistics.median(r['p99_ms'] for r in runs):>9.2f}"
            f"{sum(r['errors'] for r in runs):>9}"
            f"{ratio:>9.4f}"
        )
    if "post" in paths:
        for code, env in envs.items():
            print(f"{code}: {queued(env, roots[code])}")


def queued(env, root):
    """What the posts stored and queued; where they left the emails to the
    worker (inquiries marked emails_due), the worker's step run once to make
    them, timed."""
    count = "SELECT count(*) FROM {}"
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        stored = conn.execute(
            "SELECT status, count(*) FROM contact_inquiry GROUP BY status"
        ).fetchall()
        tasks = conn.execute(count.format("django_tasks_database_dbtaskresult"))
        text = f"inquiries by status {dict(stored)}; tasks {tasks.fetchone()[0]}"
        try:
            due = conn.execute(
                "SELECT count(*) FROM contact_inquiry WHERE emails_due"
            ).fetchone()[0]
        except psycopg.errors.UndefinedColumn:  # code from before emails_due
            due = 0
        if due:
            started = time.monotonic()
            script = "from contact.tasks import queue_new_emails as q; q.call()"
            manage(env, "shell", "-c", script, root=root)
            took = time.monotonic() - started
            text += f"; {due} with emails due, made by one worker run in {took:.1f} s"
        emails = conn.execute(count.format("contact_notification")).fetchone()[0]
    return text + f"; emails queued {emails}"


if __name__ == "__main__":
    main()
