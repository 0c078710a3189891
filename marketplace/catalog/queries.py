"""Querysets the storefront pages share: listable products with what their cards show, loaded up front."""
from django.db.models import Exists, OuterRef, Prefetch
from oscar.core.loading import get_model

from marketplace.catalog import listing, version
from marketplace.certification.models import Certification

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


def product_cards(queryset=None, user=None):
    """Products a shopper (or ``user``) may see, with profile, producer, province, price and
    certifications loaded in a fixed number of queries. With a ``user``, each product also
    says whether shoppers see it (``is_listed``), for the notice staff and producers get."""
    if user is None:
        queryset = listing.listable(queryset)
    else:
        listed = listing.listable(Product.objects.filter(pk=OuterRef("pk")))
        queryset = listing.visible_to(user, queryset).annotate(is_listed=Exists(listed))
    return queryset.select_related(
        "profile", "profile__producer", "profile__producer__province", "packaging",
        "product_class",  # the pricing strategy asks whether stock is tracked
    ).prefetch_related(
        "stockrecords",
        "channel_listings",  # prices in the shopper's chosen currency (channels.pricing.price_for)
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
        return list(categories.filter(path__in=path_prefixes))
    return version.kept("category-tree", lambda: list(categories))  # the same on every listing page
