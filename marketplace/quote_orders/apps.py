from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuoteOrdersConfig(AppConfig):
    name = "marketplace.quote_orders"
    label = "quote_orders"
    verbose_name = _("Accepted quotes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from marketplace.orders import placement

        from . import deposits  # connects the payment signal (a deposit paid by card)

        placement.register_status_labels(deposits.STATUS_LABELS)  # an accepted quote's order statuses, named
