from django.core.management.base import BaseCommand

from backups import archive

from . import failures_reported


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the site's database, which must "
        "be empty, and its media into MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")

    def handle(self, path, **options):
        with failures_reported("restore"):
            manifest = archive.restore(path)
        self.stdout.write(f"Restored the backup of {manifest['created']} from {path}.")
