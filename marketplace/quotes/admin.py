"""Django admin of the quotes: staff verify trade buyers (the badge producers see), edit a product's
trade terms, and read requests with their state changes. States are changed through the pages
(``states``), never by editing a row here, so the state fields are read-only."""
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.admin_rows import WrittenByTheShopAdmin

from .models import Message, QuoteRequest, TradeBuyer, TradeTerms, Transition


@admin.register(TradeBuyer)
class TradeBuyerAdmin(admin.ModelAdmin):
    list_display = ("company", "country", "business_type", "user", "verified", "created")
    list_filter = ("verified", "business_type", "country")
    search_fields = ("company", "user__email", "tax_number")
    raw_id_fields = ("user",)
    readonly_fields = ("verified_at", "verified_by", "created", "updated")
    actions = ["verify"]

    @admin.action(description=_("Verify the selected trade buyers"))
    def verify(self, request, queryset):
        queryset.filter(verified=False).update(verified=True, verified_at=timezone.now(), verified_by=request.user)


@admin.register(TradeTerms)
class TradeTermsAdmin(admin.ModelAdmin):
    list_display = ("product", "minimum_order", "minimum_order_unit", "lead_time_days")
    raw_id_fields = ("product",)


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ("quote", "from_state", "to_state", "by", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(QuoteRequest)
class QuoteRequestAdmin(WrittenByTheShopAdmin):
    list_display = ("reference", "buyer", "state", "incoterm", "destination_country", "created", "flagged_to_office_at")
    list_filter = ("state", "incoterm", "destination_country")
    readonly_fields = ("buyer", "state", "created", "updated", "flagged_to_office_at")
    inlines = [TransitionInline]


@admin.register(Message)
class MessageAdmin(WrittenByTheShopAdmin):
    list_display = ("request", "producer", "author", "created", "hidden_by_staff")
    list_filter = ("hidden_by_staff",)
    readonly_fields = ("request", "producer", "author", "body", "created")
