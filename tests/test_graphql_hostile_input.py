"""Tiny hostile requests get a typed GraphQL error or a 400, never a 500 nor an error in the log:
self-spreading fragments, bodies of the wrong shape, deep nesting, NUL characters, numbers and
cursors out of range, malformed ids and UUIDs, in every argument of every query field."""
import base64
import json
import logging

import pytest
from django.test import Client
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, get_named_type

from graphql_client import post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_errors(settings, caplog):
    """As in production: DEBUG off, so a bug shows as "Internal Server Error"; and no error logged."""
    settings.DEBUG = False
    caplog.set_level(logging.ERROR, logger="marketplace.graphql")
    yield
    assert not [r for r in caplog.records if r.name == "marketplace.graphql" and r.levelno >= logging.ERROR], \
        "an unexpected failure was logged"


def _typed_error(status, body):
    assert status in (200, 400), status
    assert body["errors"], body
    for error in body["errors"]:
        assert error["message"] != "Internal Server Error", body
    return body["errors"][0]["message"]


def _no_500(status, body):
    assert status in (200, 400), (status, body)
    for error in body.get("errors", []):
        assert error["message"] != "Internal Server Error", body


def _raw(body, content_type="application/json"):
    response = Client().post("/graphql/", body, content_type=content_type)
    return response.status_code, json.loads(response.content)


@pytest.mark.parametrize("query", [
    "{ ...A } fragment A on Query { ...A }",
    "{ ...A } fragment A on Query { ...B } fragment B on Query { channels { slug } ...A }",
    "{ channels { ...C } } fragment C on Channel { slug ...C }",
    "{ ...Missing }",
])
def test_fragment_cycles_and_unknown_fragments_are_validation_errors(query):
    status, body = post(query)
    message = _typed_error(status, body)
    assert status == 400
    assert "Cannot spread fragment" in message or "Unknown fragment" in message


@pytest.mark.parametrize("body", [
    {"query": 123}, {"query": ["{ channels { slug } }"]}, {"query": {"a": 1}}, {"query": None, "variables": {}},
    {"query": "{ channels { slug } }", "operationName": 7},
    {"query": "{ channels { slug } }", "variables": [1, 2]},
    {"query": "{ channels { slug } }", "variables": "[1, 2]"},
    {"query": "{ channels { slug } }", "variables": "not json"},
])
def test_request_bodies_of_the_wrong_shape_are_a_400(body):
    status, answer = _raw(json.dumps(body))
    _typed_error(status, answer)
    assert status == 400


@pytest.mark.parametrize("body", [
    # variables nested 1,000 levels deep: deeper than Python's JSON reader goes
    '{"query": "query ($f: ProductFilterInput) { products(first: 1, filter: $f) { edges { node { id } } } }", '
    '"variables": {"f": ' + "[" * 1000 + "]" * 1000 + '}}',
    # 100 levels: readable, but no input type of the schema nests that deep
    json.dumps({"query": "query ($f: ProductFilterInput) { products(first: 1, filter: $f) { edges { node { id } } } }",
                "variables": {"f": json.loads("{\"a\": " * 100 + "1" + "}" * 100)}}),
    # the body itself nested 100,000 levels deep
    '{"query": ' + "[" * 100_000 + "]" * 100_000 + "}",
])
def test_deeply_nested_variables_are_a_400(body):
    status, answer = _raw(body)
    message = _typed_error(status, answer)
    assert status == 400
    assert "nest" in message


def test_a_query_nested_thousands_of_levels_deep_is_a_syntax_error():
    status, body = post("{ channels " + "{ slug " * 3000 + "}" * 3001)
    message = _typed_error(status, body)
    assert status == 400
    assert "Syntax Error" in message


@pytest.mark.parametrize("query, variables", [
    ('{ products(first: 5, search: "silk\\u0000") { edges { node { id } } } }', None),
    ('{ product(slug: "x\\u0000y") { id } }', None),
    ("query ($s: String) { products(first: 5, filter: {search: $s}) { edges { node { id } } } }", {"s": "a\x00"}),
    ("query ($s: String!) { producer(slug: $s) { slug } }", {"s": "\x00"}),
    ("query ($w: ProductWhereInput) { products(first: 5, where: $w) { edges { node { id } } } }",
     {"w": {"name": {"oneOf": ["ok", "n\x00"]}}}),
])
def test_nul_characters_are_refused_as_a_graphql_error(django_assert_num_queries, query, variables):
    with django_assert_num_queries(0):
        status, body = post(query, variables)
    message = _typed_error(status, body)
    assert "NUL" in message


def _cursor(text):
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("query, variables", [
    ("query ($c: String) { products(first: 5, after: $c) { edges { node { id } } } }",
     {"c": _cursor("arrayconnection:99999999999999999999")}),
    ("query ($c: String) { categories(last: 5, before: $c) { edges { node { id } } } }",
     {"c": _cursor("arrayconnection:9223372036854775808")}),
    ("query ($c: String) { producers(first: 5, after: $c) { edges { node { slug } } } }",
     {"c": _cursor("arrayconnection:1e400")}),
    ("query ($c: String) { producers(first: 5, after: $c) { edges { node { slug } } } }",
     {"c": _cursor("arrayconnection:9223372036854775807")}),
])
def test_cursors_out_of_range_are_an_empty_page_or_a_graphql_error(query, variables):
    # a cursor past the end of a list is an empty page; past what the database can count, a typed error
    status, body = post(query, variables)
    _no_500(status, body)


@pytest.mark.parametrize("query, variables", [
    ('{ checkout(token: "not-a-uuid") { id } }', None),
    ("query ($t: UUID) { checkout(token: $t) { id } }", {"t": "0000-not-a-uuid"}),
    ('{ products(first: 1) { edges { node { thumbnail(size: 99999999999999999999) { url } } } } }', None),
    ('{ products(first: 1) { edges { node { assignedAttributes(limit: 0) { __typename } } } } }', None),
])
def test_malformed_uuids_and_numbers_out_of_range_are_a_graphql_error(query, variables):
    status, body = post(query, variables)
    _typed_error(status, body)
    assert status == 400


# --- A small fuzzer: every argument of every query field, with each kind of hostile value ---------
def _hostile_values(argument_type):
    named = get_named_type(argument_type)
    if isinstance(named, (GraphQLEnumType, GraphQLInputObjectType)):
        return []
    name = named.name
    values = {
        "String": ["\x00", "a\x00b", "x" * 10_000],
        "ID": ["\x00", "!!!not base64", base64.b64encode(b"Product:\x00").decode(),
               base64.b64encode(b"Product:-1").decode(), base64.b64encode(b"Product:99999999999999999999").decode(),
               base64.b64encode(b"Nope:1").decode()],
        "Int": [2 ** 31 - 1, -(2 ** 31)],
        "PositiveInt": [2 ** 31 - 1, 2 ** 62],
        "UUID": ["not-a-uuid", "00000000-0000-0000-0000-00000000000g"],
    }.get(name, [])
    if isinstance(argument_type, GraphQLNonNull):
        argument_type = argument_type.of_type
    if isinstance(argument_type, GraphQLList):
        return [[value] for value in values]
    return values


def _fuzz_cases():
    from marketplace.graphql.schema import schema

    cases = []
    for field_name, field in schema.graphql_schema.query_type.fields.items():
        if field_name.startswith("_"):
            continue
        selection = " { __typename }" if not hasattr(get_named_type(field.type), "serialize") else ""
        for argument_name, argument in field.args.items():
            for value in _hostile_values(argument.type):
                others = {name: arg for name, arg in field.args.items()
                          if name != argument_name and isinstance(arg.type, GraphQLNonNull)}
                if any(_hostile_values(arg.type) == [] for arg in others.values()):
                    continue  # a required enum or input object: not this fuzzer's business
                declared = [f"$v: {argument.type}"] + [f"${name}: {arg.type}" for name, arg in others.items()]
                passed = [f"{argument_name}: $v"] + [f"{name}: ${name}" for name in others]
                if field_name in ("products", "categories", "producers", "collections", "pages", "attributes") \
                        and argument_name not in ("first", "last"):
                    passed.append("first: 1")
                query = f"query ({', '.join(declared)}) {{ {field_name}({', '.join(passed)}){selection} }}"
                variables = {"v": value, **{name: "x" for name in others}}
                cases.append(pytest.param(query, variables, id=f"{field_name}.{argument_name}={str(value)[:20]!r}"))
    return cases


@pytest.mark.parametrize("query, variables", _fuzz_cases())
def test_hostile_values_in_any_argument_never_give_a_500(query, variables):
    status, body = post(query, variables)
    _no_500(status, body)
