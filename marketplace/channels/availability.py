"""Which products a channel sells: those listed in it, or every product that has no listing at all."""
from django.db import transaction
from django.db.models import Q

from marketplace.channels.models import Channel, ProductChannelListing
from marketplace.core.actor import acting_as
from marketplace.core.kept import Kept


def in_channel_q(channel, field="pk") -> Q:
    """A filter on ``catalogue.Product`` (or on ``field``, a product's id elsewhere) keeping what
    ``channel`` sells."""
    # "not among the products listed only elsewhere": one uncorrelated NOT IN, which lets
    # PostgreSQL keep walking a sorted index and stop at the page's end (an OR of two EXISTS
    # made it sort the whole catalogue).
    listed_here = ProductChannelListing.objects.filter(channel=channel).values("product_id")
    listed_elsewhere_only = ProductChannelListing.objects.exclude(product_id__in=listed_here).values("product_id")
    return ~Q(**{f"{field}__in": listed_elsewhere_only})


def in_channel(queryset, channel):
    return queryset.filter(in_channel_q(channel))


def is_sold_in(product, channel) -> bool:
    """For a product whose ``channel_listings`` are prefetched (or will be loaded)."""
    channel_ids = [listing.channel_id for listing in product.channel_listings.all()]
    return not channel_ids or channel.pk in channel_ids


def active_channels():
    return Channel.objects.filter(is_active=True)


# Every API request names its channel: the process keeps the few active ones for a few seconds
# (``marketplace.core.kept``; saving or deleting a channel forgets them).
_active_by_slug = Kept(lambda: {channel.slug: channel for channel in active_channels()})


def get_channel(slug):
    """The active channel called ``slug``, or None (read-only: shared with other requests)."""
    return _active_by_slug.get().get(slug)


forget_channels = _active_by_slug.forget


def switched_off(slug) -> bool:
    """Whether ``slug`` names a channel that exists but is switched off (an API answers it apart
    from a slug no channel has)."""
    return Channel.objects.filter(slug=slug, is_active=False).exists()


def channel_for(currency):
    """The active channel priced in ``currency``, or None (switched off); read-only, as ``get_channel``."""
    channels = [channel for channel in _active_by_slug.get().values() if channel.currency_code == currency]
    return min(channels, key=lambda channel: (channel.position, channel.pk)) if channels else None


def channels_selling(product):
    """The active channels that sell ``product`` (every one when it has no listing)."""
    listed = {listing.channel_id for listing in product.channel_listings.all()}
    return [channel for channel in active_channels() if not listed or channel.pk in listed]


def set_channels(product, channels, by=None):
    """Sell ``product`` in exactly ``channels`` (at least one; "no listing" would mean every channel):
    listings of the others are removed with any price they fixed, missing ones are added without one.
    ``by``: who, for the audit log."""
    keep = {channel.pk for channel in channels}
    if not keep:
        raise ValueError("a product is sold in at least one channel")
    with transaction.atomic(), acting_as(by):
        ProductChannelListing.objects.filter(product=product).exclude(channel_id__in=keep).delete()
        for channel_pk in keep:
            ProductChannelListing.objects.get_or_create(product=product, channel_id=channel_pk)
