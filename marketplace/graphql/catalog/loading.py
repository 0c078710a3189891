"""Loading products for a page in a fixed number of queries, whatever the page size.

graphene 3 has no promise-based dataloaders, so batching happens where the page is known:
the connection (or single-product) resolver looks at the fields the client selected below
``node`` and prefetches exactly the relations those fields read, for all products at once.
Resolvers then read prefetched data only. Tests count the queries.
"""
from graphql.language import VariableNode
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.catalog.categories import categories_by_id
from marketplace.catalog.relations import attach, rows_of
from marketplace.certification.models import Certification
from marketplace.channels.models import ProductChannelListing
from marketplace.graphql.catalog.attributes import BY_SLUG, CERTIFICATION_SLUGS
from marketplace.graphql.core.selection import selected_fields

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
# Relations read with SQL written once per model (``catalog.relations.rows_of``); "categories" reads the products' links,
# the categories themselves are kept by the process (``marketplace.catalog.categories``).
READ_IN_SQL = {
    "stockrecords": get_model("partner", "StockRecord"),
    "channel_listings": ProductChannelListing,
    "images": get_model("catalogue", "ProductImage"),
    "categories": ProductCategory,
}

SELECT_RELATED = ("profile", "profile__producer", "profile__producer__province", "packaging", "product_class")
# Product fields whose resolvers read nothing one-to-one but the profile (plus the lists that
# ``prefetches_for`` loads): a product card. Any other field joins every relation above.
PROFILE_ONLY_FIELDS = {
    "__typename", "id", "name", "slug", "created", "updatedAt", "rating", "channel", "translation", "description",
    "seoTitle", "seoDescription", "programmeCode", "story", "pricing", "isAvailable", "category", "thumbnail",
    "media", "certification", "certifications",
}
VARIANT_FIELDS = ("productVariants", "variants", "defaultVariant")
PROFILE_ONLY_VARIANT_FIELDS = {
    "__typename", "id", "name", "sku", "channel", "created", "updatedAt", "translation", "pricing", "media",
    "quantityAvailable",
}
PRICE_FIELDS = {"pricing", "productVariants", "variants", "defaultVariant", "isAvailable", "variant"}
IMAGE_FIELDS = {"thumbnail", "media", "images", "mediaById"}
CERTIFICATION_FIELDS = {"assignedAttributes", "attributes", "certification", "certifications"}


def with_related(queryset, info=None, *path):
    """The one-to-one relations the selection under ``path`` reads, joined into the main query:
    only the profile for a product card, all of them otherwise (or without ``info``)."""
    if info is not None and _profile_only(info, selected_fields(info, *path)):
        return queryset.select_related("profile")
    return queryset.select_related(*SELECT_RELATED)


def _literal(field, argument):
    node = next((a.value for a in field.arguments if a.name.value == argument), None)
    return getattr(node, "value", None) if not isinstance(node, VariableNode) else None


def _profile_only(info, fields):
    for field in fields:
        name = field.name.value
        if name in PROFILE_ONLY_FIELDS:
            continue
        if name in ("assignedAttribute", "attribute"):
            # A slug the catalogue has no attribute for resolves to null without reading anything.
            slug = _literal(field, "slug")
            if slug is not None and slug not in BY_SLUG:
                continue
            return False
        if name in VARIANT_FIELDS:
            nodes = [field]
            variant_fields = (selected_fields(info, "edges", "node", nodes=nodes) if name == "productVariants"
                              else selected_fields(info, nodes=nodes))
            if all(_variant_profile_only(f) for f in variant_fields):
                continue
        return False
    return True


def _variant_profile_only(field):
    name = field.name.value
    if name in PROFILE_ONLY_VARIANT_FIELDS:
        return True
    # An OTOP variant has no variant-selection attributes: that list is empty without a read.
    return name == "attributes" and _literal(field, "variantSelection") == "VARIANT_SELECTION"


def _needs_certifications(fields):
    for field in fields:
        name = field.name.value
        if name in CERTIFICATION_FIELDS:
            return True
        if name in ("assignedAttribute", "attribute"):
            slug = _literal(field, "slug")
            # A literal slug that is not a certification fact needs no certifications.
            if slug is None or slug in CERTIFICATION_SLUGS:
                return True
    return False


def _relation_rows(relations, ids):
    """{relation: [(product id, item)]} for the products ``ids``: the simple tables read together
    in one round trip (``catalog.relations.rows_of``), certifications with their province and standards."""
    tables = [name for name in relations if name in READ_IN_SQL]
    read = dict(zip(tables, rows_of([READ_IN_SQL[name] for name in tables], ids)))
    found = {}
    for name in relations:
        if name == "categories":
            categories = categories_by_id({link.category_id for link in read[name]})
            # (a category deleted since its links were read is left out, not an error)
            links = sorted((link for link in read[name] if link.category_id in categories),
                           key=lambda link: (categories[link.category_id].path, link.pk))
            found[name] = [(link.product_id, categories[link.category_id]) for link in links]
        elif name == "certifications":
            rows = (Certification.objects.filter(product_id__in=ids).select_related("province")
                    .prefetch_related("standards"))
            found[name] = [(row.product_id, row) for row in rows]
        else:
            found[name] = [(row.product_id, row) for row in read[name]]
    return found


def prefetches_for(info, fields):
    """The relations (``Product`` attribute names) the selected ``fields`` read."""
    names = {field.name.value for field in fields}
    relations = []
    if names & PRICE_FIELDS:
        relations += ["stockrecords", "channel_listings"]
    variant_names = {f.name.value for field in fields if field.name.value in ("productVariants", "variants")
                     for f in selected_fields(info, "edges", "node", nodes=[field]) + selected_fields(info, nodes=[field])}
    if names & IMAGE_FIELDS or variant_names & IMAGE_FIELDS:
        relations.append("images")
    if "category" in names:
        relations.append("categories")
    if _needs_certifications(fields):
        relations.append("certifications")
    return relations


def prefetch(products, *relations):
    """Load each relation for all ``products`` (see ``_relation_rows``) and hand every product its rows as
    Django's ``prefetch_related`` would: ``product.<relation>.all()`` reads them without a query,
    and anything chained on it (``filter``, ``count`` after a change…) still asks the database,
    restricted to that product. Django's own prefetch builds a filtered queryset per product and
    relation, which on a page of cards costs more than fetching the rows."""
    products = [p for p in products if p is not None]
    if not products:
        return
    found = _relation_rows(relations, [product.pk for product in products])
    for name in relations:
        attach(products, name, found[name])


def load(products, info, channel, *path, nodes=None, also=()):
    """Prefetch what the selection under ``path`` reads (and the relations ``also`` names), for all
    ``products``; tag each with its channel."""
    fields = selected_fields(info, *path, nodes=nodes)
    products = list(products)
    prefetch(products, *dict.fromkeys([*also, *prefetches_for(info, fields)]))
    if any(field.name.value == "isAvailable" for field in fields):
        _mark_listable(products, info)
    for product in products:
        product.api_channel = channel
    return products


def sees_only_listed(info) -> bool:
    """The client is shown what shoppers are (``listing.sees_only_listed``: not signed in, or a
    shopper's account), asked once per request."""
    context = info.context
    if not hasattr(context, "otop_sees_only_listed"):
        context.otop_sees_only_listed = listing.sees_only_listed(context.user)
    return context.otop_sees_only_listed


def _mark_listable(products, info):
    """Whether each product is listed: one query for the page when the client may see unlisted
    products (staff, a producer's users); shoppers only ever see listed ones."""
    if sees_only_listed(info):
        for product in products:
            product.is_listed = True
        return
    ids = {p.pk for p in products}
    listed = set(listing.listable(Product.objects.filter(pk__in=ids)).values_list("pk", flat=True)) if ids else set()
    for product in products:
        product.is_listed = product.pk in listed


# What a variant's own fields read (pricing, stock, media).
VARIANT_RELATIONS = ("stockrecords", "channel_listings", "images")


def load_for_variant(product, channel):
    """A product read as its variant (pricing, stock, media, packaging facts)."""
    prefetch([product], *VARIANT_RELATIONS)
    product.api_channel = channel
    return product
