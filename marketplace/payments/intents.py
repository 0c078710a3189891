"""Paying for a basket with a Stripe PaymentIntent: start it, check it before the order is
placed, tie it to the order, give the money back if the order cannot be placed after all.

Card: the browser confirms the intent with Stripe.js and its client secret, so card data
never reaches this server. PromptPay (THB only): Stripe.js shows the QR code; the money
arrives later and only the webhook says so.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from . import gateway
from .models import PaymentMethodType, StripePayment

# What the intent must look like before an order may be placed on it.
READY_STATUSES = {
    PaymentMethodType.CARD: {"succeeded", "processing", "requires_capture"},
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
                                                 method=method).exclude(status="canceled").first())
    if open_payment is not None:
        return open_payment
    attempt = StripePayment.objects.filter(basket=basket).count() + 1
    intent = gateway.create_intent(
        amount=amount, currency=currency, method_types=_method_types(method, currency),
        metadata={"basket": str(basket.pk)},
        # The same basket, sum and attempt always map to the same key: a repeated request
        # gets Stripe's first answer instead of a second PaymentIntent.
        idempotency_key=f"otop-pi-create-b{basket.pk}-{method}-{currency}-"
                        f"{gateway.minor_units(amount, currency)}-a{attempt}",
    )
    payment, _created = StripePayment.objects.get_or_create(
        intent_id=intent.id, defaults=dict(client_secret=intent.client_secret, basket=basket, method=method,
                                           amount=amount, currency=currency, status=intent.status))
    return payment


def refresh(payment):
    intent = gateway.retrieve_intent(payment.intent_id)
    if payment.status != intent.status:
        payment.status = intent.status
        payment.save(update_fields=["status", "updated"])
    return intent


def pay_with(payment, payment_method):
    """Attach a payment method Stripe.js made in the browser (an id, never card data) and confirm.

    The intent may then need the shopper's bank to authenticate (``requires_action``), which
    Stripe.js handles with the client secret.
    """
    if not payment_method.startswith(("pm_", "card_", "src_")):
        raise PaymentError(_("The card details did not reach Stripe; please try again."), code="INVALID")
    try:
        gateway.attach_method(payment.intent_id, payment_method,
                              idempotency_key=f"otop-pi-attach-{payment.intent_id}-{payment_method}")
        intent = gateway.confirm_intent(payment.intent_id,
                                        idempotency_key=f"otop-pi-confirm-{payment.intent_id}-{payment_method}")
    except gateway.GatewayError as refusal:
        refresh(payment)
        raise PaymentError(str(refusal), code="PAYMENT_ERROR")
    payment.status = intent.status
    payment.save(update_fields=["status", "updated"])
    return intent


def check_covers(payment, *, amount, currency):
    """Refuse to place an order unless this intent is for exactly this sum and is paid or being paid."""
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


def attach_order(payment, order):
    """The order was placed on this payment; if Stripe already reported the money, it is paid."""
    from marketplace.orders.placement import mark_paid

    with transaction.atomic():
        payment = StripePayment.objects.select_for_update().get(pk=payment.pk)
        payment.order = order
        payment.save(update_fields=["order", "updated"])
        if payment.paid_at is not None:
            mark_paid(order)
    return payment


def release(payment):
    """The order could not be placed after the shopper paid: refund or cancel the intent."""
    if payment.status == "succeeded":
        gateway.refund_intent(payment.intent_id, idempotency_key=f"otop-refund-{payment.intent_id}")
        payment.status = "refunded"
    else:
        gateway.cancel_intent(payment.intent_id, idempotency_key=f"otop-pi-cancel-{payment.intent_id}")
        payment.status = "canceled"
    payment.save(update_fields=["status", "updated"])
