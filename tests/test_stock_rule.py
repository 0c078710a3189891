"""Stock available to sell has one home (``marketplace.catalog.stock``): a product with two stock
records shows the same quantity on the product page and through the API, is refused beyond it by
the storefront basket, the API checkout and order placement alike, and the API's in-stock filter
agrees."""
import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from buying import in_english, order_for
from graphql_client import data
from marketplace.catalog import listing, stock
from marketplace.graphql.core.ids import global_id
from marketplace.orders.errors import InsufficientStock
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _second_record(product, num_in_stock, price="350.00", allocated=0):
    """Another stock record of the same product (a second batch the producer entered)."""
    first = product.stockrecords.get()
    return StockRecord.objects.create(product=product, partner=first.partner, partner_sku=f"{first.partner_sku}-B",
                                      price_currency="THB", price=price, num_in_stock=num_in_stock,
                                      num_allocated=allocated)


PRODUCT = """query Stock($slug: String!) {
  product(slug: $slug, channel: "th-thb") { isAvailable variants { quantityAvailable } }
}"""
IN_STOCK = """query InStock($availability: StockAvailability!) {
  products(first: 50, channel: "th-thb", filter: {stockAvailability: $availability}) { edges { node { name } } }
}"""
CREATE = """mutation Create($lines: [CheckoutLineInput!]!) {
  checkoutCreate(input: {channel: "th-thb", lines: $lines, email: "shopper@example.com"}) {
    errors { field code message } }
}"""


def _api_quantity(product):
    found = data(PRODUCT, {"slug": product.slug})["product"]
    return found["variants"][0]["quantityAvailable"], found["isAvailable"]


def _api_in_stock(availability):
    return sorted(e["node"]["name"] for e in data(IN_STOCK, {"availability": availability})["products"]["edges"])


def _api_checkout_errors(product, quantity):
    lines = [{"quantity": quantity, "variantId": global_id("ProductVariant", product.pk)}]
    return data(CREATE, {"lines": lines})["checkoutCreate"]["errors"]


def test_a_product_with_two_stock_records_shows_and_sells_the_same_quantity_everywhere(client):
    # given a silk sold from its first stock record (3 left) with a second record of 5
    silk = certified_product(name_th="ผ้าไหม", name_en="Silk", num_in_stock=3)
    _second_record(silk, num_in_stock=5)

    # when the API, the (English) product page and the checkouts are asked
    page_url, add_url = silk.get_absolute_url(), reverse("basket:add", kwargs={"pk": silk.pk})
    quantity, available = _api_quantity(silk)
    page = client.get(page_url)
    refused = _api_checkout_errors(silk, 4)
    accepted = _api_checkout_errors(silk, 3)
    added = client.post(add_url, {"quantity": 4}, follow=True)

    # then every one of them counts the 3 of the record it sells from
    assert (quantity, available) == (3, True)
    assert "Only 3 left" in page.content.decode()
    assert [(e["code"], e["field"]) for e in refused] == [("INSUFFICIENT_STOCK", "quantity")]
    assert "3" in refused[0]["message"] and "8" not in refused[0]["message"]
    assert accepted == []
    assert not Basket.objects.filter(lines__product=silk, lines__quantity=4).exists()  # the storefront refused 4 too
    assert "a maximum of 3" in added.content.decode()
    with pytest.raises(InsufficientStock) as refusal:
        order_for((silk, 4))
    assert refusal.value.available == 3


def test_a_sold_out_selling_record_is_out_of_stock_everywhere_whatever_the_other_record_holds(client):
    # given a basket sold out of its selling record while a second record still holds 5,
    # and a silk with stock
    basket_product = certified_product(name_th="ตะกร้า", name_en="Basket", num_in_stock=2)
    order_for((basket_product, 2))
    _second_record(basket_product, num_in_stock=5)
    certified_product(name_th="ผ้าไหม", name_en="Silk", num_in_stock=4)

    # when the API's filter, the API's product and the product page are asked
    page = client.get(basket_product.get_absolute_url()).content.decode()
    in_stock, out_of_stock = _api_in_stock("IN_STOCK"), _api_in_stock("OUT_OF_STOCK")
    quantity, available = _api_quantity(basket_product)

    # then the basket is out of stock in all of them and cannot be bought
    assert (in_stock, out_of_stock) == (["ผ้าไหม"], ["ตะกร้า"])  # the API names in Thai
    assert (quantity, available) == (0, False)
    assert "Unavailable" in page and "In stock" not in page and not re.search(r"Only \d+ left", page)
    assert [e["code"] for e in _api_checkout_errors(basket_product, 1)] == ["INSUFFICIENT_STOCK"]


@pytest.mark.parametrize("records, expected", [
    ([], 0),                                                  # no stock record
    ([(None, 9, 0)], 0),                                      # not priced: not sold from
    ([("350.00", 4, 1)], 3),                                  # stock less allocations
    ([("350.00", 2, 5)], 0),                                  # never below zero
    ([("350.00", None, 0)], 0),                               # stock not counted yet
    ([(None, 9, 0), ("350.00", 2, 0), ("300.00", 7, 0)], 2),  # the first priced record
])
def test_the_per_product_form_and_the_sql_form_of_the_rule_agree(records, expected):
    # given a product with these stock records (price, in stock, allocated), in this order
    product = certified_product(price=None)
    partner = product.profile.producer.partner
    for n, (price, num_in_stock, allocated) in enumerate(records):
        StockRecord.objects.create(product=product, partner=partner, partner_sku=f"sku-{product.pk}-{n}",
                                   price_currency="THB", price=price, num_in_stock=num_in_stock,
                                   num_allocated=allocated)

    # when both forms are asked
    loaded = Product.objects.prefetch_related("stockrecords").get(pk=product.pk)
    annotated = Product.objects.annotate(left=stock.available_expression()).get(pk=product.pk).left
    in_stock = Product.objects.filter(listing.in_stock_q(), pk=product.pk).exists()

    # then they give the same number, and the listing keeps it
    assert stock.quantity_available(loaded) == annotated == expected
    assert in_stock is (expected > 0)
