from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "marketplace.orders"
    label = "otop_orders"  # Oscar already has an "order" app
    verbose_name = _("Producer shipments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from marketplace.orders import address_proof
        from marketplace.producers.invitations import joined

        from . import payment_status  # noqa: F401  connects the payment signals

        joined.connect(address_proof.joined_producer, dispatch_uid="otop_invitation_address")
