"""Admin pages of rows the shop itself writes (payments, e-mails owed, webhook events, quote
requests and their messages; of Oscar's: basket lines, address-book entries, review votes, voucher
uses, offer conditions and benefits): staff look at them and, where a field is editable, correct
it; no one adds one in the admin, whose add form could not make a whole row (its fields are
read-only or belong to the flow that writes it: Oscar's raised on saving, a 500).

Oscar's are closed by ``close_oscars_add_forms``, run once every app's admin is registered.
"""
from django.contrib import admin


class WrittenByTheShopAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False


# Oscar's models whose admin "add" form cannot make a row: the storefront (basket, address book,
# votes), the checkout (voucher uses) and the dashboard's offer wizard (conditions and benefits of a
# proxy class) make them.
OSCARS_WRITTEN_BY_THE_SHOP = (("address", "UserAddress"), ("reviews", "Vote"), ("basket", "Line"),
                              ("offer", "Condition"), ("offer", "Benefit"), ("voucher", "VoucherApplication"),
                              ("order", "OrderDiscount"))


def close_oscars_add_forms(site=admin.site):
    from oscar.core.loading import get_model

    for app_label, name in OSCARS_WRITTEN_BY_THE_SHOP:
        model_admin = site._registry.get(get_model(app_label, name))
        if model_admin is not None:
            model_admin.has_add_permission = WrittenByTheShopAdmin.has_add_permission.__get__(model_admin)
