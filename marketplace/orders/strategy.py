"""Oscar pricing strategy for one sales channel: prices in the channel's currency, stock required.

Whether a product may be sold at all is the listing rule's call; ``placement.check_listed``
asks it when the order is placed.
"""
from decimal import Decimal

from oscar.apps.partner import prices
from oscar.apps.partner.strategy import StockRequired, Structured, UseFirstStockRecord

from .currency import THB, channel_for, price_for


class ChannelStrategy(UseFirstStockRecord, StockRequired, Structured):
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

    def pricing_policy(self, product, stockrecord):
        amount = price_for(product, stockrecord, self.currency, channel=self.channel)
        if amount is None:
            return prices.Unavailable()
        return prices.FixedPrice(currency=self.currency, excl_tax=Decimal(amount), tax=Decimal("0.00"))

    def parent_pricing_policy(self, product, children_stock):
        for _child, stockrecord in children_stock:
            if stockrecord is not None:
                return self.pricing_policy(product, stockrecord)
        return prices.Unavailable()
