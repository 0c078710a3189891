from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    name = "marketplace.shipping"
    label = "otop_shipping"  # Oscar already has a "shipping" app
    verbose_name = _("Shipping rates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from marketplace.core import display
        from marketplace.shipping import countries

        display.provide("address_fields", countries.address_fields)
        post_save.connect(countries.english_names.forget, sender="address.Country", dispatch_uid="otop_country_saved")
        post_delete.connect(countries.english_names.forget, sender="address.Country", dispatch_uid="otop_country_gone")
