from django.contrib import admin

from .models import ProcessedStripeEvent, StripePayment


@admin.register(StripePayment)
class StripePaymentAdmin(admin.ModelAdmin):
    list_display = ("intent_id", "order", "method", "amount", "currency", "status", "paid_at")
    list_filter = ("status", "method", "currency")
    search_fields = ("intent_id", "order__number")
    readonly_fields = [f.name for f in StripePayment._meta.fields]


@admin.register(ProcessedStripeEvent)
class ProcessedStripeEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "type", "received_at")
    search_fields = ("event_id",)
