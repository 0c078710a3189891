"""Protection before any SQL: page size, cost, depth, aliases, batching, introspection, bad input."""
import json

import pytest

from graphql_client import LISTING, post
from marketplace.graphql import limits

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
    assert f"above the limit of {limits.MAX_COST}" in message


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


@pytest.mark.parametrize("raw, expected", [
    (b'{"query": "{ channels { id } }\xff"}', "The request body is not UTF-8 text."),
    ("{bad", "The request body is not valid JSON."),
    ("", "Must provide query string."),  # an empty body: no operation at all
    ('"{ channels { id } }"', "The request body must be a JSON object holding `query`"),
    ("5", "The request body must be a JSON object holding `query`"),
    ("null", "The request body must be a JSON object holding `query`"),
    (json.dumps({"query": "query($a: Int) { channels { id } }", "variables": "{bad"}), "`variables` is not valid JSON."),
])
def test_a_malformed_body_is_refused_saying_what_is_wrong(django_assert_num_queries, raw, expected):
    status, message = _refused(django_assert_num_queries, None, raw=raw)
    assert status == 400
    assert message.startswith(expected)


@pytest.mark.parametrize("query", ["subscription { __typename }", "subscription OnEvent { event { __typename } }",
                                   "subscription { checkoutCreated { checkout { id } } }"])
def test_a_subscription_is_refused_without_sql(django_assert_num_queries, query):
    # Saleor's schema has subscriptions (its webhooks' payloads); this API serves none
    status, message = _refused(django_assert_num_queries, query)
    assert status == 400
    assert message == "This API has no subscription operations: send a query or a mutation."


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
    # numbers no attribute holds: refused as such, before the database layer turns them into integers
    # (1e999999999 held the server for minutes; NaN and Infinity raised Python's own errors)
    *((f'{{ products(first: 5, channel: "th-thb", where: {{attributes: [{{slug: "star-level", value: '
       f'{{numeric: {{eq: "{number}"}}}}}}]}}) {{ totalCount }} }}', None, "is not a number")
      for number in ("1e999999999", "1e5000", "NaN", "sNaN", "Infinity", "-Infinity", "1e-999999")),
    ('{ products(first: 5, channel: "th-thb", where: {attributes: [{slug: "selection-year", value: '
     '{numeric: {range: {gte: "1e999999"}}}}]}) { totalCount } }', None, "is not a number"),
    ('{ products(first: 5, filter: {attributes: [{slug: "star-level", values: ["1e999999999"]}]}) '
     '{ edges { node { id } } } }', None, "is not a number"),
])
def test_malformed_input_is_a_graphql_error_not_a_500(query, variables, expected):
    status, body = post(query, variables)
    assert status in (200, 400)
    assert expected in body["errors"][0]["message"]


def test_a_graphql_body_that_is_not_utf8_is_a_400_not_a_500(client):
    # given an operation sent as application/graphql whose bytes are not UTF-8
    response = client.post("/graphql/", b"\xff{ channels { slug } }", content_type="application/graphql")
    # then the client is told what is wrong with its request
    assert response.status_code == 400
    assert "not UTF-8" in json.loads(response.content)["errors"][0]["message"]


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
    assert "$first" in body["errors"][0]["message"]


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


# --- The cost counts what the executor will use: defaults, variables, literals, `limit` -----------
NESTED_PAGES = ("query Pages($n: Int = 100) { categories(first: $n) { edges { node { products(first: $n) "
                "{ edges { node { id name slug } } } } } } }")


@pytest.mark.parametrize("query, variables", [
    # the page size as the operation's variable default
    (NESTED_PAGES, None),
    # a variable without a value falls back to its default, the way the executor reads it
    (NESTED_PAGES.replace("= 100", "= 1").replace("products(first: $n)", "products(first: $m)")
     .replace("($n: Int = 1)", "($n: Int = 1, $m: Int = 100)"), {"n": 100}),
    # `limit` left to the schema's default (100 attributes, 100 values each)
    ('{ products(first: 100, channel: "th-thb") { edges { node { assignedAttributes { attribute { slug } '
     '... on AssignedMultiChoiceAttribute { value { name slug } } } } } } }', None),
    # `limit` from a variable's default
    ('query ($l: PositiveInt = 100) { products(first: 100) { edges { node { '
     'a: assignedAttributes(limit: $l) { attribute { slug name } } } } } }', None),
])
def test_page_sizes_from_defaults_are_counted(django_assert_num_queries, query, variables):
    # given a query whose page sizes come from defaults rather than literals
    # when it is sent / then it is refused before any SQL, like the same query written with literals
    status, message = _refused(django_assert_num_queries, query, variables)
    assert status == 400
    assert f"above the limit of {limits.MAX_COST}" in message


def test_page_size_over_100_given_as_a_default_is_refused(django_assert_num_queries):
    status, message = _refused(django_assert_num_queries,
                               "query ($n: Int = 5000) { products(first: $n) { edges { node { id } } } }")
    assert "`first` on `products` must be between 0 and 100; got 5000" in message


# --- Sorting, searching and counting the catalogue are expensive --------------------------------
def _aliased(count, arguments, fields="edges { node { id name } }"):
    return "query { " + " ".join(f'p{i}: products(first: 10, channel: "th-thb"{arguments}) {{ {fields} }}'
                                  for i in range(count)) + " }"


@pytest.mark.parametrize("query", [
    _aliased(3, ", sortBy: {field: PRICE, direction: ASC}"),
    _aliased(3, ", sortBy: {field: NAME, direction: DESC}"),
    _aliased(3, ', search: "silk"'),
    _aliased(3, ', filter: {search: "silk"}'),
    _aliased(3, "", "totalCount"),
    _aliased(3, ', after: "YXJyYXljb25uZWN0aW9uOjUwMDAw"'),  # 50,000 items in: PostgreSQL walks them all
    _aliased(3, "").replace("first: 10", "last: 10"),  # the end of the catalogue is found by counting it
    'query { categories(first: 5) { edges { node { products(first: 1, sortBy: {field: PRICE, direction: ASC}) '
    '{ edges { node { id } } } } } } }',
])
def test_several_sorted_searched_or_counted_lists_are_refused(django_assert_num_queries, query):
    # when a request asks for three (or five) lists that each read the whole catalogue
    status, message = _refused(django_assert_num_queries, query)
    # then it is refused before any SQL, with a hint
    assert f"above the limit of {limits.MAX_COST}" in message
    assert "one sorted or searched list per request" in message


@pytest.mark.parametrize("sort", ["PRICE", "NAME", "RANK"])
def test_one_sorted_counted_list_passes_but_not_two(django_assert_num_queries, sort):
    # given the storefront's paginated listing (every card field, totalCount, pageInfo), 24 a page, sorted
    variables = {"first": 24, "channel": "th-thb", "lang": "EN", "sortBy": {"field": sort, "direction": "ASC"},
                 "search": "silk" if sort == "RANK" else None}
    # then it is answered
    status, body = post(LISTING, variables)
    assert status == 200 and "errors" not in body, body
    assert body["data"]["products"]["totalCount"] == 0
    # but the same listing twice in one request is not
    head, tail = LISTING.rsplit("}\n", 1)
    twice = (head.replace("products(", "a: products(", 1) + "  b: products(first: $first, channel: $channel, "
             "sortBy: $sortBy, search: $search) { totalCount edges { node { id } } }\n}\n" + tail)
    assert "b: products(" in twice
    if sort != "RANK":  # a search's matches are sorted and counted cheaply: two searches pass
        status, message = _refused(django_assert_num_queries, twice, variables)
        assert f"above the limit of {limits.MAX_COST}" in message


# --- Introspection: `__typename` always, `__schema` and `__type` not in production --------------
def _production(code):
    """Runs ``code`` in a process started with the production settings; returns its stdout."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from jobs_fixtures import database_env  # the test database, on the embedded server or DATABASE_URL's

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
           "DJANGO_SECRET_KEY": "test-only-production-settings-key-0123456789-abcdefghij",
           "DJANGO_ALLOWED_HOSTS": "testserver", "DJANGO_SECURE_SSL_REDIRECT": "false", **database_env()}
    env.pop("OTOP_GRAPHQL_INTROSPECTION", None)
    script = ("import django, json; django.setup()\n"
              "from django.test import Client\n"
              "def post(query):\n"
              "    r = Client().post('/graphql/', json.dumps({'query': query}), content_type='application/json',"
              " secure=True)\n"
              "    return r.status_code, json.loads(r.content)\n" + code)
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parent.parent, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_typename_is_answered_with_production_settings():
    # given a process with the production settings (introspection off)
    # when a client asks for __typename as Apollo and urql do, at the top, in lists and in fragments
    answers = _production(
        "print(json.dumps([post('{ __typename }'), post('{ channels { __typename slug } }'),"
        " post('query { ...Q } fragment Q on Query { __typename channels { __typename } }')]))")
    # then every one is answered
    (s1, top), (s2, nested), (s3, fragment) = answers
    assert (s1, top) == (200, {"data": {"__typename": "Query"}})
    assert s2 == 200 and {c["__typename"] for c in nested["data"]["channels"]} == {"Channel"}
    assert s3 == 200 and fragment["data"]["__typename"] == "Query"


def test_schema_introspection_is_refused_with_production_settings():
    answers = _production("print(json.dumps([post('{ __schema { types { name } } }'),"
                          " post('{ __type(name: \"Product\") { fields { name } } }'),"
                          " post('{ __typename a: __schema { queryType { name } } }')]))")
    for status, body in answers:
        assert status == 400
        assert "introspection is disabled" in body["errors"][0]["message"]
        assert "data" not in body


@pytest.mark.parametrize("amount", ["NaN", "sNaN", "-NaN", "Infinity", "-Infinity", "inf"])
def test_an_amount_that_is_no_number_is_refused_by_name(amount):
    # given an amount (the PositiveDecimal of a checkout line's price, a payment, a channel price) of NaN or infinity
    query = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
      checkout { id } errors { field code message } } }"""
    variables = {"input": {"channel": "default-channel",
                           "lines": [{"quantity": 1, "variantId": "UHJvZHVjdFZhcmlhbnQ6MQ==", "price": amount}]}}
    # when it is sent
    status, body = post(query, variables, language="en")
    # then the answer says the value is not a number, in words (it said "[<class 'decimal.InvalidOperation'>]")
    messages = [error["message"] for error in body["errors"]]
    assert status == 400
    assert any(f"PositiveDecimal must be a number, not '{amount}'" in message for message in messages), messages
    assert not any("InvalidOperation" in message for message in messages)
