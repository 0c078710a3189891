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
