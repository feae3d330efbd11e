import pytest
from django.core.management import CommandError, call_command

from backups import archive

# Outside a test transaction, as `manage.py backup` runs: SQLite's online backup
# waits for a writing transaction on its own connection (the settings begin
# SQLite transactions IMMEDIATE) to end, and a test's would never end.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_without_the_passphrase_refuses_to_run(settings, tmp_path):
    settings.BACKUP_PASSPHRASE = ""

    with pytest.raises(CommandError, match="BACKUP_PASSPHRASE is not set"):
        call_command("backup", str(tmp_path / "backups"))

    assert not (tmp_path / "backups").exists()


def test_only_the_newest_backups_are_kept(passphrase, tmp_path, capsys):
    for _ in range(4):
        call_command("backup", str(tmp_path), keep=2)
    made = [
        line.split(": ")[1].split(" (")[0]
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("Backup written")
    ]

    assert [str(path) for path in archive.backups_in(tmp_path)] == made[-2:]


def test_the_number_kept_comes_from_the_environment_setting(
    passphrase, settings, tmp_path
):
    settings.BACKUP_KEEP = 1
    from backups.management.commands.backup import Command

    parser = Command().create_parser("manage.py", "backup")

    assert parser.parse_args([str(tmp_path)]).keep == 1


def test_keeping_no_backup_is_refused(passphrase, tmp_path):
    with pytest.raises(CommandError, match="Keep at least one"):
        call_command("backup", str(tmp_path), keep=0)

    assert archive.backups_in(tmp_path) == []


def test_a_backup_directory_that_cannot_be_made_gets_a_clear_message(
    passphrase, tmp_path
):
    (tmp_path / "a-file").write_text("")

    with pytest.raises(CommandError, match="The backup failed: .*a-file"):
        call_command("backup", str(tmp_path / "a-file" / "backups"))


def test_a_sqlite_backup_inside_a_transaction_refuses_rather_than_waiting(
    passphrase, tmp_path
):
    from django.db import connection, transaction

    if connection.vendor != "sqlite":
        pytest.skip("pg_dump reads through its own connection")

    with (
        transaction.atomic(),
        pytest.raises(CommandError, match="inside a transaction"),
    ):
        call_command("backup", str(tmp_path))

    assert archive.backups_in(tmp_path) == []
