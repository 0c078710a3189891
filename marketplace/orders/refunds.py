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

One producer's parcel may be refunded alone (``refund_parcel``) when that producer cannot deliver
and the rest of the order still goes: the order is paid by a card payment, the parcel has not left
its producer, and another parcel of the order is still to ship or shipped (else the whole order is
refunded). In one transaction: the parcel cancelled, its producer owed the notice not to ship it,
its lines' stock back on sale, what it cost (its lines and its shipping, ``parcel_amount``) kept on
it, a note, and the job (``tasks.refund_parcel``) that gives that amount back with its own
idempotency key and then owes the buyer the e-mail. The order stays "Paid" for the rest; refunded
later as a whole, it gives back what is left.

A paid order whose card payment staff refund in full in Stripe's dashboard, without the button,
is refunded here when Stripe's ``charge.refunded`` arrives (``refunded_at_stripe``): the same
transaction as the button's, straight to "Refunded". Where the button would have refused (a
parcel shipped, a quote's order), the order is left as it is with a note that tells staff.
"""
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.core.errors import DomainError
from marketplace.payments import intents
from marketplace.payments.models import PaymentMethodType

from .models import SENT, ProducerShipment, ShipmentStatus
from .outbox import queue_cancellation_notices, queue_parcel_refund_email, queue_refund_email
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
    PARCEL_NOT_TO_SHIP = "PARCEL_NOT_TO_SHIP"
    LAST_PARCEL = "LAST_PARCEL"


class RefundRefused(DomainError):
    code_enum = RefundErrorCode


PAID_BY_CARD = ("succeeded", "partially_refunded")  # a payment with money still to give back


def _card_payment(order, statuses=PAID_BY_CARD):
    return order.stripe_payments.filter(method=PaymentMethodType.CARD, status__in=statuses).order_by("pk").first()


def _has_shipped(order):
    return order.producer_shipments.filter(status__in=SENT).exists()


def refusal(order):
    """Why ``order`` may not be refunded now (a ``RefundRefused``), or None when it may."""
    refused = _order_refusal(order)
    if refused is None and _has_shipped(order):
        return RefundRefused(RefundErrorCode.SHIPPED,
                             _("A parcel of this order has already been shipped, so the whole order cannot be "
                               "refunded here: refund the parcels that cannot be delivered one by one."))
    return refused


def _order_refusal(order):
    """What refuses a refund of ``order`` or of any of its parcels: its status, its payment."""
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
    return None


def parcel_refusal(order, shipment):
    """Why ``shipment`` (a parcel of ``order``) may not be refunded alone now, or None when it may."""
    return _order_refusal(order) or _parcel_refusal(order, shipment)


def refundable_parcels(order):
    """The parcels of ``order`` staff may refund alone now, each with what would go back (the order's
    own refusal looked at once)."""
    if _order_refusal(order) is not None:
        return []
    return [(parcel, parcel_amount(parcel)) for parcel in order.producer_shipments.select_related("partner", "order")
            if _parcel_refusal(order, parcel) is None]


def _parcel_refusal(order, shipment):
    """What refuses ``shipment`` alone, its order allowing refunds."""
    if shipment.status in SENT:
        return RefundRefused(RefundErrorCode.SHIPPED,
                             _("This parcel has already been shipped: refund it in Stripe's dashboard if it "
                               "never arrives."))
    if shipment.status != ShipmentStatus.TO_SHIP:
        return RefundRefused(RefundErrorCode.PARCEL_NOT_TO_SHIP,
                             _("This parcel is not waiting to be shipped: it was cancelled already."))
    if not order.producer_shipments.exclude(pk=shipment.pk).filter(
            status__in=(ShipmentStatus.TO_SHIP, *SENT)).exists():
        return RefundRefused(RefundErrorCode.LAST_PARCEL,
                             _("This is the only parcel of the order still to be delivered: refund the whole "
                               "order instead."))
    return None


def parcel_amount(shipment):
    """What ``shipment`` cost the buyer: its producer's lines (after discounts) and its shipping."""
    lines = shipment.order.lines.filter(partner_id=shipment.partner_id)
    return sum((line.line_price_incl_tax for line in lines), shipment.shipping_charge)


def _refunded_parcels(order, given_only=False):
    """What the parcels of ``order`` refunded alone give back: asked or given, or (``given_only``) the
    money Stripe has given back."""
    parcels = order.producer_shipments.exclude(refund_amount=None)
    if given_only:
        parcels = parcels.exclude(refunded_at=None)
    return sum(parcels.values_list("refund_amount", flat=True), 0)


def refunded_amount(order):
    """What the buyer of ``order`` has had back: all of it (refunded as a whole), or its parcels refunded
    alone whose money Stripe gave back."""
    if order.status == STATUS_REFUNDED:
        return order.total_incl_tax
    return _refunded_parcels(order, given_only=True)


def rest_to_refund(order):
    """What a refund of the whole of ``order`` gives back: its total, less its parcels refunded alone."""
    return order.total_incl_tax - _refunded_parcels(order)


def _locked(order):
    """``order`` locked with its parcels, in the caller's transaction: a producer marking a parcel shipped
    (``fulfilment.mark_shipped`` locks it) finishes first, and the refund sees it shipped, or waits."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    list(locked.producer_shipments.select_for_update().order_by("pk"))
    return locked


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
        locked = _locked(order)  # a second click waits, then is refused
        refused = refusal(locked)
        if refused is not None:
            raise refused
        payment = _card_payment(locked)
        _move(locked, STATUS_REFUND_PENDING)
        _stop(locked)
        OrderNote.objects.create(order=locked, user=by, note_type=OrderNote.SYSTEM,
                                 message=_("Refund of the whole order (%(amount)s %(currency)s) asked by %(user)s.")
                                 % {"amount": rest_to_refund(locked), "currency": payment.currency,
                                    "user": by.get_username()})
        tasks.enqueue_refund(locked.pk, payment.intent_id)
    return locked


def refund_parcel(order, shipment, by):
    """Staff member ``by`` refunds ``shipment``, one producer's parcel of ``order``, alone: see the
    module. Returns the parcel, cancelled, whose money the job gives back; raises ``RefundRefused``."""
    from . import tasks

    with transaction.atomic():
        locked = _locked(order)  # a second click waits, then is refused
        parcel = locked.producer_shipments.select_related("partner").get(pk=shipment.pk)
        refused = parcel_refusal(locked, parcel)
        if refused is not None:
            raise refused
        payment = _card_payment(locked)
        parcel.refund_amount = parcel_amount(parcel)
        parcel.save(update_fields=["refund_amount"])
        release_stock(locked, partner_id=parcel.partner_id)
        queue_cancellation_notices(locked, [parcel.partner_id])
        OrderNote.objects.create(order=locked, user=by, note_type=OrderNote.SYSTEM, message=_(
            "Refund of %(producer)s's parcel (%(amount)s %(currency)s) asked by %(user)s: the rest of the order "
            "still goes.") % {"producer": parcel.partner.name, "amount": parcel.refund_amount,
                              "currency": payment.currency, "user": by.get_username()})
        tasks.enqueue_parcel_refund(parcel.pk, payment.intent_id)
    return parcel


def give_back_parcel(shipment_id):
    """The parcel refund job's body: give the parcel's amount back to the card, then owe the buyer the
    e-mail. Safe to run twice (the same idempotency key; a parcel given back is left as it is)."""
    parcel = ProducerShipment.objects.filter(pk=shipment_id).select_related("order").first()
    if parcel is None or parcel.refund_amount is None or parcel.refunded_at is not None:
        return False
    payment = _card_payment(parcel.order, statuses=(*PAID_BY_CARD, "refunded"))
    if payment is None or not intents.refund_part(payment, parcel.refund_amount, f"parcel-{parcel.pk}",
                                                  f"order {parcel.order.number}'s parcel {parcel.pk}"):
        return False
    with transaction.atomic():
        if ProducerShipment.objects.filter(pk=parcel.pk, refunded_at=None).update(refunded_at=timezone.now()):
            queue_parcel_refund_email(parcel.order, parcel.partner_id)
    return True


def parcel_given_up(shipment_id, error):
    """The parcel refund job's last attempt failed: a payment problem tells staff (the parcel stays
    cancelled, its money not yet back)."""
    parcel = ProducerShipment.objects.filter(pk=shipment_id, refunded_at=None).select_related("order").first()
    payment = _card_payment(parcel.order) if parcel and parcel.refund_amount is not None else None
    if payment is not None:
        intents.refund_unreachable(payment, parcel.order.number, error, amount=parcel.refund_amount,
                                   then="the parcel is cancelled already")


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
        locked = _locked(order)
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
    payment = _card_payment(order, statuses=(*PAID_BY_CARD, "refunded"))
    if payment is not None and intents.refund_for_order(payment, order.number, _refunded_parcels(order)):
        return complete(order).status
    return order.status


def given_up(order_id, error):
    """The refund job's last attempt failed (Stripe out of reach all along): staff are told, beside
    the failed job, by a payment problem; the order stays "Refund pending"."""
    order = Order.objects.filter(pk=order_id, status=STATUS_REFUND_PENDING).first()
    payment = _card_payment(order) if order else None
    if payment is not None:
        intents.refund_unreachable(payment, order.number, error, amount=rest_to_refund(order))


def complete(order):
    """The money of ``order``, whose refund staff asked for, is back: it reads "Refunded" and the
    buyer is owed the e-mail (once: an order no longer pending is left as it is)."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status == STATUS_REFUND_PENDING:
            _move(locked, STATUS_REFUNDED)
            queue_refund_email(locked)
    return locked
