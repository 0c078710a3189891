from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "marketplace.catalog"
    label = "otop_catalog"
    verbose_name = _("OTOP catalog")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from oscar.core.loading import get_model

        from marketplace.catalog.categories import Category, forget_categories
        from marketplace.catalog.models import CategoryNames
        from marketplace.catalog.names import product_str, shown_name

        # Product names follow the shopper's language wherever Oscar shows one (basket lines, messages).
        product = get_model("catalogue", "Product")
        product.get_title, product.__str__ = shown_name, product_str

        for model in (Category, CategoryNames):
            post_save.connect(forget_categories, sender=model, dispatch_uid=f"forget_categories_saved_{model.__name__}")
            post_delete.connect(forget_categories, sender=model, dispatch_uid=f"forget_categories_gone_{model.__name__}")
