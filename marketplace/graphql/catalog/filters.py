"""Saleor's product filter, where and order inputs, turned into queryset operations.

Visibility is not decided here (``marketplace.catalog.listing`` does that before any filter);
prices compare in the channel's currency through ``marketplace.channels.pricing``.
"""
from functools import reduce
from operator import and_, or_

import graphene
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _
from graphql import GraphQLError
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.channels import kept
from marketplace.graphql.catalog.attributes import attribute_q, sort_expression
from marketplace.graphql.catalog.slugs import slug_q
from marketplace.graphql.core import enums
from marketplace.graphql.core.enums import OrderDirection, enum_value
from marketplace.graphql.core.ids import decode_id, decode_ids
from marketplace.graphql.core.scalars import DateTime, Decimal

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Range = get_model("offer", "Range")
NOTHING = Q(pk__in=[])


class StockAvailability(graphene.Enum):
    IN_STOCK = "IN_STOCK"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class IntRangeInput(graphene.InputObjectType):
    gte = graphene.Int()
    lte = graphene.Int()


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Float()
    lte = graphene.Float()


class DecimalRangeInput(graphene.InputObjectType):
    gte = Decimal()
    lte = Decimal()


class DateTimeRangeInput(graphene.InputObjectType):
    gte = DateTime()
    lte = DateTime()


class StringFilterInput(graphene.InputObjectType):
    eq = graphene.String()
    one_of = graphene.List(graphene.NonNull(graphene.String))


class GlobalIDFilterInput(graphene.InputObjectType):
    eq = graphene.ID()
    one_of = graphene.List(graphene.NonNull(graphene.ID))


class DecimalFilterInput(graphene.InputObjectType):
    eq = Decimal()
    one_of = graphene.List(graphene.NonNull(Decimal))
    range = graphene.Field(DecimalRangeInput)


class AssignedAttributeValueInput(graphene.InputObjectType):
    slug = graphene.Field(StringFilterInput)
    name = graphene.Field(StringFilterInput)
    numeric = graphene.Field(DecimalFilterInput)
    boolean = graphene.Boolean()


class AttributeInput(graphene.InputObjectType):
    slug = graphene.String()
    value = graphene.Field(AssignedAttributeValueInput)
    values = graphene.List(graphene.NonNull(graphene.String))
    values_range = graphene.Field(IntRangeInput)
    boolean = graphene.Boolean()


class ProductFilterInput(graphene.InputObjectType):
    is_published = graphene.Boolean()
    collections = graphene.List(graphene.NonNull(graphene.ID))
    categories = graphene.List(graphene.NonNull(graphene.ID))
    has_category = graphene.Boolean()
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    stock_availability = graphene.Field(StockAvailability)
    search = graphene.String()
    is_available = graphene.Boolean()
    price = graphene.Field(PriceRangeInput)
    minimal_price = graphene.Field(PriceRangeInput)
    updated_at = graphene.Field(DateTimeRangeInput)
    product_types = graphene.List(graphene.NonNull(graphene.ID))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")


class ProductWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))
    name = graphene.Field(StringFilterInput)
    slug = graphene.Field(StringFilterInput)
    product_type = graphene.Field(GlobalIDFilterInput)
    category = graphene.Field(GlobalIDFilterInput)
    collection = graphene.Field(GlobalIDFilterInput)
    is_available = graphene.Boolean()
    is_published = graphene.Boolean()
    has_category = graphene.Boolean()
    price = graphene.Field(DecimalFilterInput)
    minimal_price = graphene.Field(DecimalFilterInput)
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    stock_availability = graphene.Field(StockAvailability)
    updated_at = graphene.Field(DateTimeRangeInput)
    AND = graphene.List(graphene.NonNull(lambda: ProductWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: ProductWhereInput), name="OR")


class ProductOrderField(graphene.Enum):
    NAME = "name"
    RANK = "rank"
    PRICE = "price"
    MINIMAL_PRICE = "minimal_price"
    LAST_MODIFIED = "last_modified"
    DATE = "date"
    TYPE = "type"
    PUBLISHED = "published"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"
    LAST_MODIFIED_AT = "last_modified_at"
    COLLECTION = "collection"
    RATING = "rating"
    CREATED_AT = "created_at"


class ProductOrder(graphene.InputObjectType):
    direction = graphene.NonNull(OrderDirection)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    attribute_id = graphene.ID()
    field = graphene.Field(ProductOrderField)


# --- building the query ------------------------------------------------------------------------

def _in_categories(category_pks) -> Q:
    """Products in any of the categories or their sub-categories."""
    paths = list(Category.objects.filter(pk__in=category_pks).values_list("path", flat=True))
    if not paths:
        return NOTHING
    inside = reduce(or_, (Q(category__path__startswith=path) for path in paths))
    return Q(Exists(ProductCategory.objects.filter(inside, product=OuterRef("pk"))))


def _in_collections(range_pks) -> Q:
    """Products in any of the collections (Oscar ranges, with their own inclusion rules)."""
    ranges = Range.objects.filter(pk__in=range_pks, is_public=True)
    return reduce(or_, (Q(pk__in=r.all_products().values("pk")) for r in ranges), NOTHING)


def string_q(lookup, value) -> Q:
    """A ``StringFilterInput`` (``eq``, ``oneOf``; both given: both hold) on ``lookup``."""
    conditions = []
    if value.get("eq") is not None:
        conditions.append(Q(**{lookup: value["eq"]}))
    if value.get("one_of") is not None:
        conditions.append(Q(**{f"{lookup}__in": value["one_of"]}))
    return reduce(and_, conditions, Q())


def _decimal(lookup, value) -> Q:
    q = string_q(lookup, value)
    bounds = value.get("range") or {}
    if bounds.get("gte") is not None:
        q &= Q(**{f"{lookup}__gte": bounds["gte"]})
    if bounds.get("lte") is not None:
        q &= Q(**{f"{lookup}__lte": bounds["lte"]})
    return q


def _attributes(inputs) -> Q:
    q = Q()
    for item in inputs or []:
        slug = item.get("slug")
        if not slug:
            raise GraphQLError(_("Each attribute filter needs a `slug`."))
        if item.get("value") is not None:
            value = item["value"]
            if value.get("slug") is not None:
                q &= attribute_q(slug, values=_one_or_many(value["slug"]))
            if value.get("name") is not None:
                q &= attribute_q(slug, values=_one_or_many(value["name"]))
            if value.get("numeric") is not None:
                numeric = value["numeric"]
                bounds = numeric.get("range") or {}
                values = _one_or_many(numeric) if (numeric.get("eq") is not None or numeric.get("one_of")) else None
                q &= attribute_q(slug, values=values, gte=bounds.get("gte"), lte=bounds.get("lte"))
            if value.get("boolean") is not None:
                q &= NOTHING  # no OTOP fact is a yes/no attribute
        elif item.get("values_range") is not None:
            bounds = item["values_range"]
            q &= attribute_q(slug, gte=bounds.get("gte"), lte=bounds.get("lte"))
        elif item.get("values") is not None:
            q &= attribute_q(slug, values=item["values"])
        elif item.get("boolean") is not None:
            q &= NOTHING
        else:
            raise GraphQLError(_("The filter on attribute %(slug)r needs `values`, `valuesRange` or `value`.")
                               % {"slug": slug})
    return q


def _one_or_many(value):
    return [value["eq"]] if value.get("eq") is not None else list(value.get("one_of") or [])


def _stock(availability) -> Q:
    in_stock = listing.in_stock_q()
    return in_stock if enum_value(availability) == StockAvailability.IN_STOCK.value else ~in_stock


def _available(available) -> Q:
    """Available for purchase = listed (only staff and producers ever see anything else) and in stock."""
    buyable = listing.listable_q() & listing.in_stock_q()
    return buyable if available else ~buyable


def _price_range(bounds) -> Q:
    q = Q()
    if bounds.get("gte") is not None:
        q &= Q(channel_price__gte=bounds["gte"])
    if bounds.get("lte") is not None:
        q &= Q(channel_price__lte=bounds["lte"])
    return q


def _shared_q(value, where) -> Q:
    """The conditions ``filter`` and ``where`` spell the same way."""
    q = Q()
    if value.get("ids") is not None:
        q &= Q(pk__in=decode_ids(value["ids"], "Product", f"{where}.ids"))
    if value.get("has_category") is not None:
        q &= Q(categories__isnull=not value["has_category"])
    if value.get("is_published") is not None:
        q &= Q(is_public=value["is_published"])
    if value.get("is_available") is not None:
        q &= _available(value["is_available"])
    if value.get("attributes"):
        q &= _attributes(value["attributes"])
    if value.get("stock_availability") is not None:
        q &= _stock(value["stock_availability"])
    if value.get("updated_at") is not None:
        bounds = value["updated_at"]
        q &= Q(**{f"date_updated__{op}": bounds[op] for op in ("gte", "lte") if bounds.get(op) is not None})
    return q


def without_search(value) -> dict:
    """``ProductFilterInput`` less what does not narrow the products: ``search`` (the ranking
    itself) and the deprecated ``channel``; unset fields left out."""
    return {k: v for k, v in dict(value or {}).items() if k not in ("search", "channel") and v is not None}


def filter_q(value) -> Q:
    """``ProductFilterInput`` (less ``search``, which products.py sends to the search service)."""
    if not value:
        return Q()
    q = _shared_q(value, "filter")
    if value.get("slugs") is not None:
        q &= slug_q(value["slugs"])
    if value.get("categories") is not None:
        q &= _in_categories(decode_ids(value["categories"], "Category", "filter.categories"))
    if value.get("collections") is not None:
        q &= _in_collections(decode_ids(value["collections"], "Collection", "filter.collections"))
    if value.get("product_types") is not None:
        q &= Q(product_class__in=decode_ids(value["product_types"], "ProductType", "filter.productTypes"))
    for name in ("price", "minimal_price"):
        if value.get(name) is not None:
            q &= _price_range(value[name])
    return q


def where_q(value) -> Q:
    """``ProductWhereInput``, with its AND/OR nesting."""
    if not value:
        return Q()
    q = _shared_q(value, "where")
    if value.get("name") is not None:
        q &= string_q("profile__name_th", value["name"]) | string_q("profile__name_en", value["name"])
    if value.get("slug") is not None:
        q &= slug_q(_one_or_many(value["slug"]))
    if value.get("category") is not None:
        ids = _one_or_many(value["category"])
        q &= _in_categories(decode_ids(ids, "Category", "where.category"))
    if value.get("collection") is not None:
        q &= _in_collections(decode_ids(_one_or_many(value["collection"]), "Collection", "where.collection"))
    if value.get("product_type") is not None:
        q &= Q(product_class__in=decode_ids(_one_or_many(value["product_type"]), "ProductType", "where.productType"))
    for name in ("price", "minimal_price"):
        if value.get(name) is not None:
            q &= _decimal("channel_price", value[name])
    if value.get("AND"):
        q &= reduce(and_, (where_q(part) for part in value["AND"]))
    if value.get("OR"):
        q &= reduce(or_, (where_q(part) for part in value["OR"]))
    return q


def uses_price(filter_value, where_value) -> bool:
    def walk(value):
        if not value:
            return False
        if value.get("price") is not None or value.get("minimal_price") is not None:
            return True
        return any(walk(part) for key in ("AND", "OR") for part in value.get(key) or [])
    return walk(filter_value) or walk(where_value)


def sorts_by_price(sort_by) -> bool:
    return enum_value((sort_by or {}).get("field")) in (ProductOrderField.PRICE.value, ProductOrderField.MINIMAL_PRICE.value)


def with_channel_price(queryset, channel, joined=False):
    """The price shoppers are shown in the channel, kept per product and channel (``channels.kept``),
    as ``channel_price``. ``joined``: the queryset has the product's row as ``channel_here`` already
    (the shoppers', ``products.visible_products``); others join it here."""
    if not joined:
        queryset = queryset.annotate(channel_here=kept.here(channel.pk))
    # annotate, not alias: ORDER BY under the DISTINCT of ``visible_to`` must be in the select list
    return queryset.annotate(channel_price=F("channel_here__price"))


# --- ordering --------------------------------------------------------------------------------

COLLECTION_POSITION = "collection_position"  # annotated by resolve_products inside a collection


def sorts_by_collection(sort_by) -> bool:
    return enum_value((sort_by or {}).get("field")) == ProductOrderField.COLLECTION.value


def order(queryset, sort_by, rank_field=None):
    """Order by Saleor's ``ProductOrder`` (a price sort needs ``with_channel_price`` first);
    ``rank_field`` is the search position when there was a search.

    ``RATING`` is what Saleor's storefront sends for its default "relevance" sort. Products here
    carry no shoppers' reviews; their rating is the programme's: the star level of the newest
    certification (the ``star-level`` attribute). With a search term, relevance is the search
    order itself."""
    field = enum_value((sort_by or {}).get("field")) or (ProductOrderField.RANK.value if rank_field else None)
    if field == ProductOrderField.RATING.value:
        if rank_field is not None:
            field = ProductOrderField.RANK.value
        else:
            queryset, field = queryset.annotate(sort_attribute=sort_expression("star-level")), "attribute"
    descending = enums.descending(sort_by)
    if (sort_by or {}).get("attribute_id"):
        slug = decode_id(sort_by["attribute_id"], "Attribute", "sortBy.attributeId")
        queryset, field = queryset.annotate(sort_attribute=sort_expression(slug)), "attribute"
    if field is None:
        return queryset.order_by("-pk")  # newest first
    if field == ProductOrderField.RANK.value:
        if rank_field is None:
            return queryset.order_by("-pk")
        # rank_field is a position (1 = best); "DESC" means best first, as Saleor's rank sort.
        expression = F(rank_field).asc() if descending or not sort_by else F(rank_field).desc()
        return queryset.order_by(expression, "pk")
    if field == "attribute":
        expression = F("sort_attribute")
    elif field in (ProductOrderField.PRICE.value, ProductOrderField.MINIMAL_PRICE.value):
        expression = F("channel_price")  # annotated by with_channel_price
    elif field == ProductOrderField.NAME.value:
        queryset = queryset.annotate(sort_name=Coalesce(NullIf("profile__name_th", Value("")),
                                                     NullIf("profile__name_en", Value("")), "title"))
        expression = F("sort_name")
    elif field in (ProductOrderField.CREATED_AT.value, ProductOrderField.DATE.value,
                   ProductOrderField.PUBLISHED.value, ProductOrderField.PUBLICATION_DATE.value,
                   ProductOrderField.PUBLISHED_AT.value):
        expression = F("date_created")
    elif field in (ProductOrderField.LAST_MODIFIED.value, ProductOrderField.LAST_MODIFIED_AT.value):
        expression = F("date_updated")
    elif field == ProductOrderField.COLLECTION.value:
        if COLLECTION_POSITION not in queryset.query.annotations:  # not inside a collection: the default
            return queryset.order_by("-pk")
        expression = F(COLLECTION_POSITION)
    elif field == ProductOrderField.TYPE.value:
        expression = F("product_class__name")
    else:
        raise GraphQLError(_("Sorting products by %(field)s is not supported; use NAME, RANK, PRICE, "
                             "CREATED_AT, LAST_MODIFIED_AT, RATING or TYPE.") % {"field": field.upper()})
    if descending:
        return queryset.order_by(expression.desc(nulls_last=True), "-pk")
    return queryset.order_by(expression.asc(nulls_last=True), "pk")
