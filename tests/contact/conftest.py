import asyncio
import email
import email.policy
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from bench.servers import free_port

ROOT = Path(__file__).resolve().parents[2]

FAMILY_TEXT = {
    "name": "Rosalind Quimby-Test",
    "email": "rosalind.family@example.net",
    "phone": "(212) 555-0147",
    "best_times": "Tuesdays after naptime",
    "language": "Tagalog",
    "message": "Our toddler Wrenfield has night terrors since the move.",
    "heard_about": "Dr Okonkwo-Pediatrics",
}


def form_token(seconds_ago=60):
    """A token as the form issues it, rendered `seconds_ago`."""
    from contact import spam

    rendered = time.time() - seconds_ago
    with mock.patch.object(spam.time, "time", return_value=rendered):
        return spam.start_token()


def form_data(**overrides):
    data = {
        "writer": "parent",
        "preferred_contact": "email",
        "voicemail_ok": "on",
        "child_age": "1-2y",
        "concerns": ["sleep", "feelings"],
        "consent": "on",
        "website": "",
        "started": form_token(),
        **FAMILY_TEXT,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def wait_for(condition, timeout=30, interval=0.05, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {message}")


def migrate(targets):
    """Migrate the test database to `targets`; the models as they were then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """Every app's last migration: migrate(latest()) puts the database back."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def inquiry_settings(db):
    from contact.models import InquirySettings

    inquiry_settings = InquirySettings(
        recipients="intake@practice.example\nclinician@practice.example"
    )
    inquiry_settings.save()
    return inquiry_settings


@pytest.fixture
def site_settings(site_settings, inquiry_settings):
    # Contact's tests also need the recipients the notification goes to.
    return site_settings


class Mailbox:
    """aiosmtpd handler: keeps messages; can stall mid-DATA like a hung server,
    refuse at RCPT or DATA, or stall its answer to QUIT after accepting."""

    def __init__(self):
        self.messages = []
        self.stalling = False
        self.stalled = threading.Event()
        self.refusing = None  # "RCPT" or "DATA"
        self.stalling_quit = False
        self.quit_stalled = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing == "RCPT":
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        if self.stalling_quit:
            self.quit_stalled.set()
            while self.stalling_quit:
                await asyncio.sleep(0.05)
        return "221 Bye"

    async def handle_DATA(self, server, session, envelope):
        if self.stalling:
            self.stalled.set()
            while self.stalling:
                await asyncio.sleep(0.05)
            return "451 Try again later"
        if self.refusing == "DATA":
            return "554 5.7.1 Message refused"
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def bodies(self):
        return [message.get_content() for _, message in self.messages]


class SMTPServer:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.mailbox = Mailbox()
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(
            self.mailbox, hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.mailbox.stalling = self.mailbox.stalling_quit = False
            self.controller.stop()
            self.controller = None

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"


class SilentServer:
    """Accepts connections (the kernel completes them) and never says a word."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]

    def stop(self):
        self.sock.close()

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"


@pytest.fixture
def smtp_server():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp_mailers(settings, smtp_server):
    """Send this process's mail to the real SMTP server."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 5},
        }
    }
    return smtp_server


@pytest.fixture
def database_tasks(settings, monkeypatch):
    from contact import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # wake() queues a task a second in a process: not one across tests.
    monkeypatch.setattr(tasks, "_window_ends", None)


def database_url():
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return (
        f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


class Worker:
    def __init__(self, smtp_url, log_path, **environ):
        self.smtp_url = smtp_url
        self.log_path = log_path
        self.environ = environ
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "TASK_BACKEND": "database",
            "EMAIL_URL": self.smtp_url,
            "EMAIL_TIMEOUT": "5",
            "CONN_MAX_AGE": "0",
            "CONTACT_RETRY_SECONDS": "1",
            "SITE_URL": "https://practice.example",
            "DJANGO_LOG_LEVEL": "INFO",
            **self.environ,
        }
        env.pop("DJANGO_DEBUG", None)
        log = open(self.log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.1",
                "--no-startup-delay",
                "--no-reload",
                "-v",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        return self

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self):
        return Path(self.log_path).read_text(errors="replace")


@pytest.fixture
def start_worker(tmp_path, database_tasks):
    workers = []

    def start(smtp_url, **environ):
        worker = Worker(smtp_url, tmp_path / f"worker-{len(workers)}.log", **environ)
        workers.append(worker.start())
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def make_inquiry(db):
    """An inquiry as the form stores it, received `days_ago`."""
    from datetime import timedelta

    from django.utils import timezone

    from contact.models import Inquiry

    def make(days_ago=0, **fields):
        received = timezone.now() - timedelta(days=days_ago)
        values = {
            "writer": "parent",
            "name": FAMILY_TEXT["name"],
            "email": FAMILY_TEXT["email"],
            "phone": FAMILY_TEXT["phone"],
            "preferred_contact": "phone",
            "child_age": "1-2y",
            "concerns": ["sleep", "feelings"],
            "language": FAMILY_TEXT["language"],
            "message": FAMILY_TEXT["message"],
            "heard_about": FAMILY_TEXT["heard_about"],
            "consented": True,
            "created_at": received,
            "status_changed_at": received,
            **fields,
        }
        return Inquiry.objects.create(**values)

    return make
