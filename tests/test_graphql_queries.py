"""No N+1: a page of 100 products costs the same SQL statements as a page of 1."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from graphql_client import CARD_FIELDS, DETAILS, LISTING, data, token_for
from marketplace.certification.models import CertificationStatus
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _counts_not_budgets(settings):
    """These tests count statements; the request budgets have their own tests (test_graphql_budget.py).
    A CI run once stopped the first USD listing here at the 5 s/10 s budget (cause not found yet;
    suspected: a lock wait behind a worker test's leftovers), which is not what these tests are about."""
    settings.GRAPHQL_TIME_BUDGET = 120
    settings.GRAPHQL_STATEMENT_TIMEOUT = 60


@pytest.fixture(autouse=True)
def _running_shop(monkeypatch):
    """Counts are of a running shop, whose process already keeps the active channels and the
    categories (``marketplace.core.kept``), and keeps them for the whole test (making 100
    products can take longer than the 10 s they are kept)."""
    from marketplace.catalog.categories import categories_by_id
    from marketplace.channels.availability import get_channel
    from marketplace.core import kept

    for value in kept._everything:
        monkeypatch.setattr(value, "_seconds", 3600)
        value.forget()
    get_channel("th-thb")
    categories_by_id()

# the page (products with their profiles), stock records, channel listings, images, the products'
# categories, COUNT for totalCount; the channel and the categories' names come from the process's
# copy of them, which costs a statement each once every 10 seconds. (Saleor 3.23: 23.)
LISTING_QUERIES = 6


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


# Fields beyond a product card read the producer, province, packaging or product type: the page
# query joins them when any of these is asked for, so they cost no statement per product.
BEYOND_THE_CARD = {
    "productType { name }": lambda node: node["productType"]["name"],
    "producer { name province { name } }": lambda node: node["producer"]["province"]["name"],
    "province { isoCode }": lambda node: node["province"]["isoCode"],
    "packaging { hsCode }": lambda node: node["packaging"]["hsCode"],
    'assignedAttribute(slug: "province") { ... on AssignedSingleChoiceAttribute { value { name } } }':
        lambda node: node["assignedAttribute"]["value"]["name"],
    "assignedAttributes(limit: 30) { attribute { slug } }": lambda node: len(node["assignedAttributes"]) > 5,
    "more: productVariants(first: 1) { edges { node { trackInventory } } }":
        lambda node: node["more"]["edges"][0]["node"]["trackInventory"],
    "more: productVariants(first: 1) { edges { node { attributes(variantSelection: $scope) { attribute { slug } } } } }":
        lambda node: node["more"]["edges"][0]["node"]["attributes"],
}


@pytest.mark.parametrize("selection", list(BEYOND_THE_CARD))
def test_fields_beyond_a_product_card_cost_no_statement_per_product(django_assert_num_queries, selection):
    # given 5 listable products
    for _ in range(5):
        certified_product()
    scope = ", $scope: VariantAttributeScope" if "$scope" in selection else ""
    query = CARD_FIELDS + """
    query Wider($first: Int!, $lang: LanguageCodeEnum!%s) {
      products(first: $first, channel: "th-thb") { edges { node { ...Card %s } } }
    }""" % (scope, selection)
    variables = {"lang": "EN", **({"scope": "NOT_VARIANT_SELECTION"} if scope else {})}
    # when a page of 1 is asked for with the card and a field beyond it
    with CaptureQueriesContext(connection) as one:
        data(query, {**variables, "first": 1})
    # then a page of 5 costs the same statements and every product carries the field's value
    with django_assert_num_queries(len(one)):
        edges = data(query, {**variables, "first": 5})["products"]["edges"]
    assert len(edges) == 5
    assert all(BEYOND_THE_CARD[selection](edge["node"]) for edge in edges)


def test_listing_shows_todays_catalogue_when_data_or_the_day_change(monkeypatch):
    # given a product whose certification ends today, listed
    today = timezone.localdate()
    certified_product(name_en="Ends today", valid_until=today)
    assert _names() == ["Ends today"]
    # when another product is certified, it is listed at once
    certified_product(name_en="New today")
    assert _names() == ["New today", "Ends today"]
    # and when the day turns, the one whose certification ended leaves the listing
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    assert _names() == ["New today"]
    # but it is still in the catalogue, only not listed: staff still see it
    staff_token = token_for(UserFactory(is_staff=True))
    as_staff = data(LISTING, {"first": 10, "channel": "th-thb", "lang": "EN"}, token=staff_token)["products"]
    assert [edge["node"]["translation"]["name"] for edge in as_staff["edges"]] == ["New today", "Ends today"]


def test_a_signed_in_shopper_gets_the_anonymous_listing_and_a_producers_user_its_own_products_too():
    # given a listed product, and an unlisted one of a producer with a user
    certified_product(name_en="Listed")
    owner = UserFactory()
    certified_product(producer=ProducerFactory(users=[owner]), name_en="Own, revoked",
                      status=CertificationStatus.REVOKED)
    variables = {"first": 10, "channel": "th-thb", "lang": "EN"}

    def asked(token=None):
        """The page, and the SQL it ran on the catalogue (read before the next request clears the log)."""
        with CaptureQueriesContext(connection) as queries:
            page = data(LISTING, variables, token=token)["products"]
        return page, [q["sql"] for q in queries.captured_queries if "catalogue_product" in q["sql"]]

    # when a visitor, a signed-in shopper and the producer's user ask for the products page
    as_visitor, visitor_sql = asked()
    as_shopper, shopper_sql = asked(token_for(UserFactory()))
    as_owner, _ = asked(token_for(owner))
    # then the shopper sees what the visitor sees, read by the same catalogue statements (the kept
    # rows per channel, no DISTINCT over the catalogue); the producer's user sees its own product too
    assert as_shopper == as_visitor and as_visitor["totalCount"] == 1
    assert visitor_sql and shopper_sql == visitor_sql
    assert [e["node"]["translation"]["name"] for e in as_owner["edges"]] == ["Own, revoked", "Listed"]
    assert as_owner["totalCount"] == 2


def _names():
    return [edge["node"]["translation"]["name"] for edge in _listing(10)["edges"]]


def test_relations_loaded_for_a_page_read_without_queries_and_requery_only_their_own_product(
        django_assert_num_queries):
    # given two products with a price each
    from decimal import Decimal

    from oscar.core.loading import get_model

    from marketplace.catalog import relations
    from marketplace.graphql.catalog import loading

    first, second = certified_product(price="100.00"), certified_product(price="200.00")
    products = list(get_model("catalogue", "Product").objects.filter(pk__in=[first.pk, second.pk]).order_by("pk"))
    # when their stock records and categories are loaded for the page: one statement each
    with django_assert_num_queries(2):
        loading.prefetch(products, "stockrecords", "categories")
    # then each product reads its own rows without a statement
    with django_assert_num_queries(0):
        assert [r.price for r in products[0].stockrecords.all()] == [Decimal("100.00")]
        assert [r.price for r in products[1].stockrecords.all()] == [Decimal("200.00")]
        assert [c.names.name_en for c in products[0].categories.all()] == ["Textiles and apparel"]
    # and a query chained on them asks the database for that product's rows only
    own_categories = [c.pk for c in first.categories.order_by("pk")]
    with django_assert_num_queries(2):
        assert [r.price for r in products[1].stockrecords.filter(price__gte=0)] == [Decimal("200.00")]
        assert [c.pk for c in products[0].categories.order_by("pk")] == own_categories


def test_page_relations_read_in_sql_come_back_as_the_orm_gives_them():
    # given two products with stock records, images in a display order and a fixed USD price
    from oscar.core.loading import get_model

    from marketplace.channels.models import Channel, ProductChannelListing
    from marketplace.catalog import relations
    from marketplace.graphql.catalog import loading

    first, second = certified_product(price="100.00"), certified_product(price="200.00")
    for product, orders in ((first, (2, 0, 1)), (second, (1, 0))):
        for order in orders:
            get_model("catalogue", "ProductImage").objects.create(
                product=product, original=f"images/{product.pk}-{order}.jpg", caption=f"รูปที่ {order}",
                display_order=order)
    ProductChannelListing.objects.create(product=second, channel=Channel.objects.get(slug="intl-usd"), price="9.99")
    ids = [first.pk, second.pk]
    # when a page's rows of every such relation are read (together, in one round trip)
    models = loading.READ_IN_SQL
    for (name, model), read in zip(models.items(), relations.rows_of(list(models.values()), ids)):
        # then each product has the rows the ORM gives, in the ORM's order, with the same values
        fields = [f.attname for f in model._meta.concrete_fields]
        for product_id in ids:
            orm = [[getattr(row, f) for f in fields] for row in model.objects.filter(product_id=product_id)]
            ours = [[getattr(row, f) for f in fields] for row in read if row.product_id == product_id]
            assert ours == orm, name
            if name != "channel_listings" or product_id == second.pk:
                assert ours, f"no {name} of product {product_id}"
