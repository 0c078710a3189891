"""Which currency a shopper pays in, and what a product and a baht amount cost in it.

A small port onto the sales channels (``marketplace.channels``: a THB domestic channel and a
USD international one). When that app is installed its rules decide (``price_for``,
``convert``, ``is_sold_in``); without it the port falls back to the stock record's THB price
and a plain rate (``OTOP_THB_PER_USD``), so the buying code is the same either way.
"""
import os
from decimal import ROUND_CEILING, Decimal

from django.apps import apps

DOMESTIC_COUNTRY = "TH"
THB, USD = "THB", "USD"
CURRENCIES = (THB, USD)


def currency_for_country(country_code):
    """Shoppers shipping inside Thailand pay in baht, everyone else in US dollars."""
    return THB if (country_code or "").upper() == DOMESTIC_COUNTRY else USD


def channel_for(currency):
    """The active channel priced in ``currency``, or None (also when channels are not installed)."""
    if not apps.is_installed("marketplace.channels"):
        return None
    from marketplace.channels.models import Channel

    return Channel.objects.filter(currency_code=currency, is_active=True).order_by("position", "pk").first()


def convert_from_thb(amount, currency, channel=None):
    amount = Decimal(amount)
    if currency == THB:
        return amount.quantize(Decimal("0.01"))
    channel = channel or channel_for(currency)
    if channel is not None:
        from marketplace.channels.pricing import convert

        return convert(amount, channel)
    if currency != USD:
        raise ValueError(f"unsupported currency {currency}")
    rate = Decimal(os.environ.get("OTOP_THB_PER_USD", "35"))
    return (amount / rate).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


_LOOK_UP = object()


def price_for(product, stockrecord, currency, channel=_LOOK_UP):
    """The unit price of ``product`` in ``currency``, or None when it is not sold there.
    Pass ``channel`` (from ``channel_for``) to save its query when pricing many products."""
    if channel is _LOOK_UP:
        channel = channel_for(currency)
    if channel is not None:
        from marketplace.channels.availability import is_sold_in
        from marketplace.channels.pricing import price_for as channel_price

        return channel_price(product, channel) if is_sold_in(product, channel) else None
    if stockrecord is None or stockrecord.price is None:
        return None
    if stockrecord.price_currency == currency:
        return stockrecord.price
    return convert_from_thb(stockrecord.price, currency) if stockrecord.price_currency == THB else None
