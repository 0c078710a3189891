"""The e-mails an order owes its shopper, kept until the mailer took them (a small outbox).

``queue_order_confirmation`` writes a ``PendingEmail`` row in the transaction that places the
order and sends it once that transaction commits, so the order never depends on the mailer and
no row lock is held while the mail server is talked to. ``send_pending_email`` is the one
function that sends a row (a job queue can call it as is); ``send_due_emails`` retries the rows
whose earlier attempts failed (``manage.py send_pending_emails``, from cron), with exponential
backoff from one minute up to six hours. Delivery is at least once: a process that dies after
the mailer accepted the message but before the row was marked sends it again.
"""
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from .models import PendingEmail
from .notifications import order_status_path, send_order_confirmation

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def backoff(attempts):
    """How long to wait after ``attempts`` tries: 1, 2, 4 … minutes, never more than six hours."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def queue_order_confirmation(order, request=None):
    """Owe ``order`` its confirmation; call inside the transaction that places the order."""
    path = order_status_path(order)
    status_url = request.build_absolute_uri(path) if request is not None and path else ""
    pending = PendingEmail.objects.create(order=order, kind=PendingEmail.ORDER_PLACED, status_url=status_url,
                                          language=translation.get_language() or "",
                                          next_attempt_at=timezone.now())
    transaction.on_commit(lambda: send_pending_email(pending.pk), robust=True)
    return pending


def _claim(pk):
    """Take the row for one attempt: the next attempt is booked before sending, so a crash
    mid-send is retried later and two senders never take the same row at once."""
    with transaction.atomic():
        pending = (PendingEmail.objects.select_for_update(skip_locked=True, of=("self",))
                   .select_related("order", "order__user")
                   .filter(pk=pk, sent_at__isnull=True, next_attempt_at__lte=timezone.now()).first())
        if pending is None:
            return None
        pending.attempts += 1
        pending.next_attempt_at = timezone.now() + backoff(pending.attempts)
        pending.save(update_fields=["attempts", "next_attempt_at"])
    return pending


def send_pending_email(pk):
    """Send one owed e-mail if it is due; True when the mailer took it. Runs outside any transaction."""
    pending = _claim(pk)
    if pending is None:
        return False
    try:
        with translation.override(pending.language or None):
            send_order_confirmation(pending.order, status_url=pending.status_url)
    except Exception as failure:  # noqa: BLE001  any mailer failure: keep the row, retry later
        logger.warning("Order %s: confirmation e-mail failed (attempt %d), next try at %s: %s",
                       pending.order.number, pending.attempts, pending.next_attempt_at, failure)
        PendingEmail.objects.filter(pk=pk).update(last_error=f"{type(failure).__name__}: {failure}"[:2000])
        return False
    PendingEmail.objects.filter(pk=pk).update(sent_at=timezone.now(), last_error="")
    return True


def send_due_emails():
    """Retry every owed e-mail that is due; (sent, failed) counts."""
    due = list(PendingEmail.objects.filter(sent_at__isnull=True, next_attempt_at__lte=timezone.now())
               .values_list("pk", flat=True))
    sent = sum(1 for pk in due if send_pending_email(pk))
    return sent, len(due) - sent
