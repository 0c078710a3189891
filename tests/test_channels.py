"""Channels: the domestic THB shop and the international USD shop, and what a product costs in each."""
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from oscar.core.loading import get_model

from marketplace.channels import availability, pricing
from marketplace.channels.models import DOMESTIC_CHANNEL_SLUG, INTERNATIONAL_CHANNEL_SLUG, Channel, ProductChannelListing
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def _channels():
    return Channel.objects.get(slug=DOMESTIC_CHANNEL_SLUG), Channel.objects.get(slug=INTERNATIONAL_CHANNEL_SLUG)


def test_migration_creates_a_thb_and_a_usd_channel():
    thb, usd = _channels()
    assert (thb.currency_code, thb.default_country, thb.countries) == ("THB", "TH", ["TH"])
    assert (usd.currency_code, usd.default_country, usd.countries) == ("USD", "US", [])
    assert list(availability.active_channels().values_list("slug", flat=True)) == ["th-thb", "intl-usd"]


def test_thb_channel_price_is_the_stock_record_price():
    thb, _ = _channels()
    assert pricing.price_for(certified_product(price="350.00"), thb) == Decimal("350.00")


@pytest.mark.parametrize("rule, thb_price, expected", [
    ("0.99", "350.00", "10.99"),   # 350 × 0.029 = 10.15 → next x.99
    ("0.99", "344.48", "9.99"),    # 9.98992 → 9.99
    ("0.05", "350.00", "10.15"),
    ("0.05", "351.00", "10.20"),   # 10.179 → nearest 0.05
    ("0.01", "351.00", "10.18"),
    ("0.99", "25.00", "0.73"),     # $0.725 is below the charm threshold ($10): cents, not $0.99
    ("0.49", "350.00", "9.99"),    # 10.15 → nearest of 9.99 / 10.49
    ("0.49", "355.00", "10.49"),   # 10.295 → 10.49
    ("0.49", "100.00", "2.90"),    # $2.90: below the threshold
])
def test_usd_price_is_derived_from_thb_by_rate_and_rounding_rule(settings, rule, thb_price, expected):
    # given a rate of 0.029 USD per baht, a rounding rule and charm prices from $10
    settings.OTOP_USD_PER_THB = "0.029"
    settings.OTOP_USD_CHARM_FROM = "10"
    settings.OTOP_USD_PRICE_ROUNDING = rule
    _, usd = _channels()
    product = certified_product(price=thb_price)
    # when/then the Python rule and the SQL rule give the same price
    assert pricing.price_for(product, usd) == Decimal(expected)
    sql = Product.objects.filter(pk=product.pk).annotate(p=pricing.price_expression(usd)).get().p
    assert sql == Decimal(expected)


@pytest.mark.parametrize("thb_price", ["10.00", "25.00", "60.00", "120.00", "340.00"])
def test_a_cheap_item_does_not_cost_much_more_abroad_than_at_home(settings, thb_price):
    # given the default charm rule and the default threshold
    settings.OTOP_USD_PER_THB, settings.OTOP_USD_PRICE_ROUNDING, settings.OTOP_USD_CHARM_FROM = "0.029", "0.99", "10"
    _, usd = _channels()
    # when a cheap product is shown in dollars
    price = pricing.price_for(certified_product(price=thb_price), usd)
    # then it is the converted price to the cent, never a third more
    exact = Decimal(thb_price) * Decimal("0.029")
    assert abs(price - exact) <= Decimal("0.005")


def test_a_bad_charm_threshold_is_refused_with_a_clear_message(settings):
    settings.OTOP_USD_CHARM_FROM = "ten"
    _, usd = _channels()
    with pytest.raises(ImproperlyConfigured, match="OTOP_USD_CHARM_FROM must be an amount"):
        pricing.price_for(certified_product(), usd)


def test_explicit_usd_price_wins_over_the_derived_one():
    thb, usd = _channels()
    product = certified_product(price="350.00")
    ProductChannelListing.objects.create(product=product, channel=usd, price=Decimal("12.50"))
    ProductChannelListing.objects.create(product=product, channel=thb)
    assert pricing.price_for(product, usd) == Decimal("12.50")
    assert pricing.price_for(product, thb) == Decimal("350.00")
    assert Product.objects.filter(pk=product.pk).annotate(p=pricing.price_expression(usd)).get().p == Decimal("12.50")


def test_product_without_price_has_none_in_any_channel():
    thb, usd = _channels()
    product = certified_product(price=None)
    assert pricing.price_for(product, thb) is None
    assert pricing.price_for(product, usd) is None


def test_product_without_listings_is_sold_in_both_channels_and_listings_restrict_it():
    thb, usd = _channels()
    everywhere = certified_product()
    domestic_only = certified_product()
    ProductChannelListing.objects.create(product=domestic_only, channel=thb)
    sold_abroad = set(availability.in_channel(Product.objects.all(), usd).values_list("pk", flat=True))
    sold_at_home = set(availability.in_channel(Product.objects.all(), thb).values_list("pk", flat=True))
    assert sold_abroad == {everywhere.pk}
    assert sold_at_home == {everywhere.pk, domestic_only.pk}
    assert availability.is_sold_in(domestic_only, usd) is False
    assert availability.is_sold_in(everywhere, usd) is True


def test_unknown_rounding_rule_is_refused_with_a_clear_message(settings):
    settings.OTOP_USD_PRICE_ROUNDING = "0.10"
    _, usd = _channels()
    with pytest.raises(ImproperlyConfigured, match="OTOP_USD_PRICE_ROUNDING must be one of"):
        pricing.price_for(certified_product(), usd)


def test_the_checkout_converts_baht_by_the_channels_one_rule_even_with_the_usd_channel_off():
    # given the international channel, then the same with staff switching it off
    from marketplace.orders.currency import convert_from_thb

    usd = Channel.objects.get(currency_code="USD")
    expected = pricing.convert(Decimal("350.00"), usd)
    # then the buying code's conversion is the channels' rule, with no second rate behind it
    assert convert_from_thb(Decimal("350.00"), "USD") == expected
    Channel.objects.filter(pk=usd.pk).update(is_active=False)
    assert convert_from_thb(Decimal("350.00"), "USD") == expected


def test_a_channel_staff_switch_off_is_refused_by_the_api_at_once_and_served_again_when_back_on():
    # given the international channel, asked for once (so the process holds it)
    from graphql_client import post

    query = '{ products(first: 1, channel: "intl-usd") { edges { node { id } } } }'
    assert "errors" not in post(query)[1]
    # when staff switch it off (the admin saves the channel)
    usd = Channel.objects.get(slug="intl-usd")
    usd.is_active = False
    usd.save()
    # then the API refuses it on the next request, saying which channel
    errors = post(query)[1]["errors"]
    assert errors[0]["message"] == "Channel with 'intl-usd' slug does not exist or is not active."
    # and serves it again once it is switched back on
    usd.is_active = True
    usd.save()
    assert "errors" not in post(query)[1]
