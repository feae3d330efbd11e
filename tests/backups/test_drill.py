"""The restore drill: a working site is backed up, restored into a fresh
database by `manage.py restore` in another process, and compared record by record."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from backups import archive
from contact.models import ContactAttempt, Inquiry, InternalNote, StatusChange
from pages.models import Page
from tests.contact.conftest import FAMILY_TEXT

from .conftest import source_records

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def working_site(make_staff, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "pages").mkdir(parents=True)
    (tmp_path / "media" / "pages" / "garden.png").write_bytes(b"\x89PNG not really")
    clinician = make_staff("amara", "Clinicians")
    editor = make_staff("maria", "Editors")
    now = timezone.now()
    for days, (name, email) in enumerate(
        [
            (FAMILY_TEXT["name"], FAMILY_TEXT["email"]),
            ("Ada Brennan", "ada@example.org"),
        ]
    ):
        inquiry = Inquiry.objects.create(
            writer="parent",
            name=name,
            email=email,
            phone=FAMILY_TEXT["phone"],
            preferred_contact="phone",
            child_age="1-3y",
            concerns=["sleep", "feelings"],
            language=FAMILY_TEXT["language"],
            message=FAMILY_TEXT["message"],
            heard_about=FAMILY_TEXT["heard_about"],
            consented=True,
            created_at=now - timedelta(days=days),
            status_changed_at=now,
        )
        StatusChange.objects.create(
            inquiry=inquiry,
            from_status="new",
            to_status="contacted",
            changed_by=clinician,
        )
        Inquiry.objects.filter(pk=inquiry.pk).update(status="contacted")
        ContactAttempt.objects.create(
            inquiry=inquiry, method="call", outcome="voicemail", attempted_by=clinician
        )
        InternalNote.objects.create(
            inquiry=inquiry,
            text="Mother prefers mornings; café ☕",
            written_by=clinician,
        )
    page = Page.objects.create(title="Sleep", slug="sleep", body="<p>Naps</p>")
    page.publish(editor)
    page.body = "<p>Naps and nights</p>"
    page.save()
    return source_records()


def test_a_restored_backup_holds_every_record_and_the_media(
    working_site, fresh_database, tmp_path
):
    call_command("backup", str(tmp_path / "backups"))
    (path,) = archive.backups_in(tmp_path / "backups")

    result = fresh_database.run("restore", str(path))

    assert result.returncode == 0, result.stderr
    assert fresh_database.records() == working_site
    models = {model for model, _ in working_site}
    assert {
        "contact.inquiry",
        "contact.statuschange",
        "contact.contactattempt",
        "contact.internalnote",
        "pages.page",
        "pages.revision",
        "auth.user",
    } <= models
    assert (fresh_database.media / "pages" / "garden.png").read_bytes() == (
        b"\x89PNG not really"
    )


def test_the_backup_file_holds_no_family_value_in_clear_text(
    working_site, passphrase, tmp_path
):
    call_command("backup", str(tmp_path / "backups"))
    (path,) = archive.backups_in(tmp_path / "backups")

    data = path.read_bytes()

    for value in [*FAMILY_TEXT.values(), "Ada Brennan", "Mother prefers mornings"]:
        assert value.encode() not in data
        assert value.encode("utf-16-le") not in data
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda data: data[: len(data) // 2], "damaged or incomplete"),
        (
            lambda data: data[:300] + bytes([data[300] ^ 0xFF]) + data[301:],
            "damaged or incomplete",
        ),
        (lambda data: b"not a backup at all\n" * 50, "damaged or incomplete"),
    ],
    ids=["truncated", "corrupt", "not-a-backup"],
)
def test_a_damaged_backup_is_refused_and_the_database_left_empty(
    working_site, fresh_database, tmp_path, damage, message
):
    call_command("backup", str(tmp_path / "backups"))
    (path,) = archive.backups_in(tmp_path / "backups")
    damaged = tmp_path / "damaged.tar.gpg"
    damaged.write_bytes(damage(path.read_bytes()))

    result = fresh_database.run("restore", str(damaged))

    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert fresh_database.tables() == 0
    assert not fresh_database.media.exists()


def test_a_backup_restored_with_another_passphrase_is_refused(
    working_site, fresh_database, tmp_path
):
    call_command("backup", str(tmp_path / "backups"))
    (path,) = archive.backups_in(tmp_path / "backups")

    result = fresh_database.run("restore", str(path), passphrase="another passphrase")

    assert result.returncode == 1
    assert "does not open with this BACKUP_PASSPHRASE" in result.stderr
    assert fresh_database.tables() == 0


def test_restoring_into_a_database_in_use_is_refused_and_changes_nothing(
    working_site, fresh_database, tmp_path
):
    call_command("backup", str(tmp_path / "backups"))
    (path,) = archive.backups_in(tmp_path / "backups")
    assert fresh_database.run("restore", str(path)).returncode == 0
    Inquiry.objects.all().delete()
    call_command("backup", str(tmp_path / "later"))
    (later,) = archive.backups_in(tmp_path / "later")

    result = fresh_database.run("restore", str(later))

    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert fresh_database.records() == working_site


def test_restore_without_the_passphrase_refuses_to_start(fresh_database, tmp_path):
    result = fresh_database.run("restore", str(tmp_path / "any.tar.gpg"), passphrase="")

    assert result.returncode == 1
    assert "BACKUP_PASSPHRASE is not set" in result.stderr
