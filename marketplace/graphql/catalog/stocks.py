"""Saleor's ``ProductVariant.stocks``, for those who manage the product (staff, and the users of its
producer: ``Producer.objects.for_user``): the warehouse the product is sold from — its producer's Oscar
partner, ``Warehouse:<partner id>``, the id ``productVariantStocksUpdate`` takes — with the units held
and allocated (``catalog.stock.record_to_write``: the selling record, else the producer's own). Anyone else gets null: another producer's stock
is not theirs to see (Saleor asks for MANAGE_PRODUCTS)."""
import graphene

from marketplace.catalog import stock
from marketplace.producers.models import Producer


class Warehouse(graphene.ObjectType):
    """Where a product's stock is held: its producer's partner."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)

    @staticmethod
    def resolve_slug(root, info):
        return root.code


class Stock(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    warehouse = graphene.Field(Warehouse, required=True)
    quantity = graphene.Int(required=True, description="Units held.")
    quantity_allocated = graphene.Int(required=True, description="Units placed orders have taken.")
    quantity_reserved = graphene.Int(required=True, description="Always 0: checkouts reserve nothing.")

    @staticmethod
    def resolve_warehouse(root, info):
        return root.partner

    @staticmethod
    def resolve_quantity(root, info):
        return root.num_in_stock or 0

    @staticmethod
    def resolve_quantity_allocated(root, info):
        return root.num_allocated or 0

    @staticmethod
    def resolve_quantity_reserved(root, info):
        return 0


def _producers_of(info):
    """The producers the caller acts for, once per request (None for staff: every one)."""
    request = info.context
    if not hasattr(request, "_stock_producer_ids"):
        user = request.user
        request._stock_producer_ids = (None if getattr(user, "is_staff", False) else
                                       set(Producer.objects.for_user(user).values_list("pk", flat=True)))
    return request._stock_producer_ids


def stocks_of(info, product):
    """The product's stock as Saleor's ``[Stock]`` for a caller who manages it, else None."""
    if not getattr(info.context.user, "is_authenticated", False):
        return None
    producers = _producers_of(info)
    profile = getattr(product, "profile", None)
    if producers is not None and (profile is None or profile.producer_id not in producers):
        return None
    record = stock.record_to_write(product)  # where set_stock writes: the selling record, else the producer's
    return [record] if record is not None else []
