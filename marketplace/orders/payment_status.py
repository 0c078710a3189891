"""An order follows its payment: Stripe's word arrives as a ``marketplace.payments`` signal
(payments never imports orders), and the order is marked paid, cancelled or refunded here."""
from django.dispatch import receiver

from marketplace.payments.signals import payment_failed, payment_refunded, payment_succeeded

from .placement import STATUS_PAID, STATUS_PENDING_PAYMENT, STATUS_REFUND_PENDING, cancel_unpaid, mark_paid
from .refunds import complete, refunded_at_stripe


@receiver(payment_succeeded, dispatch_uid="orders-payment-succeeded")
def order_paid(sender, payment, **kwargs):
    if payment.order is not None and payment.order.status == STATUS_PENDING_PAYMENT:
        mark_paid(payment.order)


@receiver(payment_failed, dispatch_uid="orders-payment-failed")
def order_unpaid(sender, payment, **kwargs):
    # PromptPay: the order held the stock while the shopper had the QR code; it expired.
    if payment.order is not None and payment.paid_at is None and payment.order.status == STATUS_PENDING_PAYMENT:
        cancel_unpaid(payment.order)


@receiver(payment_refunded, dispatch_uid="orders-payment-refunded")
def order_refunded(sender, payment, **kwargs):
    # A refund staff asked for is complete (the shop's job, or staff in Stripe's dashboard after Stripe
    # refused the job); a paid order refunded in Stripe's dashboard alone is refunded here too.
    if payment.order is not None and payment.order.status == STATUS_REFUND_PENDING:
        complete(payment.order)
    elif payment.order is not None and payment.order.status == STATUS_PAID:
        refunded_at_stripe(payment.order)
