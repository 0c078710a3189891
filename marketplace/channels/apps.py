from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "marketplace.channels"
    label = "channels"
    verbose_name = _("sales channels")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from marketplace.channels.availability import forget_channels
        from marketplace.channels.models import Channel

        post_save.connect(forget_channels, sender=Channel, dispatch_uid="channels_forget_on_save")
        post_delete.connect(forget_channels, sender=Channel, dispatch_uid="channels_forget_on_delete")
        from django.db.models.signals import post_migrate

        from marketplace.channels import kept

        kept.connect()
        post_migrate.connect(_fill_rows, sender=self, dispatch_uid="channels_kept_fill")


def _fill_rows(sender, using="default", **kwargs):
    """A database migrated from before the rows per channel has listing rows and none of these: fill it once."""
    from marketplace.catalog.models import Listing
    from marketplace.channels import kept
    from marketplace.channels.models import ChannelListingRow
    from marketplace.core import kept_tables

    kept_tables.fill_once(ChannelListingRow, Listing, kept.refresh, using)
