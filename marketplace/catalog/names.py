"""A product's name as the shopper reads it: its profile's name in the active language (Thai or
English, falling back to the other), Oscar's ``title`` (the Thai name the programme file gives)
for a product without a profile.

Oscar's ``Product.get_title`` and ``str(product)`` are this (``CatalogConfig.ready``), so that
basket lines, checkout messages and order lines follow the shopper's language; ``title`` itself
stays the Thai name, which search and slugs read.
"""
from django.utils.translation import pgettext_lazy

from marketplace.core.i18n import localized


def shown_name(product):
    try:
        profile = product.profile
    except Exception:  # RelatedObjectDoesNotExist: a product that is not an OTOP product
        profile = None
    name = localized(profile, "name") if profile is not None else ""
    if name:
        return name
    title = product.title
    if not title and product.parent_id:
        title = product.parent.title
    return title


shown_name.short_description = pgettext_lazy("Product title", "Title")  # Oscar's column heading


def product_str(product):
    return shown_name(product) or product.upc or f"product {product.pk}"
