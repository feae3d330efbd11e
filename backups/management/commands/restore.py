from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from backups import archive


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the site's database, which must "
        "be empty, and its media into MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")

    def handle(self, path, **options):
        try:
            manifest = archive.restore(path)
        except archive.BackupError as error:
            raise CommandError(error) from None
        except (OSError, DatabaseError) as error:
            raise CommandError(f"The restore failed: {error}") from None
        self.stdout.write(f"Restored the backup of {manifest['created']} from {path}.")
