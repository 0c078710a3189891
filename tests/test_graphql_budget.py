"""Every API request has a budget: a wall clock and a PostgreSQL statement_timeout. A request
past it stops at once with a typed error, and the connection goes back to no limit for the next
user of it (the import, the dashboard, management commands)."""
import threading

import psycopg
import pytest
from django.db import connection

from graphql_client import post
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked_table():
    """Another session holding an exclusive lock on a table, as a long migration or a stuck
    transaction would: every statement of the API that reads the table waits."""
    holders = []

    def lock(table):
        params = connection.get_connection_params()
        holder = psycopg.connect(**{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host")})
        holder.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        holders.append(holder)

    yield lock
    for holder in holders:
        holder.rollback()
        holder.close()


def _timed_out(body):
    assert body["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT", body
    assert "took longer than the API allows" in body["errors"][0]["message"]
    assert not (body.get("data") or {}).get("products")


@pytest.mark.parametrize("table, query", [
    ("catalogue_product", '{ products(first: 5, channel: "th-thb") { edges { node { id } } } }'),
    ("catalogue_product", '{ products(first: 5, sortBy: {field: PRICE, direction: ASC}) { totalCount } }'),
    ("producers_producer", "{ producers(first: 5) { edges { node { slug } } } }"),
])
def test_a_statement_past_the_statement_timeout_is_stopped_with_a_typed_error(settings, locked_table, table, query):
    # given API statements may run 0.3 s, and a table the query needs is locked by another session
    settings.GRAPHQL_STATEMENT_TIMEOUT = 0.3
    locked_table(table)
    # when a client asks for it
    finished = []
    worker = threading.Thread(target=lambda: finished.append(post(query)))
    worker.start()
    worker.join(timeout=20)
    # then the request does not wait for the lock: it stops within its budget, with a typed error
    assert finished, "the request was still waiting after 20 s"
    status, body = finished[0]
    assert status in (200, 400)
    _timed_out(body)


def test_a_request_past_its_wall_clock_runs_no_more_sql(settings, django_assert_max_num_queries):
    # given a budget already spent when the first statement would run
    certified_product()
    settings.GRAPHQL_TIME_BUDGET = 0
    # when a client asks for products and their count / then the first statement is refused (Django
    # still lists it among the queries) and the request stops there, with the reason
    with django_assert_max_num_queries(1):
        status, body = post('{ products(first: 5, channel: "th-thb") { totalCount edges { node { id name } } } }')
    _timed_out(body)


def test_api_statements_run_under_the_timeout_and_the_connection_is_reset_after(settings):
    # given 3.5 s per statement and a listable product
    settings.GRAPHQL_STATEMENT_TIMEOUT = 3.5
    certified_product()
    seen = []

    def timeout_in_force(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        with context["connection"].connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            seen.append(cursor.fetchone()[0])
        return result

    # when the API lists products
    with connection.execute_wrapper(timeout_in_force):
        status, body = post('{ products(first: 5, channel: "th-thb") { totalCount edges { node { id } } } }')
    assert status == 200 and body["data"]["products"]["totalCount"] == 1
    # then every one of its statements ran under the timeout
    assert seen and set(seen) == {"3500ms"}
    # and the next user of the connection (an import, the dashboard) has no limit again
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
