from django.conf import settings
from django.core.management.base import BaseCommand

from backups import archive

from . import failures_reported


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
        with failures_reported("backup"):
            path, removed = archive.create(directory, keep)
        self.stdout.write(f"Backup written: {path} ({path.stat().st_size:,} bytes)")
        for old in removed:
            self.stdout.write(f"Removed old backup: {old}")
