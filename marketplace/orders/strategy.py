"""Oscar pricing strategy for one sales channel: prices in the channel's currency, stock required.

The price is the channels' rule (``channels.pricing.price_in``: none when the channel is
switched off or does not sell the product); the stock record sold from and what is left of it
are the stock rule's (``catalog.stock``). Whether a product may be sold at all is the listing
rule's call; ``placement.check_listed`` asks it when the order is placed. How many units one line
may hold is ``line_quantity``'s: Oscar's basket forms ask the availability policy with the line's
resulting quantity, so the basket pages refuse what the checkout API refuses.
"""
from decimal import Decimal

from django.utils.translation import ngettext
from oscar.apps.partner import availability, prices
from oscar.apps.partner.strategy import Structured

from marketplace.catalog import stock
from marketplace.channels.pricing import price_in

from . import line_quantity
from .currency import THB, channel_for


class CappedPerLine:
    """A policy that first refuses a line larger than ``line_quantity`` allows."""

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product

    def is_purchase_permitted(self, quantity):
        reason = line_quantity.refusal(self.product, quantity)
        if reason is not None:
            return False, reason
        return super().is_purchase_permitted(quantity)


class AvailableCapped(CappedPerLine, availability.Available):
    pass


class StockShownWhenLow(CappedPerLine, availability.StockRequired):
    """Oscar's stock-required policy, saying how many units are left only when few are
    (``stock.is_low``); otherwise just "In stock" or "Unavailable"."""

    @property
    def message(self) -> str:
        if stock.is_low(self.num_available):
            return ngettext("Only %(count)d left", "Only %(count)d left", self.num_available) % {
                "count": self.num_available}
        return super().short_message

    @property
    def short_message(self):
        return self.message


class ChannelStrategy(Structured):
    def __init__(self, request=None, currency=THB):
        super().__init__(request)
        self.currency = currency
        self._channel = None
        self._channel_loaded = False

    @property
    def channel(self):
        if not self._channel_loaded:
            self._channel, self._channel_loaded = channel_for(self.currency), True
        return self._channel

    def select_stockrecord(self, product):
        return stock.selling_record(product)

    def availability_policy(self, product, stockrecord):
        if stockrecord is None:
            return availability.Unavailable()
        if not product.get_product_class().track_stock:
            return AvailableCapped(product=product)
        return StockShownWhenLow(stock.available(stockrecord), product=product)

    def parent_availability_policy(self, product, children_stock):
        for child, stockrecord in children_stock:
            if self.availability_policy(child, stockrecord).is_available_to_buy:
                return availability.Available()
        return availability.Unavailable()

    def pricing_policy(self, product, stockrecord):
        amount = price_in(product, self.channel) if stockrecord is not None else None
        if amount is None:
            return prices.Unavailable()
        return prices.FixedPrice(currency=self.currency, excl_tax=Decimal(amount), tax=Decimal("0.00"))

    def parent_pricing_policy(self, product, children_stock):
        for _child, stockrecord in children_stock:
            if stockrecord is not None:
                return self.pricing_policy(product, stockrecord)
        return prices.Unavailable()
