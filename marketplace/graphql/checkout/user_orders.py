"""``me { orders }``: the signed-in shopper's orders, newest first, as Saleor's
``OrderCountableConnection``. The User type (account) adds it with one line:
``orders = user_orders.orders_field()`` and ``resolve_orders = user_orders.resolve_orders``."""
import graphene
from oscar.core.loading import get_model

from marketplace.graphql.core.connection import connection_args, countable_connection, paginate

from .common import ADDRESSES_AND_USER
from .orders import OrderType

Order = get_model("order", "Order")

OrderCountableConnection = countable_connection(OrderType, "Order")


def orders_field():
    return graphene.Field(OrderCountableConnection, **connection_args())


def orders_of(user):
    return (Order.objects.filter(user=user).select_related(*ADDRESSES_AND_USER)
            .order_by("-date_placed", "-pk"))


def resolve_orders(root, info, first=None, last=None, after=None, before=None, **_filters):
    user = info.context.user
    if root.pk is None or getattr(user, "pk", None) != root.pk:  # a user's orders are theirs only
        return paginate([], "orders", first=first, last=last, after=after, before=before, count=lambda: 0)
    return paginate(orders_of(root), "orders", first=first, last=last, after=after, before=before)
