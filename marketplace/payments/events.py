"""Applying Stripe webhook events, each event id once.

Only ``payment_intent.succeeded`` marks an order paid. A failed or cancelled intent changes
nothing for a basket that has not become an order (the shopper may pay again); an order
already holding stock for it (PromptPay) is cancelled and its stock released.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.orders.placement import STATUS_PENDING_PAYMENT, cancel_unpaid, mark_paid

from .models import ProcessedStripeEvent, StripePayment


def _payment_for(intent):
    if not getattr(intent, "id", None):  # not a PaymentIntent: nothing of ours to change
        return None
    return (StripePayment.objects.select_for_update(of=("self",)).filter(intent_id=intent.id)
            .select_related("order").first())


def on_succeeded(intent):
    payment = _payment_for(intent)
    if payment is None:
        return
    payment.status = "succeeded"
    payment.paid_at = payment.paid_at or timezone.now()
    payment.save(update_fields=["status", "paid_at", "updated"])
    if payment.order is not None and payment.order.status == STATUS_PENDING_PAYMENT:
        mark_paid(payment.order)


def on_failed(intent):
    payment = _payment_for(intent)
    if payment is None:
        return
    payment.status = intent.status
    payment.save(update_fields=["status", "updated"])
    if payment.order is not None and payment.paid_at is None and payment.order.status == STATUS_PENDING_PAYMENT:
        cancel_unpaid(payment.order)


HANDLERS = {
    "payment_intent.succeeded": on_succeeded,
    "payment_intent.payment_failed": on_failed,
    "payment_intent.canceled": on_failed,
}


def apply_event(event):
    """Apply a verified event; False when this event id was applied before (a replay)."""
    try:
        with transaction.atomic():
            ProcessedStripeEvent.objects.create(event_id=event.id, type=event.type)
            handler = HANDLERS.get(event.type)
            if handler is not None:
                handler(event.data.object)
    except IntegrityError:
        if ProcessedStripeEvent.objects.filter(event_id=event.id).exists():
            return False
        raise
    return True
