"""Helpers for the buying tests: baskets, addresses and placed orders built the way a shopper builds them."""
from oscar.core.loading import get_model

from marketplace.orders.placement import place_order
from marketplace.orders.strategy import ChannelStrategy

Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")

ADDRESSES = {
    "TH": dict(first_name="สมศรี", last_name="ใจดี", line1="12 ถนนนิมมานเหมินท์", line4="เชียงใหม่",
               postcode="50200", phone_number="+66812345678"),
    "JP": dict(first_name="Haruka", last_name="Tanaka", line1="1-2-3 Namba", line4="Osaka",
               postcode="542-0076", phone_number="+81612345678"),
}


def basket_with(*items, owner=None):
    """A basket holding ``(product, quantity)`` pairs, priced the way the shop prices it."""
    basket = Basket.objects.create(owner=owner)
    basket.strategy = ChannelStrategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def address(country="TH"):
    return ShippingAddress(country_id=country, **ADDRESSES.get(country, ADDRESSES["JP"]))


def order_for(*items, country="TH", email="shopper@example.com", user=None):
    return place_order(basket_with(*items, owner=user), shipping_address=address(country), email=email, user=user)


# Rows a committed (non-rolled-back) test may create, children before parents.
_COMMITTED_MODELS = [("order", "Order"), ("order", "ShippingAddress"), ("basket", "Basket"),
                     ("partner", "StockRecord"), ("catalogue", "Product"), ("producers", "Producer"),
                     ("partner", "Partner"), ("auth", "User")]


class committed_rows:
    """Deletes, on exit, the rows of ``_COMMITTED_MODELS`` created inside the block.

    The race tests need data other connections can see, so it is committed; pytest-django's
    ``transaction=True`` would instead truncate every table afterwards, losing the rows the
    data migrations seeded (provinces, zones, categories) for every later run of a reused
    test database.
    """

    def __enter__(self):
        from django.apps import apps
        from django.db.models import Max

        self.models = [apps.get_model(label, name) for label, name in _COMMITTED_MODELS]
        self.marks = {model: model.objects.aggregate(m=Max("pk"))["m"] or 0 for model in self.models}
        return self

    def __exit__(self, *exc):
        for model in self.models:
            model.objects.filter(pk__gt=self.marks[model]).delete()
        return False


def in_english():
    """Messages asserted on in English (each test otherwise starts in Thai)."""
    from django.utils import translation

    translation.activate("en")
