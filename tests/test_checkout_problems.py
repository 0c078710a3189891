"""A Saleor checkout's ``problems``: a line asking for more than is left to sell, or for a product no
longer listed, is reported before the shopper pays (as placing the order would refuse it)."""
import pytest
from oscar.core.loading import get_model

from graphql_client import data
from marketplace.graphql.core.ids import global_id
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")

CREATE = """mutation($lines: [CheckoutLineInput!]!) {
  checkoutCreate(input: {channel: "th-thb", lines: $lines}) { errors { code } checkout { id lines { id } } } }"""
PROBLEMS = """query($id: ID!) { checkout(id: $id) { problems {
  __typename
  ... on CheckoutLineProblemInsufficientStock { availableQuantity line { id quantity } variant { id } }
  ... on CheckoutLineProblemVariantNotAvailable { line { id } }
} } }"""


def _checkout(client, *wanted):
    lines = [{"variantId": global_id("ProductVariant", product.pk), "quantity": quantity} for product, quantity in wanted]
    created = data(CREATE, {"lines": lines}, client=client)["checkoutCreate"]
    assert created["errors"] == []
    return created["checkout"]


def _problems(client, checkout):
    return data(PROBLEMS, {"id": checkout["id"]}, client=client)["checkout"]["problems"]


def test_a_checkout_that_can_be_ordered_has_no_problems(client):
    checkout = _checkout(client, (certified_product(num_in_stock=5), 3))
    assert _problems(client, checkout) == []


def test_a_line_asking_for_more_than_is_left_is_insufficient_stock(client):
    # given a checkout of 3 of a product, whose stock another order then takes down to 2
    product, other = certified_product(num_in_stock=5), certified_product(num_in_stock=5)
    checkout = _checkout(client, (product, 3), (other, 1))
    StockRecord.objects.filter(product=product).update(num_allocated=3)

    # when the storefront reads the checkout
    problems = _problems(client, checkout)

    # then that line, and only it, is short, with how many are left
    assert problems == [{"__typename": "CheckoutLineProblemInsufficientStock", "availableQuantity": 2,
                         "line": {"id": checkout["lines"][0]["id"], "quantity": 3},
                         "variant": {"id": global_id("ProductVariant", product.pk)}}]


def test_a_line_of_a_product_no_longer_listed_is_variant_not_available(client):
    # given a checkout whose product's producer then unpublishes it
    product = certified_product(num_in_stock=5)
    checkout = _checkout(client, (product, 1))
    product.is_public = False
    product.save(update_fields=["is_public"])

    # then the line is reported as not available (not as short of stock, though it has none to sell here)
    assert _problems(client, checkout) == [{"__typename": "CheckoutLineProblemVariantNotAvailable",
                                            "line": {"id": checkout["lines"][0]["id"]}}]


def _problems_query_count(client, lines):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    checkout = _checkout(client, *[(certified_product(num_in_stock=5), 1) for _ in range(lines)])
    with CaptureQueriesContext(connection) as queries:
        assert _problems(client, checkout) == []
    return len(queries.captured_queries)


def test_problems_of_six_lines_cost_the_queries_of_one(client):
    assert _problems_query_count(client, 6) == _problems_query_count(client, 1)
