"""An order follows its payment: Stripe's word arrives as a ``marketplace.payments`` signal
(payments never imports orders), and the order is marked paid or cancelled here."""
from django.dispatch import receiver

from marketplace.payments.signals import payment_failed, payment_succeeded

from .placement import STATUS_PENDING_PAYMENT, cancel_unpaid, mark_paid


@receiver(payment_succeeded, dispatch_uid="orders-payment-succeeded")
def order_paid(sender, payment, **kwargs):
    if payment.order is not None and payment.order.status == STATUS_PENDING_PAYMENT:
        mark_paid(payment.order)


@receiver(payment_failed, dispatch_uid="orders-payment-failed")
def order_unpaid(sender, payment, **kwargs):
    # PromptPay: the order held the stock while the shopper had the QR code; it expired.
    if payment.order is not None and payment.paid_at is None and payment.order.status == STATUS_PENDING_PAYMENT:
        cancel_unpaid(payment.order)
