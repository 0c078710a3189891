"""Helpers for the buying tests: baskets, addresses and placed orders built the way a shopper builds them."""
from oscar.core.loading import get_model

from marketplace.orders.placement import place_order
from marketplace.orders.strategy import ChannelStrategy

Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")

ADDRESSES = {
    "TH": dict(first_name="สมศรี", last_name="ใจดี", line1="12 ถนนนิมมานเหมินท์", line4="เชียงใหม่",
               state="เชียงใหม่", postcode="50200", phone_number="+66812345678"),
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


def address_form(country="TH"):
    """The checkout's address form filled in for ``country`` (a Thai one names its province)."""
    fields = {key: value for key, value in ADDRESSES.get(country, ADDRESSES["JP"]).items() if key != "state"}
    return dict(fields, country=country, **({"province": "TH-50"} if country == "TH" else {}))


def order_for(*items, country="TH", email="shopper@example.com", user=None):
    return place_order(basket_with(*items, owner=user), shipping_address=address(country), email=email, user=user)


def in_english():
    """Messages asserted on in English (each test otherwise starts in Thai)."""
    from django.utils import translation

    translation.activate("en")
