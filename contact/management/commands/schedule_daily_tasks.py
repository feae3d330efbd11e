from django.core.management.base import BaseCommand

from contact.daily import schedule_all


class Command(BaseCommand):
    help = (
        "Queue the daily digest and retention purge for the worker (TASK_BACKEND="
        "database). Each run queues the next; safe to run at every deploy."
    )

    def handle(self, *args, **options):
        results = schedule_all()
        queued = [r for r in results if r is not None]
        for result in queued:
            self.stdout.write(
                f"Queued {result.task.name} for {result.task.run_after:%c}."
            )
        if not queued:
            self.stdout.write(
                "Nothing queued: already waiting, or no database backend."
            )
