"""Stripe PaymentIntents as the shop knows them, and the webhook events already applied.

A ``StripePayment`` starts with the basket (card data goes from Stripe.js straight to Stripe)
and gains its order when the order is placed; ``paid_at`` is set only by a verified
``payment_intent.succeeded`` event, never by what a browser reports.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentMethodType(models.TextChoices):
    CARD = "card", _("Card")
    PROMPTPAY = "promptpay", _("PromptPay")


class StripePayment(models.Model):
    intent_id = models.CharField(max_length=255, unique=True)
    client_secret = models.CharField(max_length=255)
    basket = models.ForeignKey("basket.Basket", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="stripe_payments")
    order = models.ForeignKey("order.Order", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="stripe_payments")
    method = models.CharField(max_length=16, choices=PaymentMethodType.choices, default=PaymentMethodType.CARD)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    # Stripe's PaymentIntent status as last seen (retrieve or webhook).
    status = models.CharField(max_length=32, default="requires_payment_method")
    paid_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("Stripe payment")
        verbose_name_plural = _("Stripe payments")

    def __str__(self):
        return f"{self.intent_id} {self.amount} {self.currency} {self.status}"


class ProcessedStripeEvent(models.Model):
    """One row per Stripe event id, stored when the webhook is received and applied later by a job
    (``applied_at``): a replayed event finds its row and is neither stored nor applied again."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)
    # The PaymentIntent the event is about, and when Stripe created the event (seconds since the
    # epoch): one intent's events are applied in that order, whatever order they arrived in.
    intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_created = models.BigIntegerField(default=0)
    payload = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("processed Stripe event")
        verbose_name_plural = _("processed Stripe events")

    def __str__(self):
        return f"{self.event_id} {self.type}"


class PaymentProblem(models.Model):
    """Something about a payment that staff must look at and the shop did not act on: a signed
    webhook that did not add up (amount, currency, unknown intent), a malformed one, a refund
    that Stripe refused after an order could not be placed, or a card authorised for a placed
    order that Stripe refused to charge. Listed in the admin; also logged."""

    class Kind(models.TextChoices):
        MALFORMED_EVENT = "malformed_event", _("Malformed webhook event")
        AMOUNT_MISMATCH = "amount_mismatch", _("Amount does not match")
        CURRENCY_MISMATCH = "currency_mismatch", _("Currency does not match")
        UNKNOWN_INTENT = "unknown_intent", _("Unknown PaymentIntent")
        REFUND_FAILED = "refund_failed", _("Automatic refund failed")
        CAPTURE_FAILED = "capture_failed", _("Charging an authorised card failed")
        PAID_TWICE = "paid_twice", _("Paid twice")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    payment = models.ForeignKey(StripePayment, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="problems")
    event_id = models.CharField(max_length=255, blank=True)
    event_type = models.CharField(max_length=64, blank=True)
    detail = models.TextField(_("detail"))
    payload = models.TextField(blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("payment problem")
        verbose_name_plural = _("payment problems")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.detail}"
