"""The shop's only door to Stripe's API: keys and API base from the settings (the environment),
an idempotency key on every call that creates or changes something.

Stripe replays the first answer for a repeated idempotency key, so a double-clicked button or
a retried request never creates a second PaymentIntent or charge.
"""
from decimal import Decimal

import stripe
from django.conf import settings
from django.utils.translation import gettext

# Currencies Stripe counts in units without a minor part (none the shop sells in, for now).
ZERO_DECIMAL = {"JPY", "KRW", "VND"}


class GatewayError(Exception):
    """Stripe refused or could not be reached, or the shop is not set up for it. ``str()`` is the
    detail, for staff and the log; ``shopper_message`` what a shopper may read: Stripe's own
    message for shoppers when it gave one (a declined card), otherwise a sentence in the shopper's
    language that gives away nothing of the configuration."""

    def __init__(self, detail, user_message=None, transient=False):
        super().__init__(detail)
        self.user_message = user_message
        # Stripe could not be reached or failed on its side (the same call may succeed later), as
        # opposed to a refusal of the call itself
        self.transient = transient

    @property
    def shopper_message(self):
        return self.user_message or gettext(
            "Card payment is not available at the moment. Your basket is kept: please try again later.")


def _card_refusals():
    """What a shopper reads when their card was refused, by Stripe's code (its ``decline_code`` first,
    then ``code``), in the shopper's language: Stripe's own messages are in English."""
    kept = gettext("Your basket is kept: try again or use another card.")
    return {
        "insufficient_funds": gettext("Your card has insufficient funds."),
        "expired_card": gettext("Your card has expired."),
        "incorrect_cvc": gettext("Your card's security code is incorrect."),
        "invalid_cvc": gettext("Your card's security code is incorrect."),
        "incorrect_number": gettext("Your card number is incorrect."),
        "invalid_number": gettext("Your card number is incorrect."),
        "invalid_expiry_month": gettext("Your card's expiry date is incorrect."),
        "invalid_expiry_year": gettext("Your card's expiry date is incorrect."),
        "processing_error": gettext("An error occurred while processing your card."),
        "payment_intent_authentication_failure": gettext("Your bank did not confirm the payment."),
    }, gettext("Your card was declined."), kept


def _for_shoppers(error):
    """A sentence for the shopper, in their language, when the card was refused; other errors (a
    network failure, a bad key, a refused request) carry details that are for staff only."""
    if not isinstance(error, stripe.CardError):
        return None
    detail = getattr(error, "error", None)
    codes = (getattr(detail, "decline_code", None), getattr(error, "code", None))
    known, declined, kept = _card_refusals()
    reason = next((known[code] for code in codes if code in known), declined)
    return f"{reason} {kept}"


def _transient(error) -> bool:
    """Stripe could not be reached or failed on its side: the same call may succeed later."""
    return isinstance(error, (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError))


def in_test_mode() -> bool:
    """Stripe's test keys (or the demo's localstripe): no money moves; pages say so and name the test cards."""
    return settings.STRIPE_SECRET_KEY.startswith("sk_test_")


def _client():
    """A Stripe client for this call: key and API base from the settings (a test or a worker pointed at
    localstripe never talks to the real Stripe), nothing set process-wide on the ``stripe`` module.
    It sends through ``stripe.default_http_client`` when one is set (tests record requests there)."""
    if not settings.STRIPE_SECRET_KEY:
        raise GatewayError("STRIPE_SECRET_KEY is not set")
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE},
                               http_client=stripe.default_http_client)


def _options(idempotency_key=None):
    return {"idempotency_key": idempotency_key} if idempotency_key else {}


def minor_units(amount, currency):
    amount = Decimal(amount)
    return int(amount if currency.upper() in ZERO_DECIMAL else (amount * 100).quantize(Decimal("1")))


def create_intent(*, amount, currency, method_types, metadata, idempotency_key, capture_method=None):
    """A new PaymentIntent; ``capture_method="manual"``: the card is only authorised when confirmed,
    and charged by ``capture_intent``."""
    params = dict(amount=minor_units(amount, currency), currency=currency.lower(), payment_method_types=method_types,
                  metadata=metadata)
    if capture_method:
        params["capture_method"] = capture_method
    try:
        return _client().v1.payment_intents.create(params=params, options=_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(str(error), _for_shoppers(error)) from error


def capture_intent(intent_id, *, idempotency_key):
    """Charge the whole sum a confirmed, manually captured intent authorised."""
    try:
        return _client().v1.payment_intents.capture(intent_id, options=_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(str(error), _for_shoppers(error), transient=_transient(error)) from error


def retrieve_intent(intent_id):
    try:
        return _client().v1.payment_intents.retrieve(intent_id)
    except stripe.StripeError as error:
        raise GatewayError(str(error), _for_shoppers(error)) from error


def attach_method(intent_id, payment_method, *, idempotency_key):
    try:
        return _client().v1.payment_intents.update(intent_id, params={"payment_method": payment_method},
                                                   options=_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(str(error), _for_shoppers(error)) from error


def confirm_intent(intent_id, *, idempotency_key):
    try:
        return _client().v1.payment_intents.confirm(intent_id, options=_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(str(error), _for_shoppers(error)) from error


def confirm_promptpay(intent_id, *, email, idempotency_key):
    """Confirm a PromptPay intent: Stripe answers ``requires_action`` with the QR code to show
    (``next_action.promptpay_display_qr_code``). PromptPay needs the payer's email."""
    try:
        return _client().v1.payment_intents.confirm(intent_id, params={"payment_method_data": {
            "type": "promptpay", "billing_details": {"email": email}}}, options=_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(str(error), _for_shoppers(error)) from error


def cancel_intent(intent_id, *, idempotency_key):
    try:
        return _client().v1.payment_intents.cancel(intent_id, options=_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(str(error), _for_shoppers(error)) from error


def refund_intent(intent_id, *, idempotency_key, amount=None, currency=None):
    """Refund what ``intent_id`` took: all that is left of it, or ``amount`` (of ``currency``)."""
    params = {"payment_intent": intent_id}
    if amount is not None:
        params["amount"] = minor_units(amount, currency)
    try:
        return _client().v1.refunds.create(params=params, options=_options(idempotency_key))
    except stripe.StripeError as error:
        raise GatewayError(str(error), _for_shoppers(error), transient=_transient(error)) from error


def verify_signature(payload, signature):
    """Check ``Stripe-Signature`` over ``payload`` (default 300 s tolerance); raises
    ``stripe.SignatureVerificationError``. The body is parsed by ``events.parse``."""
    stripe.WebhookSignature.verify_header(payload, signature, settings.STRIPE_WEBHOOK_SECRET,
                                          stripe.Webhook.DEFAULT_TOLERANCE)
