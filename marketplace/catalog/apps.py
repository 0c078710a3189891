from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "marketplace.catalog"
    label = "otop_catalog"
    verbose_name = _("OTOP catalog")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from marketplace.catalog import listing
        from marketplace.catalog.categories import Category, forget_categories
        from marketplace.catalog.models import CategoryNames

        for model in (Category, CategoryNames):
            post_save.connect(forget_categories, sender=model, dispatch_uid=f"forget_categories_saved_{model.__name__}")
            post_delete.connect(forget_categories, sender=model, dispatch_uid=f"forget_categories_gone_{model.__name__}")
        listing.connect()
        from marketplace.catalog import stock

        stock.connect()
        from marketplace.catalog import stock_alerts

        stock_alerts.connect()
        from marketplace.catalog import version

        version.connect()
        from marketplace.catalog import names
        from marketplace.core import display

        display.provide("product_name", names.product_name)
        display.provide("line_name", names.line_name)
        post_migrate.connect(_fill_listing, sender=self, dispatch_uid="otop_listing_fill")


def _fill_listing(sender, using="default", **kwargs):
    """A database migrated from before the listing table has products and no rows: fill it once."""
    from marketplace.catalog import listing
    from marketplace.catalog.models import Listing
    from marketplace.core import kept_tables

    kept_tables.fill_once(Listing, listing.Product, listing.refresh, using)
