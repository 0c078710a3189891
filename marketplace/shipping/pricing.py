"""The one place that computes a shipping price.

Each producer ships its own items, so an order travels as one parcel per producer. A parcel's
chargeable weight is the sum over its items of max(gross weight, L×W×H/5000 kg) — the
volumetric rule couriers charge by — and its price is the first rate band of the destination's
zone that holds that weight. Prices are kept in baht and converted to the shopper's currency
by the channel rules (``marketplace.channels.pricing``).

A product without a gross weight but with its net weight is priced from an estimated gross
weight: the net weight plus the packaging allowance staff set (``PackagingAllowance``), and the
product page says the weight is estimated (``reach.py``). A product without either weight or
without its size cannot be priced abroad, so it cannot be shipped abroad; domestically it travels
at ``DOMESTIC_DEFAULT_WEIGHT_G`` per item, the weight the domestic flat rate was set for.
"""
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext as _

from marketplace.catalog.names import product_name
from marketplace.shipping.countries import name_in_messages

from .models import PackagingAllowance, ShippingRate, ZoneCountry

VOLUMETRIC_DIVISOR = Decimal(5000)  # cm³ per kg
DOMESTIC_DEFAULT_WEIGHT_G = Decimal(1000)


class NotShippable(Exception):
    """The basket cannot be shipped to that country; ``problems`` says which product and why."""

    def __init__(self, problems):
        self.problems = problems  # list of (product or None, message)
        super().__init__("; ".join(message for _product, message in problems))


@dataclass
class Parcel:
    producer: object
    chargeable_weight_g: Decimal
    price_thb: Decimal
    products: list = field(default_factory=list)


@dataclass
class ShippingQuote:
    country: str
    zone: object
    parcels: list

    @property
    def total_thb(self):
        return sum((parcel.price_thb for parcel in self.parcels), Decimal("0.00"))


def _packaging(product):
    try:
        return product.packaging
    except Exception:  # RelatedObjectDoesNotExist: no packaging recorded
        return None


def gross_weight_g(product, allowance=None):
    """(grams, estimated): the recorded gross weight, or the net weight plus the packaging
    allowance (estimated=True); (None, False) when neither weight is recorded."""
    packaging = _packaging(product)
    if packaging is None:
        return None, False
    if packaging.gross_weight_g is not None:
        return Decimal(packaging.gross_weight_g), False
    if packaging.net_weight_g is None:
        return None, False
    allowance = allowance or PackagingAllowance.current()
    net = Decimal(packaging.net_weight_g)
    return net + net * Decimal(allowance.percent) / 100 + allowance.grams, True


def item_chargeable_weight_g(product, allowance=None):
    """max(gross weight, volumetric weight) in grams, or None when weight or size is missing."""
    packaging = _packaging(product)
    if packaging is None or packaging.size_cm is None:
        return None
    gross, _estimated = gross_weight_g(product, allowance)
    if gross is None:
        return None
    length, width, height = packaging.size_cm
    volumetric_g = Decimal(length) * Decimal(width) * Decimal(height) / VOLUMETRIC_DIVISOR * 1000
    return max(gross, volumetric_g).quantize(Decimal("1"), rounding=ROUND_CEILING)


def can_ship_abroad(product, allowance=None):
    return item_chargeable_weight_g(product, allowance) is not None


def zone_for_country(country_code):
    link = ZoneCountry.objects.select_related("zone").filter(country=(country_code or "").upper()).first()
    return link.zone if link else None


def shipping_problem(product, country_code):
    """Why ``product`` cannot go to ``country_code``, or None. Shown before checkout."""
    zone = zone_for_country(country_code)
    if zone is None:
        return _("We do not ship to %(country)s yet.") % {"country": name_in_messages(country_code)}
    if not zone.is_domestic and not can_ship_abroad(product):
        return _("%(product)s cannot be shipped abroad: its packaging weight and size are not recorded.") % {
            "product": product_name(product)}
    return None


def _band_price(rates, weight_g):
    for rate in rates:
        if rate.max_weight_g >= weight_g:
            return rate.price_thb
    return None


def quote(items, country_code):
    """Price the parcels for ``items`` — (product, quantity) pairs — sent to ``country_code``.

    Raises ``NotShippable`` listing every product that cannot go there.
    """
    country_code = (country_code or "").upper()
    zone = zone_for_country(country_code)
    if zone is None:
        raise NotShippable([(None, _("We do not ship to %(country)s yet.") % {"country": name_in_messages(country_code)})])
    rates = list(ShippingRate.objects.filter(zone=zone).order_by("max_weight_g"))
    problems, weights = [], OrderedDict()
    allowance = PackagingAllowance.current()
    for product, quantity in items:
        weight = item_chargeable_weight_g(product, allowance)
        if weight is None:
            if not zone.is_domestic:
                problems.append((product, shipping_problem(product, country_code)))
                continue
            weight = DOMESTIC_DEFAULT_WEIGHT_G
        producer = product.profile.producer
        entry = weights.setdefault(producer.pk, [producer, Decimal(0), []])
        entry[1] += weight * quantity
        entry[2].append(product)
    parcels = []
    for producer, weight, products in weights.values():
        price = _band_price(rates, weight)
        if price is None:
            problems.append((None, _("The parcel from %(producer)s weighs %(kg)s kg, more than we can ship to "
                                     "%(zone)s.") % {"producer": producer, "kg": weight / 1000, "zone": zone.name}))
            continue
        parcels.append(Parcel(producer=producer, chargeable_weight_g=weight, price_thb=price, products=products))
    if problems:
        raise NotShippable(problems)
    return ShippingQuote(country=country_code, zone=zone, parcels=parcels)
