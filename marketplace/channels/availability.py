"""Which products a channel sells: those listed in it, or every product that has no listing at all."""
from django.db.models import Exists, OuterRef, Q

from marketplace.channels.models import Channel, ProductChannelListing


def in_channel_q(channel) -> Q:
    listings = ProductChannelListing.objects.filter(product=OuterRef("pk"))
    return Q(Exists(listings.filter(channel=channel))) | ~Q(Exists(listings))


def in_channel(queryset, channel):
    return queryset.filter(in_channel_q(channel))


def is_sold_in(product, channel) -> bool:
    """For a product whose ``channel_listings`` are prefetched (or will be loaded)."""
    channel_ids = [listing.channel_id for listing in product.channel_listings.all()]
    return not channel_ids or channel.pk in channel_ids


def active_channels():
    return Channel.objects.filter(is_active=True)


def get_channel(slug):
    """The active channel called ``slug``, or None."""
    return active_channels().filter(slug=slug).first()
