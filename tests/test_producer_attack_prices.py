"""Price and stock, changed by two hands at once: a price page opened before another member's save
puts back neither that member's stock nor their price (it writes only what was changed on it); a
channel that stops selling the product between the check and the write leaves every price as it was,
with a message on the page and a typed error through the API (never half the prices, never a 500)."""
import html
import re
from decimal import Decimal

import pytest

from graphql_client import post
from marketplace.catalog import stock
from marketplace.channels import availability, pricing
from marketplace.channels.models import DOMESTIC_CHANNEL_SLUG, INTERNATIONAL_CHANNEL_SLUG, ProductChannelListing
from marketplace.testing.factories import UserFactory
from test_graphql_producer_mutations import PRICES, _channel, _state, a  # noqa: F401
from test_portal import Product, channel, price_form, prices_url, twins  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]

INPUT = re.compile(r'<input type="(?:hidden|text)"[^>]*\bname="([^"]+)"[^>]*\bvalue="([^"]*)"')


def shown_form(client, url):
    """What the price page's form posts when nothing on it is changed (its fields and the values it showed)."""
    page = client.get(url).content.decode()
    form = page.split('id="portal-price-stock"', 1)[1].split("</form>", 1)[0]
    return {name: html.unescape(value) for name, value in INPUT.findall(form)}


@pytest.fixture
def members(twins):
    """Alice and a second member of her producer, Carol."""
    carol = UserFactory(username="carol")
    twins["lamphun"].partner.users.add(carol)
    return {**twins, "carol": carol}


def test_a_page_opened_before_another_member_saved_stock_does_not_put_the_old_stock_back(client, members):
    # given Alice's price page showing 350 baht and 20 in stock
    own, thb = members["own"], f"price_{channel(DOMESTIC_CHANNEL_SLUG).pk}"
    client.force_login(members["alice"])
    url = prices_url(members["lamphun"], own, "en")
    form = shown_form(client, url)
    assert (form[thb], form["stock"]) == ("350.00", "20")

    # when Carol counts the shelf and sets 5 in stock, then Alice saves a new price from her page
    stock.set_stock(own, 5, by=members["carol"])
    response = client.post(url, {**form, thb: "400.00"})

    # then the new price applies and Carol's stock stays
    assert response.status_code == 302
    own = Product.objects.get(pk=own.pk)
    assert pricing.base_price(own) == Decimal("400.00")
    assert stock.quantity_available(own) == 5


def test_a_page_opened_before_another_member_saved_a_price_does_not_put_the_old_price_back(client, members):
    own, thb = members["own"], f"price_{channel(DOMESTIC_CHANNEL_SLUG).pk}"
    client.force_login(members["alice"])
    url = prices_url(members["lamphun"], own, "en")
    form = shown_form(client, url)

    pricing.set_price(own, channel(DOMESTIC_CHANNEL_SLUG), "380.00", by=members["carol"])
    response = client.post(url, {**form, "stock": "12"})

    assert response.status_code == 302
    own = Product.objects.get(pk=own.pk)
    assert pricing.base_price(own) == Decimal("380.00")
    assert stock.quantity_available(own) == 12


def test_a_value_changed_on_the_page_is_written_even_if_someone_saved_another_meanwhile(client, members):
    own = members["own"]
    client.force_login(members["alice"])
    url = prices_url(members["lamphun"], own, "en")
    form = shown_form(client, url)

    stock.set_stock(own, 5, by=members["carol"])
    response = client.post(url, {**form, "stock": "30"})

    assert response.status_code == 302
    assert stock.quantity_available(Product.objects.get(pk=own.pk)) == 30


def _sold_in_thb_only(product):
    ProductChannelListing.objects.create(product=product, channel=channel(DOMESTIC_CHANNEL_SLUG))


def test_a_channel_that_stops_selling_the_product_meanwhile_leaves_every_price_on_the_page(client, twins,
                                                                                              monkeypatch):
    # given Alice's page showing baht and dollar prices, and the dollar channel dropped meanwhile
    own = twins["own"]
    _sold_in_thb_only(own)
    monkeypatch.setattr(availability, "is_sold_in", lambda product, channel: True)  # the page as it was loaded
    client.force_login(twins["alice"])

    # when she saves a new baht and dollar price
    response = client.post(prices_url(twins["lamphun"], own, "en"), price_form(thb="400.00", usd="12.99"))

    # then the page says why, and neither price changed
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["This product is not sold in International (USD)."]
    own = Product.objects.get(pk=own.pk)
    assert pricing.base_price(own) == Decimal("350.00")
    assert list(own.channel_listings.values_list("channel__slug", "price")) == [(DOMESTIC_CHANNEL_SLUG, None)]


def test_a_channel_that_stops_selling_the_product_meanwhile_leaves_every_price_through_the_api(a, monkeypatch):
    # given A's product sold in baht only, though the mutation's check still saw both channels
    _sold_in_thb_only(a.product)
    monkeypatch.setattr(availability, "channels_selling", lambda product: list(availability.active_channels()))
    before = _state(a.product)

    # when A sets a baht and a dollar price in one request
    status, body = post(PRICES, {"id": a.ids["variant"], "input": [
        {"channelId": _channel(DOMESTIC_CHANNEL_SLUG), "price": "999.00"},
        {"channelId": _channel(INTERNATIONAL_CHANNEL_SLUG), "price": "29.99"}]}, token=a.token)

    # then a typed error names the channel, and the baht price was not written either
    assert status == 200 and "errors" not in body, body
    errors = body["data"]["productVariantChannelListingUpdate"]["errors"]
    assert [(error["field"], error["code"]) for error in errors] == [("channel", "INVALID")]
    assert _state(a.product) == before
