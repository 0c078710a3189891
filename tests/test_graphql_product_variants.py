"""Saleor's root ``productVariants``: a client holding variant ids or SKUs (a cart kept in the browser, an
order-entry app) reads them back in one request — an OTOP product is its one variant, its SKU the
programme code — with the listing rule, the channel's prices and the same limits as the products list."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_client import data, post, token_for
from marketplace.certification.models import CertificationStatus
from marketplace.graphql.core.ids import global_id
from marketplace.graphql.limits import MAX_COST
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db

VARIANTS = """
query($ids: [ID!], $channel: String, $filter: ProductVariantFilterInput, $where: ProductVariantWhereInput,
      $first: Int, $after: String) {
  productVariants(ids: $ids, channel: $channel, filter: $filter, where: $where, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id sku quantityAvailable
      pricing { price { gross { amount currency } } }
      media { url }
      product { name category { slug } thumbnail { url } }
    } }
  }
}
"""


def _variants(token=None, **variables):
    return data(VARIANTS, {"first": 20, "channel": "th-thb", **variables}, token=token)["productVariants"]


def _skus(found):
    return [edge["node"]["sku"] for edge in found["edges"]]


def test_a_cart_reads_its_variants_back_by_id_priced_in_its_channel(settings):
    settings.OTOP_USD_PER_THB = "0.029"
    settings.OTOP_USD_PRICE_ROUNDING = "0.01"
    # given two listed products and one whose certification was revoked
    scarf = certified_product(code="5101-2568-0001", price="350.00", num_in_stock=4)
    rice = certified_product(code="5101-2568-0002", price="90.00")
    revoked = certified_product(code="5101-2568-0003", status=CertificationStatus.REVOKED)
    ids = [global_id("ProductVariant", p.pk) for p in (rice, revoked, scarf)]

    # when a shopper's cart asks for the three variants in dollars
    found = _variants(ids=ids, channel="intl-usd")

    # then it gets the two listed ones, oldest first, as the USD channel prices them; the revoked one is not shown
    assert _skus(found) == ["5101-2568-0001", "5101-2568-0002"] and found["totalCount"] == 2
    scarf_node = found["edges"][0]["node"]
    assert scarf_node["id"] == global_id("ProductVariant", scarf.pk)
    assert scarf_node["pricing"]["price"]["gross"] == {"amount": 10.15, "currency": "USD"}
    assert scarf_node["quantityAvailable"] == 4 and scarf_node["product"]["category"]["slug"] == "textiles"
    # and staff, who may see unlisted products, get the revoked one too
    assert len(_variants(token=token_for(UserFactory(is_staff=True)), ids=ids)["edges"]) == 3


def test_variants_by_sku_in_filter_and_where_narrow_each_other():
    for n in range(1, 4):
        certified_product(code=f"5101-2568-000{n}")
    assert _skus(_variants(filter={"sku": ["5101-2568-0001", "5101-2568-0003", "nope"]})) == [
        "5101-2568-0001", "5101-2568-0003"]
    assert _skus(_variants(where={"sku": {"eq": "5101-2568-0002"}})) == ["5101-2568-0002"]
    assert _skus(_variants(where={"sku": {"oneOf": ["5101-2568-0002", "5101-2568-0003"]}},
                           filter={"sku": ["5101-2568-0003"]})) == ["5101-2568-0003"]


def test_every_listed_variant_page_by_page_counted_as_the_products_page_counts():
    codes = [certified_product(code=f"5101-2568-00{n:02}").profile.programme_code for n in range(5)]
    first = _variants(first=2)
    second = _variants(first=2, after=first["pageInfo"]["endCursor"])
    third = _variants(first=2, after=second["pageInfo"]["endCursor"])
    assert _skus(first) + _skus(second) + _skus(third) == codes
    assert (first["pageInfo"]["hasNextPage"], third["pageInfo"]["hasNextPage"]) == (True, False)
    products = data('{ products(first: 1, channel: "th-thb") { totalCount } }')["products"]
    assert first["totalCount"] == products["totalCount"] == 5


def test_a_page_of_variants_reads_the_same_few_rows_whatever_its_length():
    for n in range(12):
        certified_product(code=f"5101-2568-01{n:02}")
    _variants(first=2)  # the channels, kept by the process
    counts = {}
    for size in (2, 12):
        with CaptureQueriesContext(connection) as captured:
            assert len(_variants(first=size)["edges"]) == size
        counts[size] = len(captured)
    assert counts[2] == counts[12] <= 8, counts


@pytest.mark.parametrize("ids, message", [
    (["!!!"], "Invalid ID '!!!' in ids: expected the id of a ProductVariant."),
    ([global_id("Product", 1)], f"Invalid ID '{global_id('Product', 1)}' in ids: expected the id of a ProductVariant."),
])
def test_a_malformed_id_is_a_graphql_error_naming_it(ids, message):
    status, body = post(VARIANTS, {"first": 5, "ids": ids})
    assert status == 200 and body["errors"][0]["message"] == message


def test_counting_every_variant_costs_as_counting_the_catalogue_but_a_product_s_own_variants_do_not():
    counted = "{ %s }" % " ".join(f'v{n}: productVariants(first: 1, channel: "th-thb") {{ totalCount }}' for n in range(3))
    status, body = post(counted)
    assert status == 400 and "above the limit of %d" % MAX_COST in body["errors"][0]["message"]
    # a page of 100 product cards each counting its own (one) variant is allowed
    cards = '{ products(first: 100, channel: "th-thb") { edges { node { productVariants(first: 50) { totalCount } } } } }'
    assert "errors" not in post(cards)[1]
