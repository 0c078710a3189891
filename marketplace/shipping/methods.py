"""Oscar's side of shipping: the priced parcel method its checkout offers, and a repository
that offers it for a basket and a shipping address. The price comes from ``pricing.py``."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import methods
from oscar.apps.shipping.repository import Repository
from oscar.core import prices

from marketplace.channels.pricing import CENT, convert_to

from . import pricing


class ParcelShipping(methods.Base):
    """One parcel per producer, each priced from its chargeable weight and the destination zone."""

    code = "otop-parcels"
    name = _("Parcel post (one parcel per producer)")
    description = _("Each producer ships its items in one parcel, priced by chargeable weight.")

    def __init__(self, quote, currency):
        self.quote = quote
        self.currency = currency
        # The channels' one rate and rounding rule (shipping sits below orders: it never imports it).
        self.parcel_charges = [convert_to(Decimal(parcel.price_thb), currency).quantize(CENT)
                               for parcel in quote.parcels]

    @property
    def charge(self):
        return sum(self.parcel_charges, Decimal("0.00"))

    def calculate(self, basket):
        return prices.Price(currency=self.currency, excl_tax=self.charge, incl_tax=self.charge)


def method_name(code, kept_name="") -> str:
    """An order's shipping method named in the active language from its code (the order keeps the name
    in the language it was placed in); a method the shop does not offer keeps its name."""
    for method in (ParcelShipping, methods.Free, methods.NoShippingRequired):
        if code == method.code:
            return str(method.name)
    return kept_name or code or ""


def basket_items(basket):
    return [(line.product, line.quantity) for line in basket.all_lines()]


def _country_code(shipping_addr):
    country = getattr(shipping_addr, "country", None)
    return getattr(country, "iso_3166_1_a2", None) or getattr(shipping_addr, "country_id", None)


class ParcelRepository(Repository):
    def apply_shipping_offers(self, basket, methods):
        """Shipping has one price, the parcels' (``pricing``), at which the order is placed
        (``orders.placement.shipping_method_for``, which applies no shipping offer): Oscar's shipping
        offers are not applied here either, so no checkout page shows a shipping price, or a total,
        that the order then does not charge."""
        return methods

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        if shipping_addr is None:
            return []
        try:
            quote = pricing.quote(basket_items(basket), _country_code(shipping_addr))
        except pricing.NotShippable:
            return []
        return [ParcelShipping(quote, basket.currency or "THB")]
