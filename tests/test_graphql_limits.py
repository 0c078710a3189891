"""Protection before any SQL: page size, cost, depth, aliases, batching, introspection, bad input."""
import json

import pytest

from graphql_client import LISTING, post

pytestmark = pytest.mark.django_db

NESTED = "query { categories(first: 1) { edges { node { " + "parent { " * 15 + "id" + " }" * 15 + " } } } }"


def _refused(django_assert_num_queries, query, variables=None, raw=None):
    with django_assert_num_queries(0):
        status, body = post(query, variables, raw=raw)
    assert "data" not in body or body["data"] is None
    return status, body["errors"][0]["message"]


def test_page_size_over_100_is_refused_without_sql(django_assert_num_queries):
    status, message = _refused(django_assert_num_queries, LISTING, {"first": 101, "channel": "th-thb", "lang": "EN"})
    assert status == 400
    assert "`first` on `products` must be between 0 and 100; got 101" in message


def test_costly_query_is_refused_without_sql(django_assert_num_queries):
    query = ("query { categories(first: 100) { edges { node { products(first: 100, channel: \"th-thb\") "
             "{ edges { node { id name productVariants(first: 100) { edges { node { id sku name } } } } } } } } } }")
    status, message = _refused(django_assert_num_queries, query)
    assert "above the limit of 250000" in message


def test_too_deep_query_is_refused_without_sql(django_assert_num_queries):
    status, message = _refused(django_assert_num_queries, NESTED)
    assert status == 400
    assert "exceeds maximum operation depth" in message


def test_too_many_aliases_are_refused_without_sql(django_assert_num_queries):
    query = "query { " + " ".join(f"a{i}: channels {{ id }}" for i in range(51)) + " }"
    status, message = _refused(django_assert_num_queries, query)
    assert "more than 50 aliases" in message


def test_batched_request_is_refused_without_sql(django_assert_num_queries):
    body = json.dumps([{"query": "{ channels { id } }"}, {"query": "{ channels { slug } }"}])
    status, message = _refused(django_assert_num_queries, None, raw=body)
    assert status == 400
    assert "Batched queries are not supported" in message


def test_introspection_is_refused_when_turned_off(django_assert_num_queries, settings):
    settings.GRAPHQL_INTROSPECTION = False
    status, message = _refused(django_assert_num_queries, "{ __schema { types { name } } }")
    assert "introspection is disabled" in message.lower()


def test_introspection_is_on_in_development():
    status, body = post("{ __schema { queryType { name } } }")
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_production_settings_turn_introspection_off():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "marketplace" / "settings" / "production.py").read_text()
    assert "GRAPHQL_INTROSPECTION = False" in text


@pytest.mark.parametrize("query, variables, expected", [
    ('{ product(id: "not-base64!", channel: "th-thb") { id } }', None, "Invalid ID"),
    ('{ product(id: "Q2F0ZWdvcnk6MQ==", channel: "th-thb") { id } }', None, "expected the id of a Product"),
    ('{ products(first: 5, channel: "nowhere") { edges { node { id } } } }', None, "Channel with 'nowhere' slug"),
    ('{ products(first: 5, after: "zzz") { edges { node { id } } } }', None, "Invalid cursor"),
    ('{ products(channel: "th-thb") { edges { node { id } } } }', None, "You must provide a `first` or `last`"),
    ('{ products(first: 5, filter: {attributes: [{slug: "star-level", values: ["four"]}]}) { edges { node { id } } } }',
     None, "'four' is not a number"),
    ('{ products(first: 5, filter: {attributes: [{slug: "province", valuesRange: {gte: 1}}]}) '
     '{ edges { node { id } } } }', None, "is not numeric"),
    ("{ products(first: 5 { id } }", None, "Syntax Error"),
])
def test_malformed_input_is_a_graphql_error_not_a_500(query, variables, expected):
    status, body = post(query, variables)
    assert status in (200, 400)
    assert expected in body["errors"][0]["message"]


@pytest.mark.parametrize("debug, expected", [(True, 200), (False, 400)])
def test_graphiql_only_with_debug(client, settings, debug, expected):
    # given a browser asking for /graphql/ (GET, HTML)
    settings.DEBUG = debug
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    # then GraphiQL is served only in development; in production a query is required
    assert response.status_code == expected
    assert (b"graphiql" in response.content.lower()) is debug


def test_graphiql_introspection_query_passes_the_limits_in_development():
    from graphql import get_introspection_query

    status, body = post(get_introspection_query(descriptions=True))
    assert status == 200
    names = {t["name"] for t in body["data"]["__schema"]["types"]}
    assert {"Product", "AssignedNumericAttribute", "ProductOrderField"} <= names


def test_variables_of_the_wrong_type_are_a_graphql_error():
    status, body = post(LISTING, {"first": "ten", "channel": "th-thb", "lang": "EN"})
    assert status == 400
    assert "`first`" in body["errors"][0]["message"]


def test_unexpected_failures_do_not_leak_internals_in_production(settings, monkeypatch):
    # given a resolver that fails the way a bug would
    from marketplace.graphql.channels import types

    def broken():
        raise RuntimeError("relation secret_table does not exist")

    monkeypatch.setattr(types, "active_channels", broken)
    settings.DEBUG = False
    # when a client asks for it
    status, body = post("{ channels { slug } }")
    # then it gets an error without the internals, not a 500
    assert status == 200
    assert body["errors"][0]["message"] == "Internal Server Error"
