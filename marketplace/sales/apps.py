from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "marketplace.sales"
    label = "sales"
    verbose_name = _("Sales")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from marketplace.catalog.signals import product_page_viewed

        from . import page_views

        product_page_viewed.connect(page_views.count_view_of_request, dispatch_uid="sales.count_view")
