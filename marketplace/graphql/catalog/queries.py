"""The catalogue's root fields: products, product, productVariant(s), productType(s), category, categories."""
from functools import reduce
from operator import and_

import graphene
from django.db.models import Q
from django.utils.translation import gettext as _
from graphql import GraphQLError
from oscar.core.loading import get_model

from marketplace.graphql.catalog import filters, loading
from marketplace.graphql.catalog.filters import ProductFilterInput, ProductOrder, ProductWhereInput, StringFilterInput
from marketplace.graphql.catalog.products import (
    resolve_product, resolve_product_variants, resolve_products, visible_products,
)
from marketplace.graphql.catalog.types import (
    Category, CategoryCountableConnection, Product, ProductCountableConnection, ProductType,
    ProductTypeCountableConnection, ProductVariant, ProductVariantCountableConnection, Variant, language_argument,
)
from marketplace.graphql.channels.types import resolve_channel
from marketplace.graphql.core.connection import connection_args, paginate
from marketplace.graphql.core.enums import OrderDirection, descending, enum_value
from marketplace.graphql.core.ids import decode_id, decode_ids

CategoryModel = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")


class CategoryFilterInput(graphene.InputObjectType):
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class ProductVariantFilterInput(graphene.InputObjectType):
    sku = graphene.List(graphene.NonNull(graphene.String))


class ProductVariantWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))
    sku = graphene.Field(StringFilterInput)


class ProductTypeFilterInput(graphene.InputObjectType):
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class ProductTypeSortField(graphene.Enum):
    NAME = "name"
    SHIPPING_REQUIRED = "requires_shipping"


class ProductTypeSortingInput(graphene.InputObjectType):
    direction = OrderDirection(required=True)
    field = ProductTypeSortField(required=True)


def _variant_skus_q(filter, where):
    """The SKU (programme code) conditions of ``filter`` and ``where``, or None when neither has one."""
    conditions = []
    if filter.get("sku") is not None:
        conditions.append(Q(profile__programme_code__in=filter["sku"]))
    if where.get("sku") is not None:
        conditions.append(filters.string_q("profile__programme_code", where["sku"]))
    return reduce(and_, conditions) if conditions else None


def product_list_args():
    return dict(
        filter=graphene.Argument(ProductFilterInput), where=graphene.Argument(ProductWhereInput),
        sort_by=graphene.Argument(ProductOrder), search=graphene.String(), channel=graphene.String(),
        **connection_args())


class CatalogQueries(graphene.ObjectType):
    products = graphene.Field(ProductCountableConnection, **product_list_args())
    product = graphene.Field(Product, id=graphene.ID(), slug=graphene.String(),
                             slug_language_code=language_argument(required=False),
                             external_reference=graphene.String(), channel=graphene.String())
    product_variant = graphene.Field(ProductVariant, id=graphene.ID(), sku=graphene.String(),
                                     external_reference=graphene.String(), channel=graphene.String())
    product_variants = graphene.Field(ProductVariantCountableConnection, ids=graphene.List(graphene.NonNull(graphene.ID)),
                                      channel=graphene.String(), filter=ProductVariantFilterInput(),
                                      where=ProductVariantWhereInput(), **connection_args())
    product_type = graphene.Field(ProductType, id=graphene.ID(required=True))
    product_types = graphene.Field(ProductTypeCountableConnection, filter=ProductTypeFilterInput(),
                                   sort_by=ProductTypeSortingInput(), **connection_args())
    category = graphene.Field(Category, id=graphene.ID(), slug=graphene.String(),
                              slug_language_code=language_argument(required=False))
    categories = graphene.Field(CategoryCountableConnection, filter=graphene.Argument(CategoryFilterInput),
                                level=graphene.Int(), **connection_args())

    @staticmethod
    def resolve_products(root, info, **kwargs):
        return resolve_products(info, **kwargs)

    @staticmethod
    def resolve_product(root, info, **kwargs):
        return resolve_product(info, **kwargs)

    @staticmethod
    def resolve_product_variant(root, info, id=None, sku=None, external_reference=None, channel=None):
        if (id is None) == (sku is None and external_reference is None):
            raise GraphQLError(_("Provide exactly one of `id`, `sku` or `externalReference`."))
        channel_obj = resolve_channel(channel)
        queryset = visible_products(info, channel_obj)
        if id is not None:
            queryset = queryset.filter(pk=decode_id(id, "ProductVariant"))
        else:
            queryset = queryset.filter(profile__programme_code=sku or external_reference)
        product = loading.with_related(queryset).order_by("pk").first()
        if product is None:
            return None
        return Variant(loading.load_for_variant(product, channel_obj))

    @staticmethod
    def resolve_product_variants(root, info, ids=None, filter=None, where=None, **kwargs):
        filter, where = filter or {}, where or {}
        id_lists = [(field, given) for field, given in (("ids", ids), ("where.ids", where.get("ids"))) if given is not None]
        return resolve_product_variants(info, ids=id_lists, skus=_variant_skus_q(filter, where), **kwargs)

    @staticmethod
    def resolve_product_type(root, info, id):
        return ProductClass.objects.filter(pk=decode_id(id, "ProductType")).first()

    @staticmethod
    def resolve_product_types(root, info, filter=None, sort_by=None, **page):
        """The kinds of product (Oscar's product classes; the programme's products are one kind)."""
        filter = filter or {}
        types = ProductClass.objects.all()
        if filter.get("ids") is not None:
            types = types.filter(pk__in=decode_ids(filter["ids"], "ProductType", "filter.ids"))
        if filter.get("slugs") is not None:
            types = types.filter(slug__in=filter["slugs"])
        search = (filter.get("search") or "").strip()
        if search:
            types = types.filter(Q(name__icontains=search) | Q(slug__icontains=search))
        field = enum_value(sort_by["field"]) if sort_by else "name"  # (both of a sort's fields are required)
        return paginate(types.order_by(f"{'-' if descending(sort_by) else ''}{field}", "pk"), "productTypes", **page)

    @staticmethod
    def resolve_category(root, info, id=None, slug=None, slug_language_code=None):
        if (id is None) == (slug is None):
            raise GraphQLError(_("Provide exactly one of `id` or `slug`."))
        categories = CategoryModel.objects.select_related("names").filter(is_public=True)
        if id is not None:
            return categories.filter(pk=decode_id(id, "Category")).first()
        return categories.filter(slug=slug).first()

    @staticmethod
    def resolve_categories(root, info, filter=None, level=None, first=None, last=None, after=None, before=None):
        categories = CategoryModel.objects.select_related("names").filter(is_public=True).order_by("path")
        filter = filter or {}
        if filter.get("slugs") is not None:
            categories = categories.filter(slug__in=filter["slugs"])
        if filter.get("ids") is not None:
            categories = categories.filter(pk__in=decode_ids(filter["ids"], "Category", "filter.ids"))
        if filter.get("search"):
            term = filter["search"]
            categories = categories.filter(names__name_th__icontains=term) | categories.filter(
                names__name_en__icontains=term) | categories.filter(name__icontains=term)
        if level is not None:
            categories = categories.filter(depth=level + 1)
        return paginate(categories, "categories", first=first, last=last, after=after, before=before)
