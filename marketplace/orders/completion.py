"""Completing a checkout that was paid through Stripe: the one path the Oscar storefront and
the Saleor-compatible ``checkoutComplete`` share.

Check that the PaymentIntent covers the exact total, place the order (stock locked), tie the
payment to it and send the confirmation. If the order cannot be placed after the shopper paid
(the last item sold meanwhile), the money goes back and the basket stays as it was.
"""
from marketplace.payments import intents

from .errors import CheckoutError
from .notifications import send_order_confirmation
from .placement import place_order


def complete_checkout(basket, *, payment, shipping_address, email, user=None, request=None, billing_address=None):
    def payment_covers(total):
        try:
            intents.check_covers(payment, amount=total.incl_tax, currency=total.currency)
        except intents.PaymentError as refusal:
            raise CheckoutError(refusal.code, refusal.message, field="payment")

    try:
        order = place_order(basket, shipping_address=shipping_address, email=email, user=user, request=request,
                            billing_address=billing_address, before_placing=payment_covers)
    except CheckoutError as refusal:
        if refusal.field != "payment" and payment.status in intents.READY_STATUSES[payment.method]:
            intents.release(payment)
        raise
    intents.attach_order(payment, order)
    send_order_confirmation(order, request=request)
    return order
