"""What an anonymous client can send to the catalogue's GraphQL queries, at its worst: a search
narrowed by filters (whose matches may rank anywhere), variables of thousands of values, and
cursors that are not the API's own."""
import base64

import pytest

from graphql_client import post
from marketplace.graphql import limits
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db

SEARCHED = """query ($first: Int, $filter: ProductFilterInput, $where: ProductWhereInput) {
  products(first: $first, search: "silk", filter: $filter, where: $where) { totalCount edges { node { name } } }
}"""


def gid(kind, pk):
    return base64.b64encode(f"{kind}:{pk}".encode()).decode()


def cursor(text):
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def silk():
    """Twelve silk textiles, then one silk soap (a food) that ranks below all of them."""
    textiles = [certified_product(name_th=f"ผ้าไหม ลาย {i}", name_en=f"Silk scarf {i}", category="textiles")
                for i in range(12)]
    soap = certified_product(name_th="สบู่รังไหม", name_en="Silk cocoon soap", category="food")
    return textiles, soap


def food_category_id():
    from oscar.core.loading import get_model

    return gid("Category", get_model("catalogue", "Category").objects.get(slug="food").pk)


@pytest.mark.parametrize("variables", [
    lambda soap: {"filter": {"categories": [food_category_id()]}},
    lambda soap: {"filter": {"ids": [gid("Product", soap.pk)]}},
    lambda soap: {"where": {"category": {"eq": food_category_id()}}},
])
def test_a_narrowed_search_finds_matches_ranked_below_the_page_and_counts_after_the_filter(silk, variables):
    # given a match that ranks 13th, kept by the filter
    _, soap = silk
    # when
    status, body = post(SEARCHED, {"first": 2, **variables(soap)})
    # then: it is found, and the total is what the filter keeps, not the search's 13
    assert status == 200, body
    assert body["data"]["products"] == {"totalCount": 1, "edges": [{"node": {"name": "สบู่รังไหม"}}]}


def test_a_searched_category_lists_its_matches_wherever_they_rank(silk):
    query = """{ category(slug: "food") { products(first: 2, search: "silk") { totalCount edges { node { name } } } } }"""
    status, body = post(query)
    assert body["data"]["category"]["products"] == {"totalCount": 1, "edges": [{"node": {"name": "สบู่รังไหม"}}]}


def test_an_unnarrowed_search_still_counts_every_match(silk):
    status, body = post(SEARCHED, {"first": 2})
    assert body["data"]["products"]["totalCount"] == 13
    assert len(body["data"]["products"]["edges"]) == 2


def test_a_narrowed_search_costs_the_same_queries_for_1_and_100_items(silk, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    narrowed = {"filter": {"categories": [food_category_id()]}}
    post(SEARCHED, {"first": 1, **narrowed})  # the index catching up, the channel looked up

    def queries(first):
        with CaptureQueriesContext(connection) as captured:
            status, body = post(SEARCHED, {"first": first, **narrowed})
        assert status == 200 and "errors" not in body, body
        return len(captured)

    # the whole window is one call of the search service, not one per page of it
    assert queries(1) == queries(100)


def test_variables_holding_more_values_than_a_document_may_hold_tokens_are_refused_before_any_sql(
        django_assert_num_queries):
    # given a where-input ORing thousands of names: each is coerced and turned into SQL before the
    # time budget could stop it
    names = [{"name": {"eq": f"x{i}"}} for i in range(limits.MAX_VARIABLE_VALUES // 4)]
    # when
    with django_assert_num_queries(0):
        status, body = post(SEARCHED, {"first": 1, "where": {"OR": names}})
    # then
    assert status == 400
    assert body["errors"][0]["message"] == (
        f"`variables` hold more than {limits.MAX_VARIABLE_VALUES} values (keys, items and texts).")


def test_a_list_of_ids_within_the_bound_is_answered():
    ids = [gid("Product", i) for i in range(1, limits.MAX_VARIABLE_VALUES - 10)]
    status, body = post("query ($ids: [ID!]) { products(first: 1, filter: {ids: $ids}) { edges { node { id } } } }",
                        {"ids": ids})
    assert status == 200 and "errors" not in body, body


@pytest.mark.parametrize("text", [
    "arrayconnection:๓",  # Thai digit three: int() reads it as 3
    "arrayconnection: 3", "arrayconnection:+3", "arrayconnection:1_0", "arrayconnection:3\n",
    "arrayconnection:" + "9" * 30, "arrayconnection:", "ArrayConnection:3", "Product:3",
])
def test_a_cursor_that_is_not_one_of_ours_is_a_typed_error(text):
    # given
    certified_product(name_th="ผ้าไหม", name_en="Silk")
    query = "query ($c: String) { products(first: 2, after: $c) { edges { node { id } } } }"
    # when
    status, body = post(query, {"c": cursor(text)})
    # then
    assert status == 200
    assert body["data"]["products"] is None
    assert body["errors"][0]["message"] == f"Invalid cursor {cursor(text)!r} in `after`."


@pytest.mark.parametrize("value", ["YXJyYXljb25uZWN0aW9uOjE", "YXJyYXljb25uZWN0aW9uOjE=\n", "%%%"])
def test_a_cursor_that_is_not_base64_is_a_typed_error(value):
    status, body = post("query ($c: String) { products(first: 2, before: $c) { edges { node { id } } } }",
                        {"c": value})
    assert body["errors"][0]["message"] == f"Invalid cursor {value!r} in `before`."


def test_the_api_own_cursors_still_page():
    for i in range(3):
        certified_product(name_th=f"ผ้าไหม {i}", name_en=f"Silk {i}")
    query = "query ($c: String) { products(first: 1, after: $c) { edges { cursor node { name } } } }"
    first = post(query, {})[1]["data"]["products"]["edges"][0]
    second = post(query, {"c": first["cursor"]})[1]["data"]["products"]["edges"][0]
    assert first["cursor"] == cursor("arrayconnection:0")
    assert second["cursor"] == cursor("arrayconnection:1") and second["node"]["name"] != first["node"]["name"]
