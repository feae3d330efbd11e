"""Requests/s and p50/p99 latency under gunicorn + PostgreSQL, in one run:

our home page, a content page, /contact/ GET and POST; nginx serving a saved copy
of the same home page (the ceiling); a django.contrib.flatpages page with the same
body (the baseline we must beat 2x). All servers are up together and measured in
interleaved rounds, so machine load shared with other work hits them alike; the
figures are medians of the rounds, and the ratios medians of per-round ratios.

Usage: BENCH_DB_PREFIX=iecmh_mine .venv/bin/python bench/http_throughput.py \
           [--rounds 3] [--seconds 5] [--connections 16]
"""

import argparse
import contextlib
import importlib
import json
import re
import secrets
import statistics
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import (  # noqa: E402
    CONTENT_PAGE,
    DB_PREFIX,
    INQUIRY_ANSWERS,
    OPEN_FORM,
    ensure_tools,
    fetch,
    fresh_database,
    gunicorn,
    manage,
    measure,
    migrated_env,
    nginx_serving,
    production_env,
    uptime,
)

HOME_BODY = importlib.import_module("pages.migrations.0002_home_page").HOME_BODY


@contextlib.contextmanager
def flatpages_site():
    env = production_env(fresh_database(DB_PREFIX + "_flatpages"))
    settings = "bench.flatpages_site.settings"
    manage(env, "migrate", "--noinput", settings=settings)
    create = (
        "from django.contrib.flatpages.models import FlatPage; "
        "from django.contrib.sites.models import Site; "
        f"p = FlatPage.objects.create(url='/', title='Home', content={HOME_BODY!r}); "
        "p.sites.add(Site.objects.get_current())"
    )
    manage(env, "shell", "-c", create, settings=settings)
    with gunicorn(env, app="bench.flatpages_site.wsgi") as site:
        yield site


def post_script(site, env, directory, tokens_per_thread=6000, threads=2, root=None):
    """A wrk Lua script that POSTs valid inquiries with a real CSRF pair and a
    fresh form token each time (a token posted twice stores one inquiry)."""
    with urllib.request.urlopen(site + "/contact/") as response:
        cookie = next(
            c.split(";")[0]
            for c in response.headers.get_all("Set-Cookie")
            if c.startswith("csrftoken=")
        )
        html = response.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', html).group(1)
    secret = cookie.split("=", 1)[1]
    make_tokens = (
        "import json; from contact.spam import start_token; "
        f"print(json.dumps([start_token({secret!r}) "
        f"for _ in range({tokens_per_thread * threads})]))"
    )
    where = {"root": root} if root else {}
    printed = manage(env, "shell", "-c", make_tokens, capture=True, **where)
    tokens = json.loads(printed.strip().splitlines()[-1])
    prefix = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **INQUIRY_ANSWERS})
    lua_tokens = ",".join(json.dumps(urllib.parse.quote(t)) for t in tokens)
    script = Path(directory, f"post-{secrets.token_hex(4)}.lua")
    script.write_text(
        f"local tokens = {{{lua_tokens}}}\n"
        f"local per_thread = {tokens_per_thread}\n"
        "local threads_made = 0\n"
        "function setup(thread)\n"
        "  thread:set('offset', threads_made * per_thread)\n"
        "  threads_made = threads_made + 1\n"
        "end\n"
        "local sent = 0\n"
        "function request()\n"
        "  local i = offset + (sent % per_thread) + 1\n"
        "  sent = sent + 1\n"
        f"  return wrk.format('POST', nil, {{\n"
        "    ['Content-Type'] = 'application/x-www-form-urlencoded',\n"
        f"    ['Cookie'] = {json.dumps(cookie)},\n"
        f"    ['Referer'] = {json.dumps(site + '/contact/')},\n"
        f"  }}, {json.dumps(prefix)} .. '&started=' .. tokens[i])\n"
        "end\n"
    )
    return script


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    ensure_tools("nginx", "wrk")

    database_url = fresh_database(DB_PREFIX)
    env = migrated_env(
        database_url,
        CONTENT_PAGE,
        DJANGO_LOG_LEVEL="WARNING",
        TASK_BACKEND="database",  # POSTs queue their email; no worker sends it
        INQUIRY_NOTIFY_TO="intake@practice.example",
        **OPEN_FORM,
    )
    print(uptime())
    with (
        gunicorn(env) as site,
        flatpages_site() as flatpages,
        nginx_serving(fetch(site + "/")) as static_copy,
        tempfile.TemporaryDirectory() as tmp,
    ):
        targets = {
            "home page (ours)": (site + "/", None),
            "content page /about/": (site + "/about/", None),
            "/contact/ GET": (site + "/contact/", None),
            # Fresh tokens each round: a token posted again stores nothing.
            "/contact/ POST": (site + "/contact/", lambda: post_script(site, env, tmp)),
            "flatpages baseline": (flatpages + "/", None),
            "nginx, saved copy": (static_copy, None),
        }
        results = measure(targets, args.rounds, args.connections, args.seconds)
    print(uptime())
    with psycopg.connect(database_url) as conn:
        stored = conn.execute(
            "SELECT status, count(*) FROM contact_inquiry GROUP BY status"
        ).fetchall()

    print(
        f"wrk -t2 -c{args.connections} -d{args.seconds}s x {args.rounds} "
        "interleaved rounds (medians); gunicorn 2 sync workers; PostgreSQL; "
        "persistent connections"
    )
    print(f"{'':24}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx/3xx':>13}")
    for name, runs in results.items():
        print(
            f"{name:24}"
            f"{statistics.median(r['rps'] for r in runs):>10.0f}"
            f"{statistics.median(r['p50_ms'] for r in runs):>10.2f}"
            f"{statistics.median(r['p99_ms'] for r in runs):>10.2f}"
            f"{sum(r['errors'] for r in runs):>13}"
        )
    posted = sum(r["requests"] for r in results["/contact/ POST"])
    print(f"POSTs answered: {posted}; inquiries stored, by status: {dict(stored)}")

    def ratio(a, b):
        return statistics.median(
            x["rps"] / y["rps"] for x, y in zip(results[a], results[b], strict=True)
        )

    home = "home page (ours)"
    print(f"home / flatpages: {ratio(home, 'flatpages baseline'):.1f}x")
    print(f"home / nginx saved copy: {ratio(home, 'nginx, saved copy'):.3f}")


if __name__ == "__main__":
    main()
