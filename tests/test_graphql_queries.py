"""No N+1: a page of 100 products costs the same SQL statements as a page of 1."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_client import DETAILS, LISTING, data
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db

# the channel, the page's ids, those products (profile, producer, province, packaging joined), stock records,
# channel listings, images, categories with their names, COUNT for totalCount. (Saleor 3.23: 23.)
LISTING_QUERIES = 8


def _listing(first, channel="th-thb"):
    return data(LISTING, {"first": first, "channel": channel, "lang": "EN"})["products"]


@pytest.mark.parametrize("channel", ["th-thb", "intl-usd"])
def test_listing_of_100_costs_the_same_statements_as_listing_of_1(django_assert_num_queries, channel):
    # given 100 listable products
    for _ in range(100):
        certified_product()
    # when/then a page of 1 and a page of 100, with every field of a product card, cost the same
    with django_assert_num_queries(LISTING_QUERIES):
        assert len(_listing(1, channel)["edges"]) == 1
    with django_assert_num_queries(LISTING_QUERIES):
        page = _listing(100, channel)
    assert len(page["edges"]) == 100
    assert page["totalCount"] == 100


def test_product_details_query_count_does_not_depend_on_certification_history(django_assert_num_queries):
    product = certified_product()
    with CaptureQueriesContext(connection) as first:
        data(DETAILS, {"slug": product.slug, "channel": "th-thb", "lang": "EN"})
    from marketplace.testing.factories import CertificationFactory

    for year in (2019, 2020, 2021):
        CertificationFactory(product=product, selection_year=year)
    with django_assert_num_queries(len(first)):
        data(DETAILS, {"slug": product.slug, "channel": "th-thb", "lang": "EN"})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_whole_catalogue_queries_run_with_hash_joins_and_leave_the_connection_as_it_was():
    # given products on committed rows (a request in autocommit, as served)
    from marketplace.graphql.catalog import planner

    for price in ("300.00", "100.00", "200.00"):
        certified_product(price=price, name_th=f"ราคา {price}", name_en=f"Price {price}")
    seen = []

    def show():
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_nestloop")
            return cursor.fetchone()[0]

    # when the count and a price-sorted page run, and something runs afterwards
    page = _listing_sorted({"field": "PRICE", "direction": "ASC"})
    seen.append(planner.whole_catalogue(show))
    # then the results are right, the setting applied inside and nothing leaked
    assert [e["node"]["translation"]["name"] for e in page["edges"]] == ["Price 100.00", "Price 200.00", "Price 300.00"]
    assert page["totalCount"] == 3
    assert seen == ["off"]
    assert show() == "on"


def _listing_sorted(sort_by):
    return data(LISTING, {"first": 10, "channel": "th-thb", "lang": "EN", "sortBy": sort_by})["products"]
