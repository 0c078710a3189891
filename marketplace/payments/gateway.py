"""The shop's only door to Stripe's API: keys and API base from the settings (the environment),
an idempotency key on every call that creates or changes something.

Stripe replays the first answer for a repeated idempotency key, so a double-clicked button or
a retried request never creates a second PaymentIntent or charge.
"""
from decimal import Decimal

import stripe
from django.conf import settings

# Currencies Stripe counts in units without a minor part (none the shop sells in, for now).
ZERO_DECIMAL = {"JPY", "KRW", "VND"}


class GatewayError(Exception):
    pass


def _options(idempotency_key=None):
    if not settings.STRIPE_SECRET_KEY:
        raise GatewayError("STRIPE_SECRET_KEY is not set")
    # stripe-python reads its API base from the module; set it from the settings on each call
    # so that a test or a worker pointed at localstripe never talks to the real Stripe.
    stripe.api_base = settings.STRIPE_API_BASE
    options = {"api_key": settings.STRIPE_SECRET_KEY}
    if idempotency_key:
        options["idempotency_key"] = idempotency_key
    return options


def minor_units(amount, currency):
    amount = Decimal(amount)
    return int(amount if currency.upper() in ZERO_DECIMAL else (amount * 100).quantize(Decimal("1")))


def create_intent(*, amount, currency, method_types, metadata, idempotency_key):
    try:
        return stripe.PaymentIntent.create(
            amount=minor_units(amount, currency), currency=currency.lower(), payment_method_types=method_types,
            metadata=metadata, **_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(error.user_message or str(error)) from error


def retrieve_intent(intent_id):
    try:
        return stripe.PaymentIntent.retrieve(intent_id, **_options())
    except stripe.StripeError as error:
        raise GatewayError(error.user_message or str(error)) from error


def attach_method(intent_id, payment_method, *, idempotency_key):
    try:
        return stripe.PaymentIntent.modify(intent_id, payment_method=payment_method, **_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(error.user_message or str(error)) from error


def confirm_intent(intent_id, *, idempotency_key):
    try:
        return stripe.PaymentIntent.confirm(intent_id, **_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(error.user_message or str(error)) from error


def cancel_intent(intent_id, *, idempotency_key):
    try:
        return stripe.PaymentIntent.cancel(intent_id, **_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(error.user_message or str(error)) from error


def refund_intent(intent_id, *, idempotency_key):
    try:
        return stripe.Refund.create(payment_intent=intent_id, **_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(error.user_message or str(error)) from error


def verify_signature(payload, signature):
    """Check ``Stripe-Signature`` over ``payload`` (default 300 s tolerance); raises
    ``stripe.SignatureVerificationError``. The body is parsed by ``events.parse``."""
    stripe.WebhookSignature.verify_header(payload, signature, settings.STRIPE_WEBHOOK_SECRET,
                                          stripe.Webhook.DEFAULT_TOLERANCE)
