"""Moderation: a producer's content changes wait for a programme officer's approval."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "marketplace.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The portal's products page says "waiting for approval" through the listing rule's
        # explanation; the catalog cannot import moderation (moderation builds on it), so
        # moderation tells it which products have a change waiting.
        from marketplace.catalog import listing
        from marketplace.moderation import changes

        listing.register_pending_finder(changes.products_waiting)
