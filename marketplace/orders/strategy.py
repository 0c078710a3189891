"""Oscar pricing strategy for one sales channel: prices in the channel's currency, stock
required, and nothing unlisted on sale (``marketplace.catalog.listing``)."""
from decimal import Decimal

from oscar.apps.partner import availability, prices
from oscar.apps.partner.strategy import StockRequired, Structured, UseFirstStockRecord

from marketplace.catalog.listing import is_listable

from .currency import THB, price_for


class ChannelStrategy(UseFirstStockRecord, StockRequired, Structured):
    def __init__(self, request=None, currency=THB):
        super().__init__(request)
        self.currency = currency

    def pricing_policy(self, product, stockrecord):
        amount = price_for(product, stockrecord, self.currency)
        if amount is None:
            return prices.Unavailable()
        return prices.FixedPrice(currency=self.currency, excl_tax=Decimal(amount), tax=Decimal("0.00"))

    def parent_pricing_policy(self, product, children_stock):
        for _child, stockrecord in children_stock:
            if stockrecord is not None:
                return self.pricing_policy(product, stockrecord)
        return prices.Unavailable()

    def availability_policy(self, product, stockrecord):
        if not is_listable(product):
            return availability.Unavailable()
        return super().availability_policy(product, stockrecord)
