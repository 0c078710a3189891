from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficersConfig(AppConfig):
    name = "marketplace.officers"
    label = "officers"
    verbose_name = _("Programme officers")

    def ready(self):
        from marketplace.officers import audit

        audit.register()
