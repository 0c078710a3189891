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
    """One row per Stripe event id applied: a replayed event finds its row and changes nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("processed Stripe event")
        verbose_name_plural = _("processed Stripe events")

    def __str__(self):
        return f"{self.event_id} {self.type}"
