"""Price and currency have one home (``marketplace.channels.pricing``): the storefront, the API
and search agree on what a product costs, and with the international channel switched off the
shop says, on both front ends, that it does not sell abroad now — while baht orders in Thailand
go on."""
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from buying import address_form, basket_with, in_english
from graphql_client import data
from marketplace.channels.models import DOMESTIC_CHANNEL_SLUG, INTERNATIONAL_CHANNEL_SLUG, Channel, ProductChannelListing
from marketplace.graphql.core.ids import global_id
from marketplace.orders.strategy import ChannelStrategy
from marketplace.search import query, service
from marketplace.search.engines import es_builders
from marketplace.testing.factories import certified_product
from test_checkout_graphql import PLACES  # the same shoppers' addresses as the API checkout tests

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

ABROAD = "does not sell abroad"
ABROAD_TH = "ขณะนี้ร้านไม่ขายสินค้าไปต่างประเทศ"


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _switch_off_usd():
    usd = Channel.objects.get(slug=INTERNATIONAL_CHANNEL_SLUG)
    usd.is_active = False
    usd.save()  # saving forgets the channels the process keeps


def _to_shipping(client, product, country):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "shopper@example.com", "options": "anonymous"})
    return client.post(reverse("checkout:shipping-address"), address_form(country), follow=True)


def test_with_the_usd_channel_off_the_storefront_refuses_a_foreign_checkout_and_says_why(client, stripe_keys):
    # given the international channel switched off
    product = certified_product(price="350.00")
    _switch_off_usd()

    # when a shopper in Osaka gives their address
    page = _to_shipping(client, product, "JP")

    # then they are back at the address step, told the shop does not sell abroad now; no order
    assert page.redirect_chain[-1][0].endswith(reverse("checkout:shipping-address"))
    assert ABROAD in page.content.decode()
    assert "payment" not in page.context or page.context.get("payment") is None
    assert Order.objects.count() == 0


def test_with_the_usd_channel_off_the_thai_storefront_says_it_in_thai(client, stripe_keys):
    # given the international channel switched off and a shopper using the Thai pages
    product = certified_product(price="350.00")
    _switch_off_usd()
    translation.activate("th")

    # when they give an address in Japan
    page = _to_shipping(client, product, "JP")

    # then the refusal is in Thai
    html = page.content.decode()
    assert ABROAD_TH in html
    assert ABROAD not in html


def test_with_the_usd_channel_off_a_domestic_storefront_checkout_still_reaches_payment(client, stripe_keys):
    # given the international channel switched off
    product = certified_product(price="350.00")
    _switch_off_usd()

    # when a shopper in Chiang Mai checks out
    page = _to_shipping(client, product, "TH")

    # then they reach the payment step, in baht
    assert page.redirect_chain[-1][0].endswith(reverse("checkout:payment-details"))
    assert page.context["stripe_total"].currency == "THB"


CREATE = """mutation Create($channel: String!, $lines: [CheckoutLineInput!]!) {
  checkoutCreate(input: {channel: $channel, lines: $lines, email: "shopper@example.com"}) {
    errors { field code message } checkout { id } }
}"""
SHIP = """mutation Ship($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {
    errors { field code message } checkout { shippingAddress { country { code } } } }
}"""


def _api_ship(product, country, language=None):
    lines = [{"quantity": 1, "variantId": global_id("ProductVariant", product.pk)}]
    created = data(CREATE, {"channel": DOMESTIC_CHANNEL_SLUG, "lines": lines})["checkoutCreate"]
    assert created["errors"] == []
    return data(SHIP, {"id": created["checkout"]["id"], "address": PLACES[country]},
                language=language)["checkoutShippingAddressUpdate"]


def test_with_the_usd_channel_off_the_api_refuses_a_foreign_address_with_a_typed_error():
    # given the international channel switched off
    product = certified_product(price="350.00")
    _switch_off_usd()

    # when API clients ship a checkout to Japan and to Chiang Mai
    abroad, home = _api_ship(product, "JP", language="th"), _api_ship(product, "TH")
    in_english = _api_ship(product, "JP")

    # then Japan is refused on the address with CHANNEL_INACTIVE and a clear message in the client's
    # language (Thai when asked, else English); Thailand is fine
    assert [(e["field"], e["code"]) for e in abroad["errors"]] == [("shippingAddress", "CHANNEL_INACTIVE")]
    assert ABROAD_TH in abroad["errors"][0]["message"] and ABROAD in in_english["errors"][0]["message"]
    assert home["errors"] == [] and home["checkout"]["shippingAddress"]["country"]["code"] == "TH"


def test_with_the_usd_channel_off_nothing_is_priced_in_dollars():
    # given the international channel switched off
    product = certified_product(price="350.00")
    _switch_off_usd()

    # when a basket is priced in dollars
    info = ChannelStrategy(currency="USD").fetch_for_product(product)

    # then there is no dollar price (no configured rate behind the channels' back)
    assert not info.price.exists


def _shown_price(product, currency="THB"):
    """The price a shopper's page shows (the storefront strategy)."""
    return ChannelStrategy(currency=currency).fetch_for_product(product).price.excl_tax


def test_search_sorts_and_filters_on_the_price_the_shopper_is_shown():
    # given a silk sold at 350 from its first stock record, with a cheaper second record (300)
    # that is not sold from, a basket at 320, and a scarf whose baht price a listing fixes at 280
    silk = certified_product(name_th="ผ้าไหมทอมือ", name_en="Hand-woven silk", price="350.00")
    first = silk.stockrecords.get()
    StockRecord.objects.create(product=silk, partner=first.partner, partner_sku=f"{first.partner_sku}-B",
                               price_currency="THB", price="300.00", num_in_stock=5)
    basket = certified_product(name_th="ผ้าไหมตะกร้า", name_en="Silk basket", price="320.00")
    scarf = certified_product(name_th="ผ้าไหมผ้าพันคอ", name_en="Silk scarf", price="400.00")
    thb = Channel.objects.get(slug=DOMESTIC_CHANNEL_SLUG)
    ProductChannelListing.objects.create(product=scarf, channel=thb, price=Decimal("280.00"))
    service.reindex()

    # when the search sorts by price and filters up to 330 baht
    by_price = service.search("ผ้าไหม", sort="price").product_ids
    cheap = service.search("ผ้าไหม", filters=service.Filters(price_max=Decimal("330"))).product_ids

    # then the order and the filter follow the prices the pages show: 280, 320, 350
    shown = {p.pk: _shown_price(p) for p in (silk, basket, scarf)}
    assert [shown[pk] for pk in by_price] == [Decimal("280.00"), Decimal("320.00"), Decimal("350.00")]
    assert by_price == [scarf.pk, basket.pk, silk.pk]
    assert sorted(cheap) == sorted([scarf.pk, basket.pk])


def test_the_product_page_the_basket_and_the_api_show_a_listing_s_fixed_baht_price(client):
    # given a silk whose baht price a channel listing fixes at 280 (its stock record says 350)
    silk = certified_product(price="350.00")
    thb = Channel.objects.get(slug=DOMESTIC_CHANNEL_SLUG)
    ProductChannelListing.objects.create(product=silk, channel=thb, price=Decimal("280.00"))

    # when the page, a basket and the API price it
    page = client.get(silk.get_absolute_url()).content.decode()
    line = basket_with((silk, 1)).all_lines()[0]
    api = data("""query P($slug: String!) { product(slug: $slug, channel: "th-thb") {
        pricing { priceRange { start { gross { amount } } } } } }""", {"slug": silk.slug})

    # then all three say 280
    assert "280.00" in page and "350.00" not in page
    assert line.price_excl_tax == Decimal("280.00")
    assert api["product"]["pricing"]["priceRange"]["start"]["gross"]["amount"] == 280.0


def test_a_shopper_paying_in_dollars_searches_on_the_dollar_prices_the_cards_show(client, settings):
    # given a silk at 350 baht (10.99 dollars by the rate) and a basket at 320 baht whose
    # dollar price a listing fixes at 15.00: cheaper in baht, dearer in dollars
    settings.OTOP_USD_PER_THB, settings.OTOP_USD_PRICE_ROUNDING = "0.029", "0.99"
    silk = certified_product(name_th="ผ้าไหมทอมือ", name_en="Hand-woven silk", price="350.00")
    basket = certified_product(name_th="ผ้าไหมตะกร้า", name_en="Silk basket", price="320.00")
    usd = Channel.objects.get(slug=INTERNATIONAL_CHANNEL_SLUG)
    ProductChannelListing.objects.create(product=basket, channel=usd, price=Decimal("15.00"))
    ProductChannelListing.objects.create(product=silk, channel=usd)
    ProductChannelListing.objects.create(product=basket, channel=Channel.objects.get(slug=DOMESTIC_CHANNEL_SLUG))
    ProductChannelListing.objects.create(product=silk, channel=Channel.objects.get(slug=DOMESTIC_CHANNEL_SLUG))

    # when a shopper who chose dollars sorts the search page by price, and filters up to 12 dollars
    client.post(reverse("otop_basket:currency"), {"currency": "USD"})
    by_price = client.get(reverse("otop_search:search"), {"q": "ผ้าไหม", "sort": "price"})
    cheap = client.get(reverse("otop_search:search"), {"q": "ผ้าไหม", "price_max": "12"})
    in_baht = service.search("ผ้าไหม", sort="price").product_ids

    # then the order and the filter follow the dollar prices on the cards; baht shoppers get theirs
    codes = [silk.profile.programme_code, basket.profile.programme_code]
    assert _codes(by_price) == codes
    assert "$10.99" in by_price.content.decode() and "$15.00" in by_price.content.decode()
    assert _codes(cheap) == codes[:1]
    assert in_baht == [basket.pk, silk.pk]
    assert {p.pk: _shown_price(p, "USD") for p in (silk, basket)} == {silk.pk: Decimal("10.99"),
                                                                      basket.pk: Decimal("15.00")}


def _codes(response):
    return re.findall(r'data-code="([^"]+)"', response.content.decode())


def test_the_elasticsearch_request_sorts_filters_and_ranges_on_the_shopper_s_currency():
    # given a dollar shopper's search sorted by price up to 12 dollars
    filters = service.Filters(price_max=Decimal("12"), currency="USD")

    # when the Elasticsearch request is built
    body = es_builders.build_search("otop", query.parse("ผ้าไหม"), filters, "price", 1, 20,
                                    datetime.date(2026, 11, 30)).to_dict()

    # then its sort, price filter and price range read the dollar prices
    assert body["sort"][0] == {"price_usd": {"order": "asc", "missing": "_last"}}
    assert {"range": {"price_usd": {"lte": 12.0}}} in body["query"]["bool"]["filter"]
    assert body["aggs"]["price"] == {"stats": {"field": "price_usd"}}
