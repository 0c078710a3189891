from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "marketplace.payments"
    label = "otop_payments"
    verbose_name = _("Stripe payments")
    default_auto_field = "django.db.models.BigAutoField"
