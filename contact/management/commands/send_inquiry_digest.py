from django.core.management.base import BaseCommand

from contact.daily import send_digest


class Command(BaseCommand):
    help = "Email the practice today's inquiry counts (new, overdue, waiting) now."

    def handle(self, *args, **options):
        sent = send_digest()
        self.stdout.write("Digest sent." if sent else "No recipients: digest not sent.")
