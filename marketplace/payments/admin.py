from django.contrib import admin

from marketplace.core.admin_rows import WrittenByTheShopAdmin

from .models import PaymentProblem, ProcessedStripeEvent, StripePayment


@admin.register(StripePayment)
class StripePaymentAdmin(WrittenByTheShopAdmin):
    list_display = ("intent_id", "order", "method", "amount", "currency", "status", "paid_at")
    list_filter = ("status", "method", "currency")
    search_fields = ("intent_id", "order__number")
    readonly_fields = [f.name for f in StripePayment._meta.fields]


@admin.register(ProcessedStripeEvent)
class ProcessedStripeEventAdmin(WrittenByTheShopAdmin):
    list_display = ("event_id", "type", "received_at")
    search_fields = ("event_id",)


@admin.register(PaymentProblem)
class PaymentProblemAdmin(WrittenByTheShopAdmin):
    """What staff must look at: webhooks that did not add up, refunds Stripe refused."""

    list_display = ("created", "kind", "payment", "event_id", "detail", "resolved")
    list_filter = ("resolved", "kind")
    list_editable = ("resolved",)
    search_fields = ("event_id", "payment__intent_id", "payment__order__number", "detail")
    readonly_fields = ("created", "kind", "payment", "event_id", "event_type", "detail", "payload")
