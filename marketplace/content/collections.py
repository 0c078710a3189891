"""Which collections shoppers see: public Oscar ranges, in a channel only when published there.

A range's ``profile`` (``CollectionProfile``) lists the channels it is published in; a range
without a profile, or whose profile lists no channel, is published in every channel.
"""
from django.db.models import Q
from oscar.core.loading import get_model

from marketplace.catalog.models import CollectionProfile

Range = get_model("offer", "Range")
_Published = CollectionProfile.channels.through


def published(channel_slug=None):
    """Public ranges (with their profile joined), those published in ``channel_slug`` when given."""
    ranges = Range.objects.filter(is_public=True).select_related("profile")
    if not channel_slug:
        return ranges
    limited = _Published.objects.values("collectionprofile_id")
    listed_here = _Published.objects.filter(channel__slug=channel_slug).values("collectionprofile_id")
    return ranges.filter(Q(profile__isnull=True) | ~Q(profile__in=limited) | Q(profile__in=listed_here))


def name(collection, language) -> str:
    """The collection's name in ``language``, else in the other language, else the range's own name."""
    if not _has_profile(collection):
        return collection.name
    profile = collection.profile
    first, second = (profile.name_en, profile.name_th) if language == "en" else (profile.name_th, profile.name_en)
    return first or second or collection.name


def description(collection, language) -> str:
    if not _has_profile(collection):
        return collection.description
    profile = collection.profile
    first, second = ((profile.description_en, profile.description_th) if language == "en"
                     else (profile.description_th, profile.description_en))
    return first or second or collection.description


def background_image(collection):
    return collection.profile.background_image if _has_profile(collection) else None


def _has_profile(collection) -> bool:
    try:
        return collection.profile is not None
    except CollectionProfile.DoesNotExist:
        return False
