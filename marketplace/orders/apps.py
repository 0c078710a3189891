from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "marketplace.orders"
    label = "otop_orders"  # Oscar already has an "order" app
    verbose_name = _("Producer shipments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import payment_status  # noqa: F401  connects the payment signals
