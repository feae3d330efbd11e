from django.core.management.base import BaseCommand

from contact.tasks import requeue_stale


class Command(BaseCommand):
    help = (
        "Queue again every undelivered inquiry email whose retry is overdue, "
        "e.g. after a worker was killed mid-send. Safe to run every minute."
    )

    def handle(self, *args, **options):
        count = requeue_stale()
        self.stdout.write(f"Re-queued {count} notification(s).")
