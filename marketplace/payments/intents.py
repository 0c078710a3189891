"""Paying for a basket with a Stripe PaymentIntent: start it, check it before the order is
placed, give the money back if the order cannot be placed after all (``orders.completion``
ties it to the order).

Card: the browser confirms the intent with Stripe.js and its client secret, so card data
never reaches this server. A card is only *authorised* then (``capture_method=manual``: Stripe
holds the sum on the card, status ``requires_capture``); it is charged by ``capture``, a job the
order's placing transaction enqueues, so no card is charged unless its order was committed. An
authorisation no order claimed within ``OTOP_UNCLAIMED_AUTHORISATION_MINUTES`` (the shopper left
after confirming) is cancelled by ``release_unclaimed``: the hold ends, nothing was charged. PromptPay (THB only): the shop confirms the intent and shows the QR
code Stripe answers with (``promptpay_qr``); the payment page then waits (``is_paid``) until the
bank has confirmed the transfer and places the order. If the shopper leaves first, an order
placed on the QR code waits for the webhook.
"""
import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import gateway, problems
from .models import PaymentMethodType, PaymentProblem, StripePayment

logger = logging.getLogger(__name__)

# A card confirmed and held, to be charged once its order exists.
AUTHORISED = "requires_capture"
# The shopper's money is on its way or in: the payment page may place the order.
PAID_STATUSES = {"succeeded", "processing"}
# A card held or charged: the sum is the shop's to take (the API's checkout is fully authorised).
HELD_OR_PAID = PAID_STATUSES | {AUTHORISED}
# What the intent must look like before an order may be placed on it.
READY_STATUSES = {
    PaymentMethodType.CARD: HELD_OR_PAID,
    # The QR code is on the shopper's screen: the order holds the stock while they pay.
    PaymentMethodType.PROMPTPAY: {"requires_action", "processing", "succeeded"},
}


class PaymentError(Exception):
    def __init__(self, message, code="PAYMENT_ERROR"):
        super().__init__(message)
        self.code, self.message = code, message


def _method_types(method, currency):
    if method == PaymentMethodType.PROMPTPAY:
        if currency != "THB":
            raise PaymentError(_("PromptPay takes baht only."), code="INVALID")
        return ["promptpay"]
    return ["card"]


def start_payment(basket, *, amount, currency, method=PaymentMethodType.CARD):
    """The PaymentIntent for paying ``amount`` ``currency`` for ``basket``: an open one is reused."""
    open_payment = (StripePayment.objects.filter(basket=basket, order__isnull=True, amount=amount, currency=currency,
                                                 method=method)
                    .exclude(status__in=["canceled", *LOCALLY_FINAL]).first())
    if open_payment is not None:
        return open_payment
    attempt = StripePayment.objects.filter(basket=basket).count() + 1
    intent = gateway.create_intent(
        amount=amount, currency=currency, method_types=_method_types(method, currency),
        metadata={"basket": str(basket.pk)},
        # a card is authorised when confirmed and charged after the order is placed (``capture``);
        # PromptPay has no authorisation: its order is placed first, on the QR code
        capture_method="manual" if method == PaymentMethodType.CARD else None,
        # The same basket, sum and attempt always map to the same key: a repeated request
        # gets Stripe's first answer instead of a second PaymentIntent.
        idempotency_key=f"otop-pi-create-b{basket.pk}-{method}-{currency}-"
                        f"{gateway.minor_units(amount, currency)}-a{attempt}",
    )
    payment, _created = StripePayment.objects.get_or_create(
        intent_id=intent.id, defaults=dict(client_secret=intent.client_secret, basket=basket, method=method,
                                           amount=amount, currency=currency, status=intent.status))
    return payment


# Local outcomes Stripe's intent status does not show (a refunded intent still reads "succeeded").
LOCALLY_FINAL = {"refunded", "releasing"}


def refresh(payment):
    intent = gateway.retrieve_intent(payment.intent_id)
    _record(payment, intent)
    return intent


def _record(payment, intent):
    """Keep ``intent``'s status on ``payment``, unless the shop's own outcome (refunded) stands —
    as the row says: another process may have written it since ``payment`` was read (a refund
    while a capture waited on Stripe)."""
    if payment.status != intent.status and payment.status not in LOCALLY_FINAL:
        if StripePayment.objects.filter(pk=payment.pk).exclude(status__in=LOCALLY_FINAL).update(
                status=intent.status, updated=timezone.now()):
            payment.status = intent.status


def pay_with(payment, payment_method, *, amount, currency):
    """Attach a payment method Stripe.js made in the browser (an id, never card data) and confirm,
    if the basket still costs ``amount`` ``currency``, the sum the intent was made for: a basket
    changed in another tab since the payment page opened is refused before any money moves
    (placing the order would refuse it after the charge, and refund).

    The intent may then need the shopper's bank to authenticate (``requires_action``), which
    Stripe.js handles with the client secret.
    """
    if payment.currency != currency or payment.amount != amount:
        raise PaymentError(_("The basket changed after payment started; please pay again."),
                           code="CHECKOUT_NOT_FULLY_PAID")
    if not payment_method.startswith(("pm_", "card_", "src_")):
        raise PaymentError(_("The card details did not reach Stripe; please try again."), code="INVALID")
    try:
        gateway.attach_method(payment.intent_id, payment_method,
                              idempotency_key=f"otop-pi-attach-{payment.intent_id}-{payment_method}")
        intent = gateway.confirm_intent(payment.intent_id,
                                        idempotency_key=f"otop-pi-confirm-{payment.intent_id}-{payment_method}")
    except gateway.GatewayError as refusal:
        logger.warning("Payment %s refused by the gateway: %s", payment.intent_id, refusal)  # the detail is for staff
        if refresh(payment).status == "requires_payment_method":
            _retire(payment)
        raise PaymentError(refusal.shopper_message, code="PAYMENT_ERROR")
    payment.status = intent.status
    payment.save(update_fields=["status", "updated"])
    return intent


def next_attempt(payment, *, amount, currency):
    """The payment to pay with now: ``payment``, or a new one when its intent was retired after a
    declined card (``_retire``)."""
    if payment.status != "canceled":
        return payment
    return start_payment(payment.basket, amount=amount, currency=currency, method=payment.method)


def _retire(payment):
    """A card was declined: no money is held and the intent waits for another card. Stripe lets the
    same intent be confirmed again, localstripe (the demo's and the tests' Stripe) does not; so the
    intent is cancelled here and the shopper's next try gets a new one (``next_attempt``), which
    works with both. If Stripe cannot cancel it now, the next try uses the same intent."""
    try:
        gateway.cancel_intent(payment.intent_id, idempotency_key=f"otop-pi-cancel-{payment.intent_id}")
    except gateway.GatewayError as failure:
        logger.warning("Declined payment %s not cancelled: %s", payment.intent_id, failure)
        return
    if StripePayment.objects.filter(pk=payment.pk, order__isnull=True).exclude(
            status__in=LOCALLY_FINAL).update(status="canceled", updated=timezone.now()):
        payment.status = "canceled"


@dataclass(frozen=True)
class PromptPayQR:
    """What Stripe gives to show for a PromptPay payment (``next_action.promptpay_display_qr_code``)."""

    image_url_svg: str
    image_url_png: str
    hosted_instructions_url: str


def promptpay_unavailable():
    return _("PromptPay is not available at the moment. Your basket is kept: pay by card, "
                   "or try again later.")


def qr_of(intent):
    """The QR code of a PromptPay intent waiting for the transfer, or None."""
    next_action = getattr(intent, "next_action", None)
    shown = getattr(next_action, "promptpay_display_qr_code", None) if next_action else None
    if not shown or not getattr(shown, "image_url_svg", None):
        return None
    return PromptPayQR(image_url_svg=shown.image_url_svg, image_url_png=getattr(shown, "image_url_png", ""),
                       hosted_instructions_url=getattr(shown, "hosted_instructions_url", ""))


def promptpay_qr(payment, email):
    """The QR code for ``payment`` (a PromptPay one), confirming the intent with Stripe the first
    time. Raises ``gateway.GatewayError`` (detail for the log, a sentence for the shopper) when
    Stripe gives no QR code: the shop is not set up for PromptPay, or Stripe refused."""
    intent = refresh(payment)
    if intent.status == "requires_payment_method":
        try:
            intent = gateway.confirm_promptpay(payment.intent_id, email=email,
                                               idempotency_key=f"otop-pi-promptpay-{payment.intent_id}")
        except gateway.GatewayError as refusal:
            raise gateway.GatewayError(f"PromptPay confirmation of {payment.intent_id} refused: {refusal}",
                                       refusal.user_message or promptpay_unavailable()) from refusal
        payment.status = intent.status
        payment.save(update_fields=["status", "updated"])
    qr = qr_of(intent)
    if qr is None:
        raise gateway.GatewayError(f"PromptPay intent {payment.intent_id} has no QR code (status {intent.status})",
                                   promptpay_unavailable())
    return qr


def summary(payment) -> str:
    """One sentence for the shopper on the payment an order was placed on: how much, how, and
    whether it is paid, waiting for the bank, or returned (the thank-you page)."""
    from oscar.templatetags.currency_filters import currency

    amount = {"amount": currency(payment.amount, payment.currency)}
    if payment.status in LOCALLY_FINAL:
        return _("%(amount)s returned to you") % amount
    if payment.status == "partially_refunded":  # one producer's parcel refunded: the rest still goes
        return _("Paid by card: %(amount)s, part of it returned to you") % amount
    if payment.method == PaymentMethodType.PROMPTPAY:
        if payment.paid_at is not None or payment.status == "succeeded":
            return _("Paid with PromptPay: %(amount)s") % amount
        if payment.status in READY_STATUSES[PaymentMethodType.PROMPTPAY]:
            return _("PromptPay: %(amount)s, waiting for your bank's confirmation") % amount
    elif payment.paid_at is not None or payment.status in HELD_OR_PAID:
        return _("Paid by card: %(amount)s") % amount
    return _("Payment of %(amount)s not completed") % amount


def is_paid(payment):
    """Has the shopper's money arrived (or is it on its way)? Asks Stripe; the webhook may say so first."""
    if payment.status in PAID_STATUSES or payment.paid_at is not None:
        return True
    return refresh(payment).status in PAID_STATUSES


def check_covers(payment, *, amount, currency):
    """Refuse to place an order unless this intent is for exactly this sum and is paid or being paid."""
    if payment.status in LOCALLY_FINAL:
        raise PaymentError(_("This payment was returned to you; please pay again."), code="CHECKOUT_NOT_FULLY_PAID")
    intent = refresh(payment)
    if intent.currency != currency.lower() or intent.amount != gateway.minor_units(amount, currency):
        raise PaymentError(_("The basket changed after payment started; please pay again."),
                           code="CHECKOUT_NOT_FULLY_PAID")
    if intent.status not in READY_STATUSES[payment.method]:
        error = getattr(intent, "last_payment_error", None)
        reason = getattr(error, "message", None) if error else None
        raise PaymentError(reason or _("The payment has not gone through (status: %(status)s).") % {
            "status": intent.status}, code="CHECKOUT_NOT_FULLY_PAID")
    return intent


def lock(payment):
    """The payment's row, locked for the caller's transaction (placing an order on it)."""
    return StripePayment.objects.select_for_update().get(pk=payment.pk)


RELEASING = "releasing"


def release(payment):
    """No order could be placed on this payment: refund it (money taken) or cancel the intent
    (authorised or pending). Returns the new local status ("refunded", "canceled"), or None when
    there is nothing to give back (an order holds the payment — a concurrent request placed it —
    or no money moved). Talks to Stripe after a short transaction that marks the payment as
    being returned, so that no order can be tied to it meanwhile; call it with no transaction
    open. Raises ``gateway.GatewayError`` when Stripe refuses (the problem is flagged to staff)."""
    with transaction.atomic():
        locked = lock(payment)
        # Only what an order could have been placed on goes back: a card still in its bank's
        # check (requires_action) is the shopper's to finish, not the shop's to cancel.
        if locked.order_id is not None or locked.status not in READY_STATUSES[locked.method]:
            return None
        was = locked.status
        locked.status = RELEASING
        locked.save(update_fields=["status", "updated"])
    try:
        if was == "succeeded":
            _refund_in_full(payment.intent_id)
            status = "refunded"
        else:
            gateway.cancel_intent(payment.intent_id, idempotency_key=f"otop-pi-cancel-{payment.intent_id}")
            status = "canceled"
    except gateway.GatewayError as refusal:
        StripePayment.objects.filter(pk=payment.pk).update(status=was)
        problems.flag(PaymentProblem.Kind.REFUND_FAILED, f"Stripe refused to return {payment.amount} "
                      f"{payment.currency} after the order could not be placed: {refusal}", payment=locked)
        raise
    StripePayment.objects.filter(pk=payment.pk).update(status=status)
    payment.status = status
    return status


def _refund_in_full(intent_id, rest=None, currency=None):
    """Stripe gives back all that is left of what ``intent_id`` took (``rest``, when part of it was
    given back already: named, since not every Stripe counts what is left). One key per intent: asked
    again (a retried job, a lost answer) Stripe answers the first refund instead of making a second."""
    gateway.refund_intent(intent_id, idempotency_key=f"otop-refund-{intent_id}", amount=rest, currency=currency)


def refund_for_order(payment, order_number, already_refunded=0):
    """Give back the whole card ``payment`` that paid order ``order_number`` (less ``already_refunded``,
    the parcels staff refunded before): staff refund the order (``orders.refunds``), and its job calls
    this once that refund is committed. True when the money is back (now, or before: Stripe's
    ``charge.refunded`` was applied first); False when Stripe refused, which is flagged for staff (a
    repeat with the same key gets the same answer, so the job does not retry it); Stripe out of reach
    raises ``gateway.GatewayError`` for the job to retry."""
    payment.refresh_from_db(fields=["status"])
    if payment.status == "refunded":
        return True
    rest = payment.amount - already_refunded
    try:
        _refund_in_full(payment.intent_id, rest if already_refunded else None, payment.currency)
    except gateway.GatewayError as refusal:
        if refusal.transient:
            raise
        problems.flag(PaymentProblem.Kind.REFUND_FAILED, f"Stripe refused to refund {rest} "
                      f"{payment.currency} of order {order_number}, which staff refunded: {refusal}",
                      payment=payment)
        return False
    StripePayment.objects.filter(pk=payment.pk).update(status="refunded", updated=timezone.now())
    payment.status = "refunded"
    return True


def refund_part(payment, amount, key, what):
    """Give back ``amount`` of the card ``payment`` (one parcel of its order, ``what`` to staff), once,
    with idempotency key ``key``. True when Stripe gave it back; False when it refused, flagged for
    staff; Stripe out of reach raises ``gateway.GatewayError`` for the job to retry."""
    try:
        gateway.refund_intent(payment.intent_id, idempotency_key=f"otop-refund-{key}", amount=amount,
                              currency=payment.currency)
    except gateway.GatewayError as refusal:
        if refusal.transient:
            raise
        problems.flag(PaymentProblem.Kind.REFUND_FAILED, f"Stripe refused to refund {amount} {payment.currency} "
                      f"of {what}, which staff refunded: {refusal}", payment=payment)
        return False
    StripePayment.objects.filter(pk=payment.pk, status="succeeded").update(status="partially_refunded",
                                                                           updated=timezone.now())
    return True


def refund_unreachable(payment, order_number, error, amount=None, then="the order then reads Refunded"):
    """Stripe stayed out of reach for every attempt of the refund staff asked for (of ``amount``, or
    the whole payment): flagged for staff, who refund it in Stripe's dashboard (its ``charge.refunded``
    then completes the order)."""
    problems.flag(PaymentProblem.Kind.REFUND_FAILED, f"Stripe could not be reached to refund "
                  f"{payment.amount if amount is None else amount} {payment.currency} of order {order_number}, "
                  f"which staff refunded, and the shop has stopped trying ({error}). Refund it in Stripe's "
                  f"dashboard: {then}.", payment=payment)


def capture_unreachable(intent_id, error):
    """Stripe stayed out of reach for every attempt to charge a placed order's card: flagged for staff
    (the order keeps waiting for its payment; the card's hold ends on its own)."""
    payment = StripePayment.objects.filter(intent_id=intent_id).select_related("order").first()
    if payment is None or payment.order_id is None or payment.status in LOCALLY_FINAL:
        return
    problems.flag(PaymentProblem.Kind.CAPTURE_FAILED, f"Stripe could not be reached to charge the {payment.amount} "
                  f"{payment.currency} authorised for order {payment.order.number}, and the shop has stopped trying "
                  f"({error}). Charge it in Stripe's dashboard before the hold ends, or cancel the order.",
                  payment=payment)


def charge_after_commit(payment):
    """Called inside the transaction that ties ``payment`` to its order: an authorised card is
    charged (``capture``) by a job of that transaction, which runs only if the order commits."""
    from . import tasks

    if payment.method == PaymentMethodType.CARD and payment.status == AUTHORISED:
        tasks.enqueue_capture(payment.intent_id)


def capture(intent_id):
    """Charge the card an order was placed on; called by the job the placing transaction enqueued,
    so only once the order is committed. Returns the intent's status, or None when there is
    nothing to charge (no such payment, no order on it, or Stripe refused). Charging twice is
    impossible: an intent no longer authorised (captured already, cancelled, returned) is left
    alone, and the capture carries an idempotency key. A refusal (the authorisation expired or
    was withdrawn) is flagged for staff and the order keeps waiting for its payment; Stripe out of
    reach raises ``gateway.GatewayError`` so that the job is tried again."""
    payment = StripePayment.objects.filter(intent_id=intent_id).select_related("order").first()
    if payment is None or payment.order_id is None or payment.status in LOCALLY_FINAL:
        return None
    intent = refresh(payment)
    if intent.status in ("canceled", "requires_payment_method"):
        # the hold ended before the charge (cancelled at Stripe, or expired): the order cannot be paid
        problems.flag(PaymentProblem.Kind.CAPTURE_FAILED,
                      f"The card authorised for order {payment.order.number} can no longer be charged: the intent "
                      f"is {intent.status} at Stripe.", payment=payment)
        return None
    if intent.status != AUTHORISED:
        return intent.status
    try:
        intent = gateway.capture_intent(intent_id, idempotency_key=f"otop-pi-capture-{intent_id}")
    except gateway.GatewayError as refusal:
        if refusal.transient:
            raise
        problems.flag(PaymentProblem.Kind.CAPTURE_FAILED,
                      f"Stripe refused to charge the {payment.amount} {payment.currency} authorised for order "
                      f"{payment.order.number}: {refusal}", payment=payment)
        return None
    _record(payment, intent)
    return intent.status


def unclaimed_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.OTOP_UNCLAIMED_AUTHORISATION_MINUTES)


def release_unclaimed(now=None):
    """Cancel the card authorisations no order was placed on for ``unclaimed_after()`` (the shopper
    confirmed the card and left, or the placement never came): the hold on their card ends and
    nothing is charged. Returns the intent ids cancelled. An order being placed on one meanwhile
    wins or loses cleanly (``release`` and the placement lock the payment's row)."""
    cutoff = (now or timezone.now()) - unclaimed_after()
    released = []
    for payment in StripePayment.objects.filter(order__isnull=True, method=PaymentMethodType.CARD, status=AUTHORISED,
                                                updated__lt=cutoff).order_by("pk"):
        try:
            if refresh(payment).status != AUTHORISED:  # charged, cancelled or expired at Stripe meanwhile
                continue
            if release(payment) == "canceled":
                released.append(payment.intent_id)
        except gateway.GatewayError:
            continue  # flagged for staff by ``release``; the next run tries again
    return released
