"""Loading products for a page in a fixed number of queries, whatever the page size.

graphene 3 has no promise-based dataloaders, so batching happens where the page is known:
the connection (or single-product) resolver looks at the fields the client selected below
``node`` and prefetches exactly the relations those fields read, for all products at once.
Resolvers then read prefetched data only. Tests count the queries.
"""
from django.db.models import Prefetch, prefetch_related_objects
from graphql.language import StringValueNode
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.certification.models import Certification
from marketplace.graphql.catalog.attributes import CERTIFICATION_SLUGS
from marketplace.graphql.core.selection import selected_fields

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

SELECT_RELATED = ("profile", "profile__producer", "profile__producer__province", "packaging", "product_class")
PRICE_FIELDS = {"pricing", "productVariants", "variants", "defaultVariant", "isAvailable", "variant"}
IMAGE_FIELDS = {"thumbnail", "media", "images", "mediaById"}
CERTIFICATION_FIELDS = {"assignedAttributes", "attributes", "certification", "certifications"}


def with_related(queryset):
    """The one-to-one relations every product field may read, joined into the main query."""
    return queryset.select_related(*SELECT_RELATED)


def _needs_certifications(fields):
    for field in fields:
        name = field.name.value
        if name in CERTIFICATION_FIELDS:
            return True
        if name in ("assignedAttribute", "attribute"):
            slug = next((a.value for a in field.arguments if a.name.value == "slug"), None)
            # A literal slug that is not a certification fact needs no certifications.
            if not isinstance(slug, StringValueNode) or slug.value in CERTIFICATION_SLUGS:
                return True
    return False


def prefetches_for(info, fields):
    names = {field.name.value for field in fields}
    lookups = []
    if names & PRICE_FIELDS:
        lookups += ["stockrecords", "channel_listings"]
    variant_names = {f.name.value for field in fields if field.name.value in ("productVariants", "variants")
                     for f in selected_fields(info, "edges", "node", nodes=[field]) + selected_fields(info, nodes=[field])}
    if names & IMAGE_FIELDS or variant_names & IMAGE_FIELDS:
        lookups.append("images")
    if "category" in names:
        lookups.append(Prefetch("categories", queryset=Category.objects.select_related("names")))
    if _needs_certifications(fields):
        lookups.append(Prefetch("certifications", queryset=Certification.objects.select_related("province")
                                .prefetch_related("standards")))
    return lookups


def load(products, info, channel, *path, nodes=None):
    """Prefetch what the selection under ``path`` reads, for all ``products``; tag each with its channel."""
    fields = selected_fields(info, *path, nodes=nodes)
    products = list(products)
    prefetch_related_objects(products, *prefetches_for(info, fields))
    if any(field.name.value == "isAvailable" for field in fields):
        _mark_listable(products, info.context.user)
    for product in products:
        product.api_channel = channel
    return products


def _mark_listable(products, user):
    """Whether each product is listed: one query for the page when the client may see unlisted
    products (staff, a producer's users); anonymous clients only ever see listed ones."""
    if not getattr(user, "is_authenticated", False):
        for product in products:
            product.is_listed = True
        return
    ids = {p.pk for p in products}
    listed = set(listing.listable(Product.objects.filter(pk__in=ids)).values_list("pk", flat=True)) if ids else set()
    for product in products:
        product.is_listed = product.pk in listed


def load_for_variant(product, channel):
    """A product read as its variant (pricing, stock, media, packaging facts)."""
    prefetch_related_objects([product], "stockrecords", "channel_listings", "images")
    product.api_channel = channel
    return product
