"""Admin pages of rows the shop itself writes (payments, e-mails owed, webhook events, quote
requests and their messages): staff look at them and, where a field is editable, correct it; no one
adds one in the admin, whose add form could not make a whole row (its fields are read-only or
belong to the flow that writes it)."""
from django.contrib import admin


class WrittenByTheShopAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False
