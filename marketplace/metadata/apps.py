from django.apps import AppConfig


class MetadataConfig(AppConfig):
    name = "marketplace.metadata"
    label = "metadata"
    verbose_name = "Metadata"
    default_auto_field = "django.db.models.BigAutoField"
