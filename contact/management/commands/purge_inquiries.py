from django.conf import settings
from django.core.management.base import BaseCommand

from contact.retention import purge


class Command(BaseCommand):
    help = (
        "Remove closed or referred-out inquiries older than "
        "INQUIRY_RETENTION_CLOSED_DAYS and spam older than INQUIRY_RETENTION_SPAM_DAYS "
        "(counted from their last status change), except those on legal hold. "
        "Monthly counts are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say what would be removed."
        )

    def handle(self, *args, dry_run=False, **options):
        removed = purge(dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        detail = ", ".join(f"{n} {status}" for status, n in sorted(removed.items()))
        self.stdout.write(
            f"{verb} {sum(removed.values())} inquiries"
            + (f" ({detail})" if detail else "")
            + f"; kept {settings.INQUIRY_RETENTION_CLOSED_DAYS} days after closing, "
            f"{settings.INQUIRY_RETENTION_SPAM_DAYS} days for spam."
        )
