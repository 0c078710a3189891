"""Retry the order e-mails the mailer refused (run from cron, e.g. every minute)."""
from django.core.management.base import BaseCommand

from marketplace.orders.outbox import send_due_emails


class Command(BaseCommand):
    help = "Send the order e-mails that are due (failed sends are retried with backoff)."

    def handle(self, *args, **options):
        sent, failed = send_due_emails()
        self.stdout.write(f"{sent} sent, {failed} failed (retried later)")
