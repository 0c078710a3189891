"""What the home page features besides its star products: the trade fairs (the collections published
to shoppers, ``marketplace.content.collections``) and the provinces listing the most certified products
(``marketplace.catalog.listing``). Two queries each, whatever the catalogue's size."""
from django import template
from django.db.models import Count

from marketplace.catalog import listing
from marketplace.content import collections
from marketplace.core.i18n import current_language
from marketplace.media.placeholder import PATTERNS, placeholder_path
from marketplace.provinces.models import Province

register = template.Library()


@register.simple_tag
def featured_trade_fairs(count=4):
    """The first ``count`` published collections by name, each with its name, description and banner
    in the shopper's language; a collection without a picture gets a drawn placeholder (the product
    placeholders' patterns, a different one for each card) instead of an empty picture area."""
    language = current_language()
    patterns = list(PATTERNS)
    fairs = []
    for number, found in enumerate(collections.published().order_by("name")[:count]):
        banner = collections.background_image(found)
        fairs.append({"collection": found, "name": collections.name(found, language),
                      "description": collections.description(found, language),
                      "banner_url": banner.url if banner else
                      placeholder_path(FAIR_PLACEHOLDER_SIZE, "webp", patterns[number % len(patterns)])})
    return fairs


FAIR_PLACEHOLDER_SIZE = 512


@register.simple_tag
def provinces_with_most_products(count=8):
    """The ``count`` provinces listing the most certified products, each with ``listed_count``."""
    rows = (listing.listable().values("profile__producer__province")
            .annotate(listed=Count("pk", distinct=True))
            .order_by("-listed", "profile__producer__province")[:count])
    listed = {row["profile__producer__province"]: row["listed"] for row in rows}
    provinces = Province.objects.in_bulk(list(listed))
    found = [provinces[pk] for pk in listed if pk in provinces]
    for province in found:
        province.listed_count = listed[province.pk]
    return found
