"""Requests/s and p50/p99 latency of public pages under gunicorn + PostgreSQL.

Side by side in one run: our home page, nginx serving a saved copy of the same page
(the ceiling), and a django.contrib.flatpages page (the baseline we must beat 2x).
Usage: .venv/bin/python bench/http_throughput.py [--seconds 10] [--connections 16]
"""

import argparse
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import (  # noqa: E402
    ensure_tools,
    fetch,
    fresh_database,
    gunicorn,
    manage,
    nginx_serving,
    production_env,
    wrk,
)

HOME_BODY = importlib.import_module("pages.migrations.0002_home_page").HOME_BODY


def flatpages_baseline(seconds, connections):
    env = production_env(fresh_database("_flatpages"))
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
        return wrk(site + "/", connections, seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    ensure_tools("nginx", "wrk")

    env = production_env(fresh_database(""))
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    results = {}
    with gunicorn(env) as site:
        home_html = fetch(site + "/")
        results["home page (ours)"] = wrk(site + "/", args.connections, args.seconds)
        try:
            fetch(site + "/contact/")
            results["/contact/ GET"] = wrk(
                site + "/contact/", args.connections, args.seconds
            )
        except OSError:
            pass
        with nginx_serving(home_html) as static_url:
            results["nginx, saved copy"] = wrk(
                static_url, args.connections, args.seconds
            )
    results["flatpages baseline"] = flatpages_baseline(args.seconds, args.connections)

    print(
        f"wrk -t2 -c{args.connections} -d{args.seconds}s; gunicorn 2 sync workers; "
        "PostgreSQL; persistent connections"
    )
    print(f"{'':24}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}")
    for name, r in results.items():
        print(
            f"{name:24}{r['rps']:>10.0f}{r['p50_ms']:>10.2f}"
            f"{r['p99_ms']:>10.2f}{r['errors']:>9}"
        )
    ours = results["home page (ours)"]["rps"]
    print(f"home / flatpages: {ours / results['flatpages baseline']['rps']:.1f}x")
    print(f"home / nginx static copy: {ours / results['nginx, saved copy']['rps']:.3f}")


if __name__ == "__main__":
    main()
