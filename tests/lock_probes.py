"""Probes that check, at the moment the shop talks to the network (the mailer, Stripe), that no
row lock of the checkout is held: another connection tries to lock the stock rows with NOWAIT."""
import threading

import stripe
from django.core.mail.backends.locmem import EmailBackend
from django.db import DatabaseError, connection, transaction
from oscar.core.loading import get_model

StockRecord = get_model("partner", "StockRecord")

watched_stock = []  # the stock record ids to probe
findings = []  # (what was being sent, whether another connection could lock the rows)


def rows_free():
    """Whether another connection can lock the watched stock rows right now, without waiting."""
    outcome = []

    def probe():
        try:
            with transaction.atomic():
                list(StockRecord.objects.select_for_update(nowait=True).filter(pk__in=watched_stock))
            outcome.append(True)
        except DatabaseError:
            outcome.append(False)
        finally:
            connection.close()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join(20)
    return outcome == [True]


class ProbingEmailBackend(EmailBackend):
    """Django's in-memory mailer that first probes the stock rows."""

    def send_messages(self, messages):
        findings.append(("mail", rows_free()))
        return super().send_messages(messages)


class ProbingStripeClient(stripe.RequestsClient):
    """stripe-python's HTTP client that first probes the stock rows."""

    def request(self, method, url, headers, post_data=None):
        findings.append((f"{method.upper()} {url.rsplit('/v1/', 1)[-1]}", rows_free()))
        return super().request(method, url, headers, post_data)
