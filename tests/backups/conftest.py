import json
import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import environ
import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def dumped_records(output):
    """dumpdata's JSON as {(model, pk): fields}, to compare record by record."""
    return {(row["model"], row["pk"]): row["fields"] for row in json.loads(output)}


def source_records():
    out = StringIO()
    call_command("dumpdata", stdout=out)
    return dumped_records(out.getvalue())


class FreshDatabase:
    """An empty database of the site's kind, and manage.py run against it."""

    def __init__(self, tmp_path, passphrase):
        self.passphrase = passphrase
        self.media = tmp_path / "restored-media"
        db = connection.settings_dict
        if connection.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
            self.admin_url = None
        else:
            self.name = f"{db['NAME']}_restored"
            base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
            self.admin_url = f"{base}/postgres"
            self.url = f"{base}/{self.name}"
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.name}"')
        assert environ.Env.db_url_config(self.url)

    def drop(self):
        if self.admin_url:
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def run(self, *args, passphrase=None):
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "BACKUP_"))
        }
        env.update(
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DATABASE_URL=self.url,
            BACKUP_PASSPHRASE=self.passphrase if passphrase is None else passphrase,
        )
        # MEDIA_ROOT as the site configures it; set here so the drill does not
        # depend on how (the editors' settings).
        code = (
            "import sys, django; from django.conf import settings; django.setup(); "
            f"settings.MEDIA_ROOT = {str(self.media)!r}; "
            "from django.core.management import execute_from_command_line; "
            "execute_from_command_line(['manage.py', *sys.argv[1:]])"
        )
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "iecmh_site.settings"},
            capture_output=True,
            text=True,
        )

    def tables(self):
        result = self.run(
            "shell", "-c", "from django.db import connection; "
            "print(len(connection.introspection.table_names()))",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return int(result.stdout.split()[-1])

    def records(self):
        result = self.run("dumpdata")
        assert result.returncode == 0, result.stderr
        return dumped_records(result.stdout)


@pytest.fixture
def passphrase(settings):
    settings.BACKUP_PASSPHRASE = secrets.token_urlsafe(32)
    return settings.BACKUP_PASSPHRASE


@pytest.fixture
def fresh_database(tmp_path, passphrase):
    database = FreshDatabase(tmp_path, passphrase)
    yield database
    database.drop()
