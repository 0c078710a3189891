from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "marketplace.catalog"
    label = "otop_catalog"
    verbose_name = _("OTOP catalog")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from marketplace.catalog.categories import Category, forget_categories
        from marketplace.catalog.models import CategoryNames

        for model in (Category, CategoryNames):
            post_save.connect(forget_categories, sender=model, dispatch_uid=f"forget_categories_saved_{model.__name__}")
            post_delete.connect(forget_categories, sender=model, dispatch_uid=f"forget_categories_gone_{model.__name__}")
