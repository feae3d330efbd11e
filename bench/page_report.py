"""Page weight and queries per page, with production settings on PostgreSQL.

Weight: the page's HTML (gzip -6, as a proxy compresses it) and every CSS, JS,
image and font file it links, as WhiteNoise serves them to a browser that accepts
gzip, with their Cache-Control. Queries: counted per request through the whole
middleware stack (django.test.utils.CaptureQueriesContext).
Usage: BENCH_DB_PREFIX=iecmh_mine .venv/bin/python bench/page_report.py
"""

import gzip
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.servers import CONTENT_PAGE, DB_PREFIX, fresh_database, migrated_env  # noqa: E402

BUDGET = 50 * 1024
LINKED = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="(/static/[^"]+)"')
INQUIRY = {
    "writer": "parent",
    "name": "Report Parent",
    "email": "report@example.net",
    "preferred_contact": "email",
    "child_age": "1-2y",
    "consent": "on",
}


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def weight(client, path):
    html = body(client.get(path))
    rows = [(path, len(gzip.compress(html, 6)), "(HTML, gzip -6)")]
    for url in dict.fromkeys(LINKED.findall(html.decode())):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, url
        encoded = response.get("Content-Encoding", "identity")
        rows.append(
            (url, len(body(response)), f"{encoded}; {response['Cache-Control']}")
        )
    return rows


def main():
    env = migrated_env(
        fresh_database(DB_PREFIX + "_report"),
        CONTENT_PAGE,
        DJANGO_LOG_LEVEL="WARNING",
        TASK_BACKEND="database",  # the POST queues its emails, as in production
        INQUIRY_NOTIFY_TO="intake@practice.example",
    )
    os.environ.update(env, DJANGO_SETTINGS_MODULE="iecmh_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.CONTACT_RATE_LIMIT = "0"
    settings.CONTACT_HARD_LIMIT = "0"
    client = Client(HTTP_HOST="127.0.0.1")

    for path in ("/", "/contact/", "/about/"):
        rows = weight(client, path)
        total = sum(size for _, size, _ in rows)
        print(f"Page weight of {path}: {total / 1024:.1f} KB (budget 50 KB)")
        for url, size, note in rows:
            print(f"  {size / 1024:6.1f} KB  {url}  {note}")

    def queries(label, request):
        with CaptureQueriesContext(connection) as captured:
            response = request()
        print(f"  {len(captured):3}  {label} ({response.status_code})")
        if os.environ.get("BENCH_SHOW_SQL"):
            for query in captured:
                print(f"         {query['sql'][:110]}")
        return response

    print("Queries per request (whole middleware stack)")
    from django.core.cache import cache

    cache.clear()
    visitor = Client(HTTP_HOST="127.0.0.1")
    queries("home, cold cache", lambda: visitor.get("/"))
    queries("home, cached", lambda: visitor.get("/"))
    queries("content page /about/, cold cache", lambda: visitor.get("/about/"))
    queries("content page /about/, cached", lambda: visitor.get("/about/"))
    queries("404 page", lambda: visitor.get("/no-such-page/"))
    form = queries("/contact/ GET", lambda: visitor.get("/contact/")).content
    started = re.search(rb'name="started" value="([^"]*)"', form).group(1).decode()
    queries(
        "/contact/ POST with errors",
        lambda: visitor.post("/contact/", {"started": started}),
    )
    queries(
        "/contact/ POST, valid",
        lambda: visitor.post("/contact/", {**INQUIRY, "started": started}),
    )
    queries("/contact/thanks/", lambda: visitor.get("/contact/thanks/"))


if __name__ == "__main__":
    main()
