"""Resolving ``products``, ``product`` and ``category.products``: visibility from
``marketplace.catalog.listing`` (shoppers': its rows per product and channel, ``channels.kept``),
channel membership from ``marketplace.channels``, then the client's filters, search, order and
page, then the page's related data in one go."""
from functools import lru_cache

from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from graphql import GraphQLError
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.channels import kept
from marketplace.channels.availability import in_channel
from marketplace.graphql.catalog import filters, loading, planner, search, slugs
from marketplace.graphql.catalog.types import Variant
from marketplace.graphql.channels.types import resolve_channel
from marketplace.graphql.core.connection import cursor_offset, paginate
from marketplace.graphql.core.ids import decode_id, decode_ids

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
RangeProduct = get_model("offer", "RangeProduct")


def _shopper(info) -> bool:
    """Sees what the channel lists, from its kept rows: not signed in, or signed in as a shopper."""
    return loading.sees_only_listed(info)


def visible_products(info, channel):
    """What the client may see in ``channel``: listable products, everything for staff."""
    if _shopper(info):
        return _listed_in_channel(channel.pk, timezone.localdate()).all()
    return in_channel(listing.visible_to(info.context.user, Product.objects.all()), channel)


@lru_cache(maxsize=8)
def _listed_in_channel(channel_pk, today):
    """The shoppers' products of a channel on a day, as an unevaluated queryset built once per
    process and day (building the listing rule's subqueries costs ~2 ms a request); callers
    chain from ``.all()``, as Django's generic views do with their ``queryset``."""
    return Product.objects.annotate(channel_here=kept.here(channel_pk)).filter(kept.listed_q(today))


def _search(queryset, text, first, after, narrowed):
    """Restrict to the search service's matches, keeping their rank (position 1 = best).

    ``narrowed``: the client's own filters (or the category, the collection) keep only some of the
    matches, wherever they rank: the whole window of ranked ids is read, and counted after the
    filters. Otherwise the page needs only the ids down to its end, and the service's total is the
    count."""
    offset = (cursor_offset(after) or 0) + 1 if after else 0
    need = search.SEARCH_WINDOW if narrowed else offset + (first or search.SEARCH_WINDOW) + 1
    ids, total = search.ranked_ids(text, need)
    ranked = queryset.filter(pk__in=ids).annotate(
        search_position=RawSQL("array_position(%s::int[], catalogue_product.id)", (ids,)))
    return ranked, total if len(ids) < total and not narrowed else None


def _in_category(queryset, category):
    subtree = ProductCategory.objects.filter(category__path__startswith=category.path).values("product_id")
    return queryset.filter(pk__in=subtree)


def resolve_products(info, *, channel=None, filter=None, where=None, sort_by=None, search=None, first=None,
                     after=None, last=None, before=None, category=None, collection=None):
    if filter and where:
        raise GraphQLError(_("Use either `filter` or `where`, not both."))
    channel_obj = resolve_channel(channel)
    queryset = visible_products(info, channel_obj)
    if category is not None:
        queryset = _in_category(queryset, category)
    if collection is not None:
        queryset = queryset.filter(pk__in=collection.all_products().values("pk"))
        if filters.sorts_by_collection(sort_by):  # the order staff gave the range's products
            position = RangeProduct.objects.filter(range=collection, product=OuterRef("pk")).values("display_order")
            queryset = queryset.annotate(**{filters.COLLECTION_POSITION: Subquery(position[:1])})
    if filters.uses_price(filter, where) or filters.sorts_by_price(sort_by):
        queryset = filters.with_channel_price(queryset, channel_obj, joined=_shopper(info))
    queryset = queryset.filter(filters.filter_q(filter) & filters.where_q(where))
    text = (search or (filter or {}).get("search") or "").strip()
    count = None
    if text:
        narrowed = bool(filters.without_search(filter) or where or category is not None or collection is not None)
        queryset, count = _search(queryset, text, first, after, narrowed)
    queryset = filters.order(queryset, sort_by, "search_position" if text else None)
    if count is not None:
        counter = lambda: count  # noqa: E731
    else:
        whole = not (text or filter or where or category is not None or collection is not None)
        counter = _counter(info, channel_obj, queryset, whole)
    # A search or a sort takes two steps: the page's ids from a narrow query, then those rows
    # with their one-to-one relations joined.
    def page_of():
        return paginate(queryset.values_list("pk", flat=True), "products", first=first, last=last, after=after,
                        before=before, count=counter)

    if not text and not sort_by:
        # The default order (newest first) walks the primary key index and stops after the page,
        # so the page's rows come with their one-to-one relations in that same query.
        page = paginate(loading.with_related(queryset, info, "edges", "node"), "products", first=first, last=last,
                        after=after, before=before, count=counter)
    else:
        # the page's ids: a sort reads the kept tables' indexes (nested loops stop at the page's
        # end); the count, when there is one to work out, runs as ``planner`` says
        page = page_of()
        rows = loading.with_related(Product.objects.filter(pk__in=page.items), info, "edges", "node").in_bulk()
        page.items = [rows[pk] for pk in page.items]
    page.items = loading.load(page.items, info, channel_obj, "edges", "node")
    return page


def _counter(info, channel, queryset, whole_channel):
    """How a connection counts ``queryset``: a shopper's question about everything the channel lists
    (the products page's ``totalCount``) from the kept count, anything else as ``planner`` says."""
    if whole_channel and _shopper(info):
        return lambda: kept.listed_count(channel.pk, timezone.localdate())  # (the rows alone)
    return lambda: planner.whole_catalogue(queryset.count)


def resolve_product_variants(info, *, ids=None, channel=None, skus=None, first=None, after=None, last=None, before=None):
    """The variants the client may see in the channel (an OTOP product is its one variant, its SKU the
    programme code), those of ``ids`` (each (argument, ids) given narrows) and matching ``skus`` (a
    condition on ``profile__programme_code``) when given, oldest first."""
    channel_obj = resolve_channel(channel)
    queryset = visible_products(info, channel_obj)
    for field, given in ids or ():
        queryset = queryset.filter(pk__in=decode_ids(given, "ProductVariant", field))
    if skus is not None:
        queryset = queryset.filter(skus)
    page = paginate(loading.with_related(queryset).order_by("pk"), "productVariants", first=first, last=last,
                    after=after, before=before, count=_counter(info, channel_obj, queryset, not ids and skus is None))
    products = loading.load(page.items, info, channel_obj, "edges", "node", "product", also=loading.VARIANT_RELATIONS)
    page.items = [Variant(product) for product in products]
    return page


def resolve_product(info, *, id=None, slug=None, channel=None, slug_language_code=None, external_reference=None):
    """One product by id or slug (slugs are the same in every language, so ``slugLanguageCode``
    changes nothing), or None when the client may not see it in the channel."""
    if (id is None) == (slug is None and external_reference is None):
        raise GraphQLError(_("Provide exactly one of `id`, `slug` or `externalReference`."))
    channel_obj = resolve_channel(channel)
    queryset = visible_products(info, channel_obj)
    if id is not None:
        queryset = queryset.filter(pk=decode_id(id, "Product"))
    elif slug is not None:
        queryset = slugs.by_slug(queryset, slug)
    else:
        queryset = queryset.filter(profile__programme_code=external_reference).order_by("pk")
    product = loading.with_related(queryset, info).first()
    if product is None:
        return None
    return loading.load([product], info, channel_obj)[0]
