"""Admin pages of rows the shop itself writes (payments, e-mails owed, webhook events, quote
requests and their messages; of Oscar's: basket lines, address-book entries, review votes, voucher
uses, offer conditions and benefits): staff look at them and, where a field is editable, correct
it; no one adds one in the admin, whose add form could not make a whole row (its fields are
read-only or belong to the flow that writes it: Oscar's raised on saving, a 500).

Oscar's are closed by ``close_oscars_add_forms``.

Some rows are never deleted in the admin, by anyone (``KEPT``, applied by ``keep_records``): the
shop's books and the reference data the rest is built on. Staff still look at them and correct what
their pages let them edit.

Both are applied by the core app's ``ready()``, once the admin's autodiscovery has registered every
app's admin.
"""
from django.apps import apps
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
    _refuse(site, OSCARS_WRITTEN_BY_THE_SHOP, "has_add_permission")


# The shop's books: a placed order and what it is made of, the payments taken for it, a trade
# buyer's accepted quote and the log of who changed what. Deleting one would leave a payment with no
# order, a refund with nothing to refund, a processed webhook event free to be processed again, or
# an edit with no trace. And the reference data: provinces are ISO 3166-2:TH's, loaded by a
# migration, and every producer, certification and import row names one.
KEPT = (("order", "Order"), ("order", "Line"), ("order", "LinePrice"), ("order", "LineAttribute"),
        ("order", "BillingAddress"), ("order", "ShippingAddress"), ("order", "PaymentEvent"),
        ("order", "ShippingEvent"), ("order", "OrderStatusChange"), ("order", "OrderDiscount"),
        ("order", "Surcharge"), ("order", "CommunicationEvent"), ("payment", "Source"), ("payment", "Transaction"),
        ("otop_payments", "StripePayment"), ("otop_payments", "ProcessedStripeEvent"),
        ("quote_orders", "QuoteOrder"), ("auditlog", "LogEntry"), ("provinces", "Province"))


def keep_records(site=admin.site):
    """No delete button, delete page or "delete selected" action for the ``KEPT`` models; a delete
    elsewhere in the admin that would take one of their rows with it is refused (the admin asks for
    the delete permission of each row a delete would cascade to)."""
    _refuse(site, KEPT, "has_delete_permission")


def _never(self, request, obj=None):
    return False


def _refuse(site, models, permission):
    """The registered admins of ``models`` ((app label, model name) pairs) answer ``permission``
    (a ``ModelAdmin`` method's name) with no, for everyone."""
    for app_label, name in models:
        model_admin = site._registry.get(apps.get_model(app_label, name))
        if model_admin is not None:
            setattr(model_admin, permission, _never.__get__(model_admin))
