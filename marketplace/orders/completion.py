"""Completing a checkout that was paid through Stripe: the one path the Oscar storefront and
the Saleor-compatible ``checkoutComplete`` share, with the same outcome for both.

1. Ask Stripe whether the PaymentIntent covers the exact total (no transaction open).
2. In one transaction (``place_order``): lock the stock, write the order, tie the payment (and
   the API's checkout) to it, owe the confirmation e-mail. Stripe and the mailer are not
   talked to while the stock rows are locked; the e-mail goes out after the commit, and a
   failing mailer leaves the order placed with its e-mail retried (``outbox``).
   A card was only authorised (``payments.intents``): the same transaction enqueues the job
   that charges it, so a card is charged only for an order that was committed.
3. If the order cannot be placed once the card was authorised (the last item sold meanwhile, or
   any other failure), the authorisation is cancelled at Stripe (a payment taken in full, such
   as an intent made before cards were authorised first, is refunded) and the shopper is told
   so in their language; the basket stays as it was.
"""
import logging

from django.utils.translation import gettext as _

from marketplace.payments import gateway, intents

from .errors import CheckoutError, CheckoutErrorCode
from .placement import mark_paid, place_order

logger = logging.getLogger(__name__)


class _PlacedMeanwhile(Exception):
    """A concurrent request (a double click) already placed the order on this payment."""

    def __init__(self, order):
        super().__init__(order.number)
        self.order = order


def complete_checkout(basket, *, payment, shipping_address, email, user=None, request=None, billing_address=None,
                      on_placed=None, language=None, remember=()):
    """Place the order paid by ``payment``; ``on_placed(order)`` runs inside the placing transaction;
    ``language``: the shopper's e-mail's (``outbox.queue_order_emails``); ``remember``: the addresses
    kept in a signed-in buyer's address book (``place_order``)."""

    def payment_covers(total):
        try:
            intents.check_covers(payment, amount=total.incl_tax, currency=total.currency)
        except intents.PaymentError as refusal:
            raise CheckoutError(refusal.code, refusal.message, field="payment")
        except gateway.GatewayError:
            raise CheckoutError(CheckoutErrorCode.PAYMENT_ERROR,
                                _("The payment service could not be reached; please try again."), field="payment")

    def tie_payment(order):
        locked = intents.lock(payment)  # after the stock rows: every placement locks in this order
        if locked.order_id is not None:
            raise _PlacedMeanwhile(locked.order)
        if locked.status in intents.LOCALLY_FINAL:
            raise CheckoutError(CheckoutErrorCode.PAYMENT_ERROR,
                                _("This payment was returned to you; please pay again."), field="payment")
        locked.order = order
        locked.save(update_fields=["order", "updated"])
        intents.charge_after_commit(locked)  # an authorised card is charged once the order is committed
        if locked.paid_at is not None:  # Stripe's webhook arrived before the order was placed
            mark_paid(order)
        if on_placed is not None:
            on_placed(order)

    try:
        return place_order(basket, shipping_address=shipping_address, email=email, user=user, request=request,
                           billing_address=billing_address, before_placing=payment_covers, while_placing=tie_payment,
                           language=language, remember=remember)
    except _PlacedMeanwhile as placed:
        return placed.order
    except CheckoutError as refusal:
        failure = refusal
    except Exception:
        logger.exception("Placing the order for payment %s failed", payment.intent_id)
        failure = CheckoutError(CheckoutErrorCode.PAYMENT_ERROR, _("Your order could not be placed."), field="payment")
    # Here no transaction of ours is open and no row is locked: Stripe may be asked.
    placed = _money_back(payment, failure)
    if placed is not None:
        return placed
    raise failure


def _money_back(payment, refusal):
    """Return the money the failed placement would have kept and say so in ``refusal``; the
    order instead when a concurrent request placed one on this payment."""
    try:
        outcome = intents.release(payment)
    except gateway.GatewayError:
        outcome = "failed"
    if outcome is None:
        payment.refresh_from_db(fields=["order", "status"])
        if payment.order_id is not None:
            return payment.order
    note = {"refunded": _("Your payment has been refunded in full."),
            "canceled": _("Your payment was cancelled; you have not been charged."),
            "failed": _("We could not return your payment automatically; our staff have been told and will "
                        "refund you.")}.get(outcome)
    if note:
        refusal.message = f"{refusal.message} {note}"
        refusal.args = (refusal.message,)
    return None
