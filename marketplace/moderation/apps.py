"""Moderation: a producer's content changes wait for a programme officer's approval."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "marketplace.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from marketplace.catalog import listing
        from marketplace.moderation import changes

        # The portal's product states say "waiting for approval" (the catalog cannot import moderation).
        listing.register_pending_finder(changes.products_with_pending_change)
