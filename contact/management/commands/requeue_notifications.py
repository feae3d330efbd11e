from django.core.management.base import BaseCommand

from contact.daily import schedule_all
from contact.tasks import requeue_stale


class Command(BaseCommand):
    help = (
        "Queue again every undelivered inquiry email whose retry is overdue, "
        "e.g. after a worker was killed mid-send, and restart a daily job whose "
        "chain a killed worker broke. Safe to run every minute."
    )

    def handle(self, *args, **options):
        count = requeue_stale()
        self.stdout.write(f"Re-queued {count} notification(s).")
        restarted = [result for result in schedule_all() if result is not None]
        if restarted:
            self.stdout.write(f"Restarted {len(restarted)} daily job(s).")
