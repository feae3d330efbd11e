"""200 contact-form submissions at once, through to delivered email.

    .venv/bin/python bench/contact_load.py [--submissions 200] [--deadline 180]

Creates (and afterwards drops) the PostgreSQL database $BENCH_DB_PREFIX_load
(default iecmh_bench_load), starts gunicorn with production settings and the database
task backend, a db_worker and an SMTP server (aiosmtpd), all on 127.0.0.1. Each
client GETs the form, all POST together, then it waits for every email. Exits
non-zero if a check fails.
"""

import argparse
import collections
import email
import email.policy
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import (  # noqa: E402
    DB_PREFIX,
    OPEN_FORM,
    PG_ADMIN_URL,
    db_worker,
    fresh_database,
    gunicorn,
    migrated_env,
    open_contact_form,
    post_inquiry,
    smtp_server,
)

PRACTICE = "intake@practice.example"


class Mailbox:
    def __init__(self):
        self.received = []  # (recipients, subject)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        with self.lock:
            self.received.append((tuple(envelope.rcpt_tos), message["Subject"]))
        return "250 OK"

    def count(self):
        with self.lock:
            return len(self.received)


def submit(base, barrier, index):
    opener, fields = open_contact_form(base)
    barrier.wait(timeout=120)  # every form is open: now all POST at once
    url, html = post_inquiry(opener, base, fields, email=f"family-{index}@example.net")
    return url.endswith("/contact/thanks/") and "Your reference is" in html


def count(url, sql):
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


def run(base, url, mailbox, args):
    n = args.submissions
    barrier = threading.Barrier(n + 1)
    with ThreadPoolExecutor(n) as pool:
        futures = [pool.submit(submit, base, barrier, i) for i in range(n)]
        barrier.wait(timeout=120)
        started = time.monotonic()
        thanked = sum(f.result() for f in futures)
    stored_in = time.monotonic() - started
    inquiries = count(url, "SELECT count(*) FROM contact_inquiry")

    expected = 2 * inquiries  # the practice's email and the family's confirmation
    deadline = time.monotonic() + args.deadline
    sent_sql = "SELECT count(*) FROM contact_notification WHERE sent_at IS NOT NULL"
    while time.monotonic() < deadline:
        if count(url, sent_sql) >= expected and mailbox.count() >= expected:
            break
        time.sleep(0.2)
    delivered_in = time.monotonic() - started
    sent, received = count(url, sent_sql), mailbox.count()

    by_email = collections.Counter(mailbox.received)
    duplicates = sum(c - 1 for c in by_email.values())
    to_practice = sum(1 for rcpts, _ in by_email if rcpts == (PRACTICE,))
    to_families = len(by_email) - to_practice

    opener, fields = open_contact_form(base)
    post_inquiry(opener, base, fields)
    post_inquiry(opener, base, fields)  # the same token again
    after_double = count(url, "SELECT count(*) FROM contact_inquiry")

    print(f"submissions: {n} at once (each GET form, then all POST together)")
    print(f"thank-you pages: {thanked}")
    print(f"inquiries stored: {inquiries} in {stored_in:.2f}s")
    print(f"notifications marked sent: {sent} of {expected}")
    print(
        f"emails received by SMTP: {received} ({to_practice} to the practice, "
        f"{to_families} confirmations, {duplicates} duplicates) "
        f"in {delivered_in:.2f}s from the first POST"
    )
    print(f"same token posted twice: {after_double - inquiries} inquiry stored")
    checks = {
        "every POST got its thank-you page": thanked == n,
        f"exactly {n} inquiries stored": inquiries == n,
        f"{n} practice notifications received": to_practice == n,
        f"{n} confirmations received": to_families == n,
        "every notification marked sent": sent == expected,
        "no duplicate email": duplicates == 0,
        "one inquiry for a token posted twice": after_double == inquiries + 1,
    }
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    return all(checks.values())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--deadline", type=float, default=180)
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    args = parser.parse_args()

    name = f"{DB_PREFIX}_load"
    url = fresh_database(name)
    mailbox = Mailbox()
    try:
        with smtp_server(mailbox) as email_url:
            env = migrated_env(
                url,
                DJANGO_SECURE_COOKIES="0",
                DJANGO_LOG_LEVEL="WARNING",
                TASK_BACKEND="database",
                EMAIL_URL=email_url,
                INQUIRY_NOTIFY_TO=PRACTICE,
                SITE_URL="https://practice.example",
                **OPEN_FORM,
            )
            with (
                db_worker(env),
                gunicorn(env, workers=args.gunicorn_workers) as base,
            ):
                ok = run(base, url, mailbox, args)
    finally:
        with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
