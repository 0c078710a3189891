"""The e-mails an order owes, sent by jobs enqueued in the order's own transaction (an outbox).

``queue_order_emails`` writes one ``PendingEmail`` row for the shopper's confirmation and one
per producer with a parcel in the order (its new-order notice, in Thai, listing that producer's
own lines only, with a link to the parcel in the producer portal), and enqueues a ``send_order_email`` job for each row in the same transaction:
a rolled-back order leaves neither row nor job, a committed one is sent by a worker and never
before the order exists. A mailer failure is recorded on the row and raised, so the job is tried
again with ``queue.NETWORK_RETRY`` backoff; unsent rows are listed in ``/admin/``.

``queue_refund_email`` owes the buyer, in the order's language (its confirmation's), the notice
that staff refunded the order, written in the transaction that marks it refunded (``refunds``),
and ``queue_parcel_refund_email`` the notice that one producer's parcel was refunded, written in
the transaction that records its money given back;
``queue_parcel_shipped_email`` the notice that a producer's parcel is on its way (its carrier and
tracking number), written in the transaction that marks it shipped (``fulfilment.mark_shipped``);
``queue_cancellation_notices`` owes each producer whose parcel was to be shipped the notice, in
Thai, that it is cancelled and must not be sent, written in the transaction that cancels it;
``queue_receipt_notice`` owes a producer the notice that the buyer says its parcel arrived, written in
the transaction that marks it delivered;
``queue_may_ship_notices`` owes the producers of an accepted quote's order, once staff recorded its
balance, the notice that they may ship.

Delivery is at least once: a worker that dies after the mailer accepted the message but before
the row was marked sends it again. ``enqueue_unsent`` enqueues a job for every unsent row (rows
written before jobs sent them, or whose job gave up; ``manage.py send_pending_emails``).
"""
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from marketplace.core import site
from marketplace.core.mail import subject_line

from . import delivery_notes
from .models import PendingEmail
from .notifications import order_status_path, send_order_confirmation

logger = logging.getLogger(__name__)

PRODUCER_LANGUAGE = "th"  # producers are Thai community enterprises; their notice is in Thai


def queue_order_emails(order, request=None, language=None):
    """Owe ``order``'s e-mails; call inside the transaction that places the order. The shopper's is
    in ``language`` (an API checkout's ``languageCode``), else the active language (the storefront's page)."""
    from . import tasks

    path = order_status_path(order)
    status_url = request.build_absolute_uri(path) if request is not None and path else ""
    rows = [PendingEmail(order=order, kind=PendingEmail.ORDER_PLACED, status_url=status_url,
                         language=language or translation.get_language() or "")]
    rows += [PendingEmail(order=order, kind=PendingEmail.PRODUCER_NEW_ORDER, partner_id=shipment.partner_id,
                          status_url=_portal_url(shipment, request), language=PRODUCER_LANGUAGE)
             for shipment in order.producer_shipments.select_related("partner__producer")]
    for pending in PendingEmail.objects.bulk_create(rows):
        tasks.send_order_email.defer(pending_id=pending.pk)
    return rows


def queue_refund_email(order):
    """Owe the buyer the notice that ``order`` was refunded; call inside the transaction that marks
    it refunded. In the order's language: the one its confirmation was written in."""
    return _queue_buyer_notice(order, PendingEmail.ORDER_REFUNDED)


def queue_parcel_refund_email(order, partner_id):
    """Owe the buyer the notice that producer ``partner_id``'s parcel of ``order`` was refunded; call
    inside the transaction that records the money given back. In the order's language."""
    return _queue_buyer_notice(order, PendingEmail.PARCEL_REFUNDED, partner_id)


def queue_parcel_shipped_email(order, partner_id):
    """Owe the buyer the notice that producer ``partner_id``'s parcel of ``order`` is on its way; call
    inside the transaction that marks it shipped. In the order's language."""
    return _queue_buyer_notice(order, PendingEmail.PARCEL_SHIPPED, partner_id)


def _queue_buyer_notice(order, kind, partner_id=None):
    from . import tasks

    language = (order.pending_emails.filter(kind=PendingEmail.ORDER_PLACED).values_list("language", flat=True)
                .first()) or settings.LANGUAGE_CODE
    pending = PendingEmail.objects.create(order=order, kind=kind, partner_id=partner_id, language=language)
    tasks.send_order_email.defer(pending_id=pending.pk)
    return pending


def queue_cancellation_notices(order, partner_ids):
    """Owe the producers ``partner_ids`` the notice that their parcel of ``order`` is cancelled; call
    inside the transaction that cancels it."""
    return _queue_producer_notices(order, partner_ids, PendingEmail.PRODUCER_ORDER_CANCELLED)


def queue_may_ship_notices(order):
    """Owe the producers of ``order`` (an accepted quote's, now paid in full) the notice that they may
    ship; call inside the transaction that records the payment."""
    return _queue_producer_notices(order, order.producer_shipments.values_list("partner_id", flat=True),
                                   PendingEmail.PRODUCER_MAY_SHIP)


def queue_receipt_notice(order, partner_id):
    """Owe producer ``partner_id`` the notice that the buyer of ``order`` says its parcel arrived; call
    inside the transaction that marks it delivered."""
    return _queue_producer_notices(order, [partner_id], PendingEmail.PRODUCER_PARCEL_RECEIVED)


def _queue_producer_notices(order, partner_ids, kind):
    from . import tasks

    shipments = order.producer_shipments.filter(partner_id__in=partner_ids).select_related("partner__producer")
    rows = PendingEmail.objects.bulk_create([
        PendingEmail(order=order, kind=kind, partner_id=shipment.partner_id, status_url=_portal_url(shipment),
                     language=PRODUCER_LANGUAGE) for shipment in shipments])
    for pending in rows:
        tasks.send_order_email.defer(pending_id=pending.pk)
    return rows


def _portal_url(shipment, request=None):
    """The parcel's page in the producer portal, for the producer's notice (on the shop's own address
    without a request)."""
    producer = getattr(shipment.partner, "producer", None)
    if producer is None:
        return ""
    with translation.override(PRODUCER_LANGUAGE):
        path = reverse("otop_orders:shipment-detail", kwargs={"producer_slug": producer.slug, "pk": shipment.pk})
    return request.build_absolute_uri(path) if request is not None else site.url(path)


def enqueue_unsent():
    """A job for every e-mail still owed; how many."""
    from . import tasks

    with transaction.atomic():
        due = list(PendingEmail.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
        for pk in due:
            tasks.send_order_email.defer(pending_id=pk)
    return len(due)


def _claim(pk):
    """Take the row for one attempt; None when it was sent already or another worker has it."""
    with transaction.atomic():
        pending = (PendingEmail.objects.select_for_update(skip_locked=True, of=("self",))
                   .select_related("order", "order__user", "partner__producer")
                   .filter(pk=pk, sent_at__isnull=True).first())
        if pending is None:
            return None
        pending.attempts += 1
        pending.save(update_fields=["attempts"])
    return pending


def producer_recipients(partner):
    """Where a producer's notices go: its contact e-mail and the e-mails of its users."""
    producer = getattr(partner, "producer", None)
    addresses = [producer.email] if producer is not None and producer.email else []
    addresses += [email for email in partner.users.exclude(email="").values_list("email", flat=True)]
    return list(dict.fromkeys(addresses))


def send_producer_notice(order, partner, portal_url=""):
    """The new-order notice to one producer: its own lines only (never another producer's)."""
    recipients = producer_recipients(partner)
    if not recipients:
        logger.warning("Order %s: producer %s has no e-mail address for its notice", order.number, partner.pk)
        return
    from . import fulfilment, placement

    shipment = order.producer_shipments.filter(partner=partner).first()
    context = {"order": order, "partner": partner, "lines": order.lines.filter(partner=partner).order_by("pk"),
               "parcel_status": fulfilment.status_label(shipment, order) if shipment else "",
               "from_quote": placement.comes_from_quote(order),
               "delivery_note": delivery_notes.of_order(order), "portal_url": portal_url}
    _send("otop_orders/producer_new_order", context, recipients)


# A producer's notice about its parcel of an order (``PendingEmail.partner``), by kind: its template.
PARCEL_NOTICES = {PendingEmail.PRODUCER_ORDER_CANCELLED: "otop_orders/producer_order_cancelled",
                  PendingEmail.PRODUCER_MAY_SHIP: "otop_orders/producer_may_ship",
                  PendingEmail.PRODUCER_PARCEL_RECEIVED: "otop_orders/producer_parcel_received"}


def send_parcel_notice(template, order, partner, portal_url=""):
    """A producer's notice about its parcel of ``order`` (cancelled; paid, to ship): its own lines
    only, as the new-order notice named them."""
    recipients = producer_recipients(partner)
    if not recipients:
        logger.warning("Order %s: producer %s has no e-mail address for its notice", order.number, partner.pk)
        return
    from .placement import STATUS_PAID

    _send(template, {"order": order, "partner": partner, "portal_url": portal_url,
                     "lines": order.lines.filter(partner=partner).order_by("pk"),
                     "parcel_only": order.status == STATUS_PAID},  # (cancelled: the rest of the order goes on)
          recipients)


def send_refund_notice(order, partner=None):
    """The buyer's notice that staff refunded ``order`` in full (what was left of it, when parcels
    were refunded before), or only ``partner``'s parcel, with the link to its page (in the active
    language: the order's, set by ``send_pending_email``)."""
    if not order.email:
        logger.warning("Order %s: no e-mail address for its refund notice", order.number)
        return
    path = order_status_path(order)
    context = {"order": order, "status_url": site.url(path) if path else ""}
    if partner is None:
        from .refunds import rest_to_refund

        _send("otop_orders/order_refunded", {**context, "amount": rest_to_refund(order)}, [order.email])
        return
    parcel = order.producer_shipments.filter(partner=partner).first()
    context.update(amount=(parcel.refund_amount if parcel else None) or 0, partner=partner,
                   lines=order.lines.filter(partner=partner).order_by("pk"))
    _send("otop_orders/parcel_refunded", context, [order.email])


def send_shipped_notice(order, partner):
    """The buyer's notice that ``partner``'s parcel of ``order`` is on its way: its items, the carrier
    and tracking number as the producer entered them, and the link to the order's page (where the
    buyer can say it arrived), in the active language (the order's, set by ``send_pending_email``)."""
    if not order.email:
        logger.warning("Order %s: no e-mail address for its parcel-shipped notice", order.number)
        return
    parcel = order.producer_shipments.select_related("partner__producer").filter(partner=partner).first()
    if parcel is None or not parcel.tracking_number:
        logger.warning("Order %s: producer %s has no shipped parcel to tell its buyer of", order.number, partner.pk)
        return
    path = order_status_path(order)
    _send("otop_orders/parcel_shipped", {
        "order": order, "parcel": parcel, "producer": getattr(parcel.partner, "producer", None),
        "partner": parcel.partner, "lines": order.lines.filter(partner=partner).order_by("pk"),
        "status_url": site.url(path) if path else ""}, [order.email])


def _send(template, context, recipients):
    """One e-mail from ``template``'s ``_subject.txt`` and ``_body.txt``, rendered in the active language."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject_line(subject), body, settings.DEFAULT_FROM_EMAIL, recipients)


def send_pending_email(pk):
    """Send one owed e-mail (the job's body); True when the mailer took it, False when there was
    nothing to send. A mailer failure is kept on the row and raised, for the job to retry."""
    pending = _claim(pk)
    if pending is None:
        return False
    try:
        with translation.override(pending.language or None):
            if pending.kind == PendingEmail.PRODUCER_NEW_ORDER:
                send_producer_notice(pending.order, pending.partner, portal_url=pending.status_url)
            elif pending.kind == PendingEmail.ORDER_REFUNDED:
                send_refund_notice(pending.order)
            elif pending.kind == PendingEmail.PARCEL_REFUNDED:
                send_refund_notice(pending.order, pending.partner)
            elif pending.kind == PendingEmail.PARCEL_SHIPPED:
                send_shipped_notice(pending.order, pending.partner)
            elif pending.kind in PARCEL_NOTICES:
                send_parcel_notice(PARCEL_NOTICES[pending.kind], pending.order, pending.partner,
                                   portal_url=pending.status_url)
            else:
                send_order_confirmation(pending.order, status_url=pending.status_url)
    except Exception as failure:
        logger.warning("Order %s: %s e-mail failed (attempt %d): %s",
                       pending.order.number, pending.kind, pending.attempts, failure)
        PendingEmail.objects.filter(pk=pk).update(last_error=f"{type(failure).__name__}: {failure}"[:2000])
        raise
    PendingEmail.objects.filter(pk=pk).update(sent_at=timezone.now(), last_error="")
    return True
