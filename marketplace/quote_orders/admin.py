"""Staff's view of accepted quotes; a deposit, and then the balance, that arrived by bank transfer are
recorded here."""
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .deposits import DepositError, record_balance, record_bank_transfer
from .models import QuoteOrder


@admin.register(QuoteOrder)
class QuoteOrderAdmin(admin.ModelAdmin):
    list_display = ("order", "quote", "incoterm", "named_place", "deposit_amount", "currency", "deposit_method",
                    "deposit_paid_at", "balance_method", "balance_paid_at")
    list_filter = ("deposit_method", "balance_method", "currency", "incoterm")
    search_fields = ("order__number", "deposit_reference", "deposit_payment__intent_id", "balance_reference",
                     "balance_payment__intent_id")
    # Only the transfer's reference is typed in; the rest follows the order and the payments.
    readonly_fields = ("quote", "order", "accepted_by", "accepted_at", "incoterm", "named_place", "currency",
                       "deposit_percent", "deposit_amount", "deposit_method", "deposit_payment",
                       "deposit_recorded_by", "deposit_paid_at", "balance_method", "balance_payment",
                       "balance_recorded_by", "balance_paid_at")
    actions = ["record_deposit_by_bank_transfer", "record_balance_by_bank_transfer"]

    def has_add_permission(self, request):
        return False  # an accepted quote makes its row (acceptance), never staff

    @admin.action(description=_("Record the deposit as received by bank transfer"))
    def record_deposit_by_bank_transfer(self, request, queryset):
        self._record(request, queryset, lambda link: record_bank_transfer(
            link, by=request.user, reference=link.deposit_reference),
            _("Deposit of order %(number)s recorded as paid by bank transfer."))

    @admin.action(description=_("Record the balance as received by bank transfer (the producer may ship)"))
    def record_balance_by_bank_transfer(self, request, queryset):
        self._record(request, queryset, lambda link: record_balance(
            link, by=request.user, reference=link.balance_reference),
            _("Balance of order %(number)s recorded: the order is paid and the producer may ship."))

    def _record(self, request, queryset, record, done):
        """``record(link)`` for each selected accepted quote, telling staff what was done or refused."""
        for link in queryset:
            try:
                record(link)
            except DepositError as refusal:
                self.message_user(request, refusal.message, messages.WARNING)
            else:
                self.message_user(request, done % {"number": link.order.number}, messages.SUCCESS)
