"""The price of a product in a channel: the one rule checkout, the API and pages share.

- In a channel priced in the product's own currency (THB), the price is that of the product's
  selling record (``catalog.stock``: the stock it is sold from).
- Elsewhere a listing may fix the price (``ProductChannelListing.price``); without one the
  price is derived: THB price × ``OTOP_USD_PER_THB``, then rounded by ``OTOP_USD_PRICE_ROUNDING``:
  ``"0.99"`` gives the smallest x.99 not below the converted amount (charm pricing),
  ``"0.49"`` the nearest x.49 or x.99, ``"0.05"`` the nearest multiple of 0.05, ``"0.01"`` plain
  cents (half up). The two charm rules apply from ``OTOP_USD_CHARM_FROM`` (in the channel's
  currency) up; below it prices are rounded to the cent, so that a cheap item does not cost a
  third more abroad than at home (฿25 is $0.73, not $0.99).

``price_for`` works on one product and reads only prefetched relations when they are there
(``price_in`` adds whether the channel sells it at all: what pages, basket and API show);
``price_expression`` is the same rule in SQL, for sorting and filtering whole catalogues.

Producers change prices with ``set_price(product, channel, amount, by=user)`` (the portal and the
API; ``set_prices`` for several channels, all or none): checked (a number, not below zero, the
currency's decimal places, commas only between thousands) and applied at once.
"""
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Case, DecimalField, OuterRef, Subquery, Value, When
from django.db.models.functions import Ceil, Coalesce, Round
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext as _, ngettext

from marketplace.catalog import stock
from marketplace.channels import availability
from marketplace.channels.models import Channel, ProductChannelListing
from marketplace.core import thai
from marketplace.core.actor import acting_as
from marketplace.core.errors import DomainError

BASE_CURRENCY = "THB"
ROUNDING_RULES = ("0.99", "0.49", "0.05", "0.01")
CHARM_RULES = ("0.99", "0.49")
CENT = Decimal("0.01")
HALF = Decimal("0.50")


def usd_per_thb() -> Decimal:
    return Decimal(str(settings.OTOP_USD_PER_THB))


def rounding_rule() -> str:
    rule = str(settings.OTOP_USD_PRICE_ROUNDING)
    if rule not in ROUNDING_RULES:
        raise ImproperlyConfigured(f"OTOP_USD_PRICE_ROUNDING must be one of {', '.join(ROUNDING_RULES)}, not {rule!r}")
    return rule


def charm_from() -> Decimal:
    """The converted amount from which the charm rules ("0.99", "0.49") apply; below it, cents."""
    try:
        threshold = Decimal(str(settings.OTOP_USD_CHARM_FROM))
    except InvalidOperation:
        threshold = None
    if threshold is None or not threshold.is_finite() or threshold < 0:
        raise ImproperlyConfigured(f"OTOP_USD_CHARM_FROM must be an amount of at least 0, "
                                   f"not {settings.OTOP_USD_CHARM_FROM!r}")
    return threshold


def round_converted(raw: Decimal) -> Decimal:
    """A converted amount rounded by the configured rule (``price_expression`` is its SQL twin)."""
    rule = rounding_rule()
    if rule in CHARM_RULES and raw < charm_from():
        rule = "0.01"
    if rule == "0.99":
        return (raw + CENT).to_integral_value(rounding=ROUND_CEILING) - CENT
    if rule == "0.49":
        return ((raw + CENT) / HALF).to_integral_value(rounding=ROUND_HALF_UP) * HALF - CENT
    if rule == "0.05":
        return ((raw / Decimal("0.05")).to_integral_value(rounding=ROUND_HALF_UP) * Decimal("0.05")).quantize(CENT)
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def convert(amount_thb: Decimal, channel) -> Decimal:
    """A THB amount in the channel's currency, rounded by the configured rule."""
    return convert_to(amount_thb, channel.currency_code)


def convert_to(amount_thb: Decimal, currency_code: str) -> Decimal:
    """A THB amount in ``currency_code``, by the configured rate and rounding rule."""
    if currency_code == BASE_CURRENCY:
        return amount_thb
    return round_converted(Decimal(amount_thb) * rate_to(currency_code))


def rate_for(channel) -> Decimal:
    return rate_to(channel.currency_code)


def rate_from_base(currency_code: str) -> Decimal:
    """Units of ``currency_code`` per baht today (1 for baht): what an order records when placed."""
    return Decimal(1) if currency_code == BASE_CURRENCY else rate_to(currency_code)


def rate_to(currency_code: str) -> Decimal:
    if currency_code == "USD":
        return usd_per_thb()
    raise ImproperlyConfigured(f"no exchange rate from THB to {currency_code}")


def base_price(product):
    """The THB price of the product's selling record (``catalog.stock``), or None."""
    record = stock.selling_record(product)
    return record.price if record is not None else None


def _listing(product, channel):
    for listing in product.channel_listings.all():
        if listing.channel_id == channel.pk:
            return listing
    return None


def price_for(product, channel):
    """The product's price in ``channel``'s currency (a Decimal), or None when it has no price there."""
    listing = _listing(product, channel)
    if listing is not None and listing.price is not None:
        return listing.price
    thb = base_price(product)
    if thb is None:
        return None
    return convert(thb, channel)


def price_in(product, channel):
    """What a shopper pays for ``product`` in ``channel``: ``price_for`` when the channel sells
    the product, None when it does not or when there is no such channel (switched off)."""
    if channel is None or not availability.is_sold_in(product, channel):
        return None
    return price_for(product, channel)


def price_expression(channel, product_ref="pk", thb=None, fixed=None):
    """``price_for`` as an SQL expression over ``catalogue.Product`` (for sorting and filtering).
    ``thb`` and ``fixed``: the THB price and the channel listing's fixed price as expressions, when
    the query has them at hand (the kept listing's ``price``, ``catalog.listing``; a join to the
    channel's listing); by default subqueries on the selling record and the listing."""
    output = DecimalField(max_digits=12, decimal_places=2)
    if thb is None:
        thb = Subquery(stock.selling_records(product_ref).values("price")[:1], output_field=output)
    if fixed is None:
        fixed = Subquery(
            ProductChannelListing.objects.filter(product=OuterRef(product_ref), channel=channel, price__isnull=False)
            .values("price")[:1],
            output_field=output,
        )
    if channel.currency_code == BASE_CURRENCY:
        derived = thb
    else:
        raw = thb * Value(rate_for(channel), output_field=output)
        rule = rounding_rule()
        cents = Round(raw, 2)
        if rule == "0.99":
            charm = Ceil(raw + Value(CENT)) - Value(CENT)
        elif rule == "0.49":
            charm = Round((raw + Value(CENT)) / Value(HALF)) * Value(HALF) - Value(CENT)
        elif rule == "0.05":
            charm = Round(raw / Value(Decimal("0.05"))) * Value(Decimal("0.05"))
        else:
            charm = cents
        if rule in CHARM_RULES:
            derived = Case(When(GreaterThanOrEqual(raw, Value(charm_from(), output_field=output)), then=charm),
                           default=cents, output_field=output)
        else:
            derived = charm
    return Coalesce(fixed, derived, output_field=output)


def price_in_expression(channel):
    """``price_in`` as an SQL expression over ``catalogue.Product``: what the shopper is shown
    (search sorts and filters on it)."""
    output = DecimalField(max_digits=12, decimal_places=2)
    if channel is None:
        return Value(None, output_field=output)
    return Case(When(availability.in_channel_q(channel), then=price_expression(channel)), default=None,
                output_field=output)


class PriceErrorCode(StrEnum):
    """Saleor 3.23's ``ProductErrorCode`` values a price change may be refused with."""

    INVALID = "INVALID"
    REQUIRED = "REQUIRED"


class PriceError(DomainError):
    code_enum = PriceErrorCode


# Decimal places of the currencies the channels sell in (ISO 4217 minor units).
CURRENCY_PLACES = {"THB": 2, "USD": 2}
MAX_PRICE = Decimal("9999999999.99")  # the price columns: 12 digits, 2 of them decimals


def clean_amount(amount, currency_code, field="price") -> Decimal:
    """``amount`` as a Decimal price in ``currency_code``, or a ``PriceError`` saying what is wrong:
    a number, not below zero, with no more decimal places than the currency has."""
    given = str(amount).strip() if amount is not None else ""
    text = thai.without_grouping(given)
    if text is None:
        raise PriceError(PriceErrorCode.INVALID, _("The price in %(currency)s “%(value)s” has a comma out of place: "
                                                   "write decimals after a point (12.50) and commas only between "
                                                   "thousands (1,250).") % {"currency": currency_code, "value": given},
                         field)
    if not text:
        raise PriceError(PriceErrorCode.REQUIRED, _("Enter a price in %(currency)s.") % {"currency": currency_code},
                         field)
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise PriceError(PriceErrorCode.INVALID, _("The price in %(currency)s must be a number, not “%(value)s”.")
                         % {"currency": currency_code, "value": text}, field)
    if value < 0:
        raise PriceError(PriceErrorCode.INVALID, _("The price in %(currency)s cannot be below zero.")
                         % {"currency": currency_code}, field)
    if value > MAX_PRICE:
        raise PriceError(PriceErrorCode.INVALID, _("The price in %(currency)s cannot be above %(max)s.")
                         % {"currency": currency_code, "max": MAX_PRICE}, field)
    places = CURRENCY_PLACES.get(currency_code, 2)
    if value != value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
        raise PriceError(PriceErrorCode.INVALID, ngettext(
            "A price in %(currency)s has at most %(places)d decimal place.",
            "A price in %(currency)s has at most %(places)d decimal places.", places,
        ) % {"currency": currency_code, "places": places}, field)
    return value.quantize(Decimal(1).scaleb(-places))


def set_prices(product, amounts, by=None):
    """``set_price`` for each ``(channel, amount)`` of ``amounts``, in one transaction: when one is
    refused (a channel stopped selling the product since the caller looked), none is applied."""
    with transaction.atomic():
        return [set_price(product, channel, amount, by=by) for channel, amount in amounts]


def set_price(product, channel, amount, by=None):
    """Set ``product``'s price in ``channel``, at once. In the THB channel it is the selling
    record's price (``catalog.stock``; a product without a record gets one of its producer). In
    another channel it is the listing's fixed price; ``amount=None`` there removes the fixed price,
    so the price is derived from the THB price again. A product that had no listings (sold in every
    channel) gets one in each existing channel, so fixing a price never takes it off a channel."""
    base = channel.currency_code == BASE_CURRENCY
    value = None if amount is None and not base else clean_amount(amount, channel.currency_code)
    with transaction.atomic(), acting_as(by):
        if base:
            record = stock.record_to_write(product, lock=True) or stock.new_record(product)
            record.price, record.price_currency = value, BASE_CURRENCY
            record.save()
            # A fixed THB price on a listing would win over the record's: one THB price only.
            for listing in ProductChannelListing.objects.filter(product=product, channel=channel,
                                                                price__isnull=False):
                listing.price = None
                listing.save()
            return value
        listings = {listing.channel_id: listing
                    for listing in ProductChannelListing.objects.select_for_update().filter(product=product)}
        if listings and channel.pk not in listings:
            raise PriceError(PriceErrorCode.INVALID, _("This product is not sold in %(channel)s.")
                             % {"channel": channel.name}, "channel")
        if not listings:
            if value is None:
                return None  # derived already
            for other in Channel.objects.exclude(pk=channel.pk):
                ProductChannelListing.objects.create(product=product, channel=other)
        listing = listings.get(channel.pk) or ProductChannelListing(product=product, channel=channel)
        listing.price = value
        listing.save()
    return value
