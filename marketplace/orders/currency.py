"""Which currency a shopper pays in, and what a product and a baht amount cost in it.

A small port onto the sales channels (``marketplace.channels``: a THB domestic channel and a
USD international one), whose rules decide (``price_for``, ``convert_to``, ``is_sold_in``).
"""
from decimal import Decimal

from marketplace.channels.availability import is_sold_in
from marketplace.channels.models import Channel
from marketplace.channels.pricing import convert_to
from marketplace.channels.pricing import price_for as channel_price

DOMESTIC_COUNTRY = "TH"
THB, USD = "THB", "USD"
CURRENCIES = (THB, USD)


def currency_for_country(country_code):
    """Shoppers shipping inside Thailand pay in baht, everyone else in US dollars."""
    return THB if (country_code or "").upper() == DOMESTIC_COUNTRY else USD


def channel_for(currency):
    """The active channel priced in ``currency``, or None."""
    return Channel.objects.filter(currency_code=currency, is_active=True).order_by("position", "pk").first()


def convert_from_thb(amount, currency):
    """A baht amount in ``currency`` by the channels' one rate and rounding rule."""
    amount = Decimal(amount)
    if currency == THB:
        return amount.quantize(Decimal("0.01"))
    return convert_to(amount, currency)


_LOOK_UP = object()


def price_for(product, stockrecord, currency, channel=_LOOK_UP):
    """The unit price of ``product`` in ``currency``, or None when it is not sold there.
    Pass ``channel`` (from ``channel_for``) to save its query when pricing many products."""
    if channel is _LOOK_UP:
        channel = channel_for(currency)
    if channel is not None:
        return channel_price(product, channel) if is_sold_in(product, channel) else None
    if stockrecord is None or stockrecord.price is None:
        return None
    if stockrecord.price_currency == currency:
        return stockrecord.price
    return convert_from_thb(stockrecord.price, currency) if stockrecord.price_currency == THB else None
