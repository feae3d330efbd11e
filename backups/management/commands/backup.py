from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from backups import archive


class Command(BaseCommand):
    help = (
        "Write an encrypted backup of the database and uploaded media into DIR, "
        "keeping the newest BACKUP_KEEP."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.BACKUP_KEEP,
            help="How many backups to keep in DIR (default: BACKUP_KEEP, %(default)s).",
        )

    def handle(self, directory, keep, **options):
        try:
            path, removed = archive.create(directory, keep)
        except archive.BackupError as error:
            raise CommandError(error) from None
        except (OSError, DatabaseError) as error:
            raise CommandError(f"The backup failed: {error}") from None
        self.stdout.write(f"Backup written: {path} ({path.stat().st_size:,} bytes)")
        for old in removed:
            self.stdout.write(f"Removed old backup: {old}")
