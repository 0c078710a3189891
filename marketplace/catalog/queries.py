"""Querysets the storefront pages share: listable products with what their cards show, loaded up front."""
from django.db.models import Prefetch
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.certification.models import Certification

Product = get_model("catalogue", "Product")


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
