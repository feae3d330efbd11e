"""Encrypted backups of the database and uploaded media.

A backup is a tar file (manifest.json, the database as pg_dump's custom format
or an SQLite copy, media/) encrypted with OpenPGP by gpg: a passphrase from
BACKUP_PASSPHRASE, AES-256, and a check that fails on any change to the file.
Nothing is restored until the whole file has decrypted and been checked."""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

PREFIX = "iecmh-backup-"
SUFFIX = ".tar.gpg"
FORMAT = 1
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    pass


def passphrase():
    value = settings.BACKUP_PASSPHRASE
    if not value:
        raise BackupError(
            "BACKUP_PASSPHRASE is not set: backups are encrypted with it, and a "
            "backup without it could not be restored. Set it in the environment "
            "(the same value the backups were made with)."
        )
    return value


def _gpg(*args, secret):
    if not shutil.which("gpg"):
        raise BackupError("gpg is not installed (apt-get install gnupg).")
    read, write = os.pipe()
    os.write(write, secret.encode())
    os.close(write)
    # A throwaway home: nothing is read from or left in the user's keyrings.
    with tempfile.TemporaryDirectory() as home:
        result = subprocess.run(
            ["gpg", "--homedir", home, "--batch", "--yes", "--quiet"]
            + ["--pinentry-mode", "loopback", "--passphrase-fd", str(read), *args],
            pass_fds=(read,),
            capture_output=True,
            text=True,
        )
    os.close(read)
    return result


def _run(command, env=None, what=""):
    if not shutil.which(command[0]):
        raise BackupError(
            f"{command[0]} is not installed (apt-get install postgresql-client)."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        # DETAIL and CONTEXT lines can quote a row: never a family's values here.
        said = [
            line
            for line in result.stderr.splitlines()
            if not line.lstrip().startswith(("DETAIL:", "CONTEXT:"))
        ]
        raise BackupError(f"{what} failed: {' '.join(said).strip()}")


def _postgres_args():
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db[key]:
            args += [option, str(db[key])]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    return args, env


def _vendor():
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            f"Backups cover PostgreSQL and SQLite, not {connection.vendor}."
        )
    return connection.vendor


def _dump_database(path):
    if _vendor() == "postgresql":
        args, env = _postgres_args()
        # One snapshot: pg_dump reads everything in a single transaction.
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
            + ["--file", str(path), *args],
            env=env,
            what="pg_dump",
        )
    else:
        _outside_a_transaction()
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)  # SQLite's online backup: consistent
        copy.close()


def _media_root():
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root else None


def backups_in(directory):
    return sorted(Path(directory).glob(f"{PREFIX}*{SUFFIX}"))


def create(directory, keep):
    """Write one encrypted backup into `directory`; keep the newest `keep`."""
    secret = passphrase()
    if keep < 1:
        raise BackupError("Keep at least one backup (BACKUP_KEEP or --keep).")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    target = directory / f"{PREFIX}{now:%Y%m%dT%H%M%S%fZ}{SUFFIX}"
    media = _media_root()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        dump = work / DUMP_NAMES[_vendor()]
        _dump_database(dump)
        has_media = bool(media and media.is_dir())
        manifest = {
            "format": FORMAT,
            "vendor": connection.vendor,
            "created": now.isoformat(),
            "media": has_media,
        }
        (work / "manifest.json").write_text(json.dumps(manifest))
        plain = work / "backup.tar"
        with tarfile.open(plain, "w") as tar:
            tar.add(work / "manifest.json", "manifest.json")
            tar.add(dump, dump.name)
            if has_media:
                tar.add(media, "media")
        partial = directory / f".{target.name}.partial"
        result = _gpg(
            "--symmetric", "--cipher-algo", "AES256", "--s2k-digest-algo", "SHA512",
            "--output", str(partial), str(plain),
            secret=secret,
        )  # fmt: skip
        if result.returncode:
            partial.unlink(missing_ok=True)
            raise BackupError(f"Encrypting the backup failed: {result.stderr.strip()}")
        partial.chmod(0o600)
        partial.replace(target)
    removed = []
    for old in backups_in(directory)[:-keep]:
        old.unlink()
        removed.append(old)
    return target, removed


def _decrypt(path, work, secret):
    plain = work / "backup.tar"
    result = _gpg("--decrypt", "--output", str(plain), str(path), secret=secret)
    if result.returncode:
        plain.unlink(missing_ok=True)
        said = result.stderr.strip().splitlines()
        if any("bad session key" in line.lower() for line in said):
            raise BackupError(
                f"{path} does not open with this BACKUP_PASSPHRASE: it was made "
                "with another one (or is not a backup)."
            )
        raise BackupError(
            f"{path} is damaged or incomplete (or not a backup): "
            f"{said[-1] if said else 'gpg failed'}. Nothing was restored."
        )
    return plain


def _unpack(plain, work):
    try:
        with tarfile.open(plain) as tar:
            tar.extractall(work / "backup", filter="data")
        manifest = json.loads((work / "backup" / "manifest.json").read_text())
        dump = work / "backup" / DUMP_NAMES[manifest["vendor"]]
        if manifest.get("format") != FORMAT or not dump.is_file():
            raise ValueError
    except (OSError, tarfile.TarError, ValueError, KeyError) as error:
        raise BackupError(
            f"The backup decrypted but its contents are not a site backup ({error})."
        ) from None
    return manifest, dump


def _check_target(manifest):
    vendor = _vendor()
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"This is a {manifest['vendor']} backup; the site's database is "
            f"{vendor}. Set DATABASE_URL to an empty {manifest['vendor']} database."
        )
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty "
            f"({len(tables)} tables). Restore into a new, empty database (see "
            "README, 'Restoring a backup'); nothing was changed."
        )
    media = _media_root()
    if manifest["media"] and media and media.is_dir() and any(media.iterdir()):
        raise BackupError(
            f"MEDIA_ROOT ({media}) is not empty; restore into an empty folder. "
            "Nothing was changed."
        )


def _outside_a_transaction():
    # SQLite's online backup would wait for ever on this connection's own
    # transaction (settings begin them IMMEDIATE, holding the write lock).
    if connection.in_atomic_block:
        raise BackupError("A SQLite backup or restore cannot run inside a transaction.")


def _restore_database(dump):
    if connection.vendor == "postgresql":
        args, env = _postgres_args()
        # One transaction: a failure leaves the database as empty as it was.
        _run(
            ["pg_restore", "--exit-on-error", "--single-transaction"]
            + ["--no-owner", "--no-privileges", *args, str(dump)],
            env=env,
            what="pg_restore",
        )
    else:
        with sqlite3.connect(dump) as source:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The SQLite copy in the backup is damaged.")
            _outside_a_transaction()
            connection.ensure_connection()
            source.backup(connection.connection)
        source.close()


def restore(path):
    """Restore the backup at `path` into the (empty) database and MEDIA_ROOT."""
    secret = passphrase()
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        manifest, dump = _unpack(_decrypt(path, work, secret), work)
        _check_target(manifest)
        _restore_database(dump)
        media = _media_root()
        if manifest["media"] and media:
            shutil.copytree(work / "backup" / "media", media, dirs_exist_ok=True)
    return manifest
