"""Querysets the storefront pages share: listable products with what their cards show, loaded up front."""
from django.db.models import Prefetch
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.certification.models import Certification

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


def product_cards(queryset=None, user=None):
    """Products a shopper (or ``user``) may see, with profile, producer, province, price and
    certifications loaded in a fixed number of queries."""
    queryset = listing.visible_to(user, queryset) if user is not None else listing.listable(queryset)
    return queryset.select_related(
        "profile", "profile__producer", "profile__producer__province", "packaging"
    ).prefetch_related(
        "stockrecords",
        "images",
        Prefetch("certifications", queryset=Certification.objects.select_related("province").prefetch_related(
            "standards")),
    )


def category_tree(path_prefixes=None):
    """The public categories in tree order, each with its Thai and English names, in one query.

    ``path_prefixes`` narrows it to the categories with those materialised paths (a
    category's ancestors and itself)."""
    categories = Category.objects.browsable().select_related("names").order_by("path")
    if path_prefixes is not None:
        categories = categories.filter(path__in=path_prefixes)
    return list(categories)
