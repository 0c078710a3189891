"""Querysets the storefront pages share: listable products with what their cards show, loaded up front."""
from django.db.models import Exists, OuterRef, Prefetch
from oscar.core.loading import get_model

from marketplace.catalog import listing, relations, version
from marketplace.certification.models import Certification

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


def _shown(queryset, user):
    """The products a shopper (or ``user``) may see; with a ``user``, each product also says whether
    shoppers see it (``is_listed``), for the notice staff and producers get."""
    if user is None:
        return listing.listable(queryset)
    listed = listing.listable(Product.objects.filter(pk=OuterRef("pk")))
    return listing.visible_to(user, queryset).annotate(is_listed=Exists(listed))


# What a card shows: name, picture, producer and province, the newest certification's star level
# and year, the price through the shopper's pricing strategy (stock records, the channels' prices,
# and the product class, which says whether stock is tracked).
_CARD_JOINS = ("profile", "profile__producer", "profile__producer__province", "product_class")
_CARD_PREFETCHES = ("stockrecords", "channel_listings", "images")


def product_cards(queryset=None, user=None):
    """Products a shopper (or ``user``) may see, with what their cards show loaded in a fixed number
    of queries (a certification's standards and province and the packaging are the product page's:
    ``product_details``; leaving them out takes a fifth off a listing page's loading)."""
    return _shown(queryset, user).select_related(*_CARD_JOINS).prefetch_related(*_CARD_PREFETCHES, "certifications")


def card_list(ids, user=None) -> list:
    """The products ``ids`` a shopper (or ``user``) may see, in the order of ``ids``, loaded as
    ``product_cards`` loads them but with their list relations read in one round trip
    (``catalog.relations``) instead of Django's per-product querysets: a listing page's cards."""
    found = {product.pk: product for product in _shown(Product.objects.filter(pk__in=ids), user)
             .select_related(*_CARD_JOINS)}
    products = [found[pk] for pk in ids if pk in found]
    return relations.prefetch(products, *_CARD_PREFETCHES, "certifications")


def product_details(queryset=None, user=None):
    """``product_cards`` and what the product page shows besides: packaging, and every certification
    with its certifying province and standards."""
    return _shown(queryset, user).select_related(*_CARD_JOINS, "packaging").prefetch_related(
        *_CARD_PREFETCHES,
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
