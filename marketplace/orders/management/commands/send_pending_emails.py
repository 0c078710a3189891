"""Enqueue a job for every order e-mail still owed (once, after upgrading; or after fixing the
mailer, for e-mails whose job gave up). Jobs send them; no cron is needed."""
from django.core.management.base import BaseCommand

from marketplace.orders.outbox import enqueue_unsent


class Command(BaseCommand):
    help = "Enqueue a job for each order e-mail not sent yet (a worker sends them)."

    def handle(self, *args, **options):
        self.stdout.write(f"{enqueue_unsent()} e-mails enqueued")
