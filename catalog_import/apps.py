from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogImportConfig(AppConfig):
    name = "catalog_import"
    label = "catalog_import"
    verbose_name = _("Programme record import")

    def ready(self):
        from catalog_import import checks  # noqa: F401  (registered on import)
