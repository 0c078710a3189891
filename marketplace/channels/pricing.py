"""The price of a product in a channel: the one rule checkout, the API and pages share.

- In a channel priced in the product's own currency (THB), the price is that of the product's
  selling record (``catalog.stock``: the stock it is sold from).
- Elsewhere a listing may fix the price (``ProductChannelListing.price``); without one the
  price is derived: THB price × ``OTOP_USD_PER_THB``, then rounded by ``OTOP_USD_PRICE_ROUNDING``:
  ``"0.99"`` gives the smallest x.99 not below the converted amount (charm pricing),
  ``"0.05"`` the nearest multiple of 0.05, ``"0.01"`` plain cents (half up).

``price_for`` works on one product and reads only prefetched relations when they are there
(``price_in`` adds whether the channel sells it at all: what pages, basket and API show);
``price_expression`` is the same rule in SQL, for sorting and filtering whole catalogues.
"""
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, DecimalField, OuterRef, Subquery, Value, When
from django.db.models.functions import Ceil, Coalesce, Round

from marketplace.catalog import stock
from marketplace.channels import availability
from marketplace.channels.models import ProductChannelListing

BASE_CURRENCY = "THB"
ROUNDING_RULES = ("0.99", "0.05", "0.01")
CENT = Decimal("0.01")


def usd_per_thb() -> Decimal:
    return Decimal(str(settings.OTOP_USD_PER_THB))


def rounding_rule() -> str:
    rule = str(settings.OTOP_USD_PRICE_ROUNDING)
    if rule not in ROUNDING_RULES:
        raise ImproperlyConfigured(f"OTOP_USD_PRICE_ROUNDING must be one of {', '.join(ROUNDING_RULES)}, not {rule!r}")
    return rule


def convert(amount_thb: Decimal, channel) -> Decimal:
    """A THB amount in the channel's currency, rounded by the configured rule."""
    return convert_to(amount_thb, channel.currency_code)


def convert_to(amount_thb: Decimal, currency_code: str) -> Decimal:
    """A THB amount in ``currency_code``, by the configured rate and rounding rule."""
    if currency_code == BASE_CURRENCY:
        return amount_thb
    raw = Decimal(amount_thb) * rate_to(currency_code)
    rule = rounding_rule()
    if rule == "0.99":
        return (raw + CENT).to_integral_value(rounding=ROUND_CEILING) - CENT
    if rule == "0.05":
        return ((raw / Decimal("0.05")).to_integral_value(rounding=ROUND_HALF_UP) * Decimal("0.05")).quantize(CENT)
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


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


def price_expression(channel, product_ref="pk"):
    """``price_for`` as an SQL expression over ``catalogue.Product`` (for sorting and filtering)."""
    output = DecimalField(max_digits=12, decimal_places=2)
    thb = Subquery(
        stock.selling_records(product_ref).values("price")[:1],
        output_field=output,
    )
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
        if rule == "0.99":
            derived = Ceil(raw + Value(CENT)) - Value(CENT)
        elif rule == "0.05":
            derived = Round(raw / Value(Decimal("0.05"))) * Value(Decimal("0.05"))
        else:
            derived = Round(raw, 2)
    return Coalesce(fixed, derived, output_field=output)


def price_in_expression(channel):
    """``price_in`` as an SQL expression over ``catalogue.Product``: what the shopper is shown
    (search sorts and filters on it)."""
    output = DecimalField(max_digits=12, decimal_places=2)
    if channel is None:
        return Value(None, output_field=output)
    return Case(When(availability.in_channel_q(channel), then=price_expression(channel)), default=None,
                output_field=output)
