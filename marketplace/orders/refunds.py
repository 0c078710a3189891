"""Staff refund a whole paid card order (the dashboard's order page), when a producer cannot deliver.

The rule: an order may be refunded when it is paid, was paid by a card payment that succeeded,
none of its parcels has left its producer, and it is not an accepted quote's order (its deposit
is refunded in Stripe's dashboard). Anything else is refused with a ``RefundRefused`` that says why.

Money moves only after the data is committed. ``refund`` writes, in one transaction that locks the
order: the order "Refund pending", its parcels cancelled (their producers owed a notice not to
ship them), its stock back on sale (``placement.release_stock``, as an unpaid order's), a note of
who asked, and the job that asks
Stripe (``tasks.refund_order``); rolled back, none of it happened and nothing is asked. The job
(``give_back``) refunds the card with an idempotency key (``payments.intents.refund_for_order``),
then marks the order "Refunded" and owes the buyer the e-mail that says so (``outbox``), sent by
a worker after that commit. Stripe refusing leaves the order "Refund pending" and a problem for
staff; once they have refunded it in Stripe's dashboard, Stripe's ``charge.refunded`` completes
the order the same way (``payment_status``).

A paid order whose card payment staff refund in full in Stripe's dashboard, without the button,
is refunded here when Stripe's ``charge.refunded`` arrives (``refunded_at_stripe``): the same
transaction as the button's, straight to "Refunded". Where the button would have refused (a
parcel shipped, a quote's order), the order is left as it is with a note that tells staff.
"""
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.core.errors import DomainError
from marketplace.payments import intents
from marketplace.payments.models import PaymentMethodType

from .models import ShipmentStatus
from .outbox import queue_cancellation_notices, queue_refund_email
from .placement import (STATUS_PAID, STATUS_REFUND_PENDING, STATUS_REFUNDED, comes_from_quote, release_stock,
                        status_label)

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")


class RefundErrorCode(StrEnum):
    NOT_PAID = "NOT_PAID"
    ALREADY_REFUNDED = "ALREADY_REFUNDED"
    REFUND_PENDING = "REFUND_PENDING"
    NO_CARD_PAYMENT = "NO_CARD_PAYMENT"
    SHIPPED = "SHIPPED"
    QUOTE_ORDER = "QUOTE_ORDER"


class RefundRefused(DomainError):
    code_enum = RefundErrorCode


def _card_payment(order, statuses=("succeeded",)):
    return order.stripe_payments.filter(method=PaymentMethodType.CARD, status__in=statuses).order_by("pk").first()


def _has_shipped(order):
    return order.producer_shipments.filter(status=ShipmentStatus.SHIPPED).exists()


def refusal(order):
    """Why ``order`` may not be refunded now (a ``RefundRefused``), or None when it may."""
    if order.status == STATUS_REFUND_PENDING:
        return RefundRefused(RefundErrorCode.REFUND_PENDING,
                             _("This order's refund is already under way: it waits for Stripe."))
    if order.status == STATUS_REFUNDED:
        return RefundRefused(RefundErrorCode.ALREADY_REFUNDED, _("This order has already been refunded."))
    if comes_from_quote(order):
        return RefundRefused(RefundErrorCode.QUOTE_ORDER,
                             _("This order comes from an accepted quote: refund its deposit in Stripe's dashboard."))
    if order.status != STATUS_PAID:
        return RefundRefused(RefundErrorCode.NOT_PAID, _("Only a paid order can be refunded; this one is %(status)s.")
                             % {"status": status_label(order.status)})
    if _card_payment(order) is None:
        return RefundRefused(RefundErrorCode.NO_CARD_PAYMENT,
                             _("This order has no card payment to refund: refund it in Stripe's dashboard."))
    if _has_shipped(order):
        return RefundRefused(RefundErrorCode.SHIPPED,
                             _("A parcel of this order has already been shipped, so the whole order cannot be "
                               "refunded here: refund the undelivered part in Stripe's dashboard."))
    return None


def _move(order, status):
    """Set ``order``'s status, kept in Oscar's status changes (the dashboard lists them)."""
    order.status_changes.create(old_status=order.status, new_status=status)
    order.status = status
    order.save(update_fields=["status"])


def refund(order, by):
    """Staff member ``by`` refunds the whole of ``order``: see the module's rule. Returns the order,
    "Refund pending" until the job has refunded the card; raises ``RefundRefused``."""
    from . import tasks

    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)  # a second click waits, then is refused
        refused = refusal(locked)
        if refused is not None:
            raise refused
        payment = _card_payment(locked)
        _move(locked, STATUS_REFUND_PENDING)
        _stop(locked)
        OrderNote.objects.create(order=locked, user=by, note_type=OrderNote.SYSTEM,
                                 message=_("Refund of the whole order (%(amount)s %(currency)s) asked by %(user)s.")
                                 % {"amount": payment.amount, "currency": payment.currency,
                                    "user": by.get_username()})
        tasks.enqueue_refund(locked.pk, payment.intent_id)
    return locked


def _stop(order):
    """In the caller's transaction, ``order`` (locked) has no more claim on its stock or parcels: the
    stock back on sale, the parcels cancelled, each producer told not to ship the parcel it was to ship."""
    told_to_ship = list(order.producer_shipments.filter(status=ShipmentStatus.TO_SHIP)
                        .values_list("partner_id", flat=True))
    release_stock(order)
    queue_cancellation_notices(order, told_to_ship)  # they must not send what nobody pays for


def refunded_at_stripe(order):
    """Stripe reports the whole card payment of ``order`` given back though nobody refunded the order
    here (staff did in Stripe's dashboard). A paid order the button could have refunded becomes
    "Refunded" as the button's refund would (stock, parcels, producers, the buyer's e-mail); one it
    could not (a parcel shipped, a quote's order) stays as it is, with a note for staff. Stripe's news
    has no reader's language: the note is in the shop's (``LANGUAGE_CODE``)."""
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != STATUS_PAID:
            return locked  # not paid, or its refund already under way or done
        if comes_from_quote(locked) or _has_shipped(locked):
            OrderNote.objects.create(order=locked, note_type=OrderNote.SYSTEM, message=_(
                "Stripe reports this order's card payment refunded in full (in Stripe's dashboard). The order "
                "is left as it is because a parcel has shipped or it comes from a quote: set its status yourself."))
            return locked
        _move(locked, STATUS_REFUNDED)
        _stop(locked)
        OrderNote.objects.create(order=locked, note_type=OrderNote.SYSTEM,
                                 message=_("Refunded in full in Stripe's dashboard: the order is refunded."))
        queue_refund_email(locked)
    return locked


def give_back(order_id):
    """The job's body: refund the card of an order staff refunded, then mark it refunded. Safe to
    run twice. Returns the order's status, or None when there is no such order."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None or order.status != STATUS_REFUND_PENDING:
        return getattr(order, "status", None)
    payment = _card_payment(order, statuses=("succeeded", "partially_refunded", "refunded"))
    if payment is not None and intents.refund_for_order(payment, order.number):
        return complete(order).status
    return order.status


def given_up(order_id, error):
    """The refund job's last attempt failed (Stripe out of reach all along): staff are told, beside
    the failed job, by a payment problem; the order stays "Refund pending"."""
    order = Order.objects.filter(pk=order_id, status=STATUS_REFUND_PENDING).first()
    payment = _card_payment(order, statuses=("succeeded", "partially_refunded")) if order else None
    if payment is not None:
        intents.refund_unreachable(payment, order.number, error)


def complete(order):
    """The money of ``order``, whose refund staff asked for, is back: it reads "Refunded" and the
    buyer is owed the e-mail (once: an order no longer pending is left as it is)."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status == STATUS_REFUND_PENDING:
            _move(locked, STATUS_REFUNDED)
            queue_refund_email(locked)
    return locked
