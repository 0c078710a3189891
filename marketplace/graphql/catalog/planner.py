"""A ``totalCount`` that must be worked out over the whole catalogue (filters other than the
channel's listing: the channel's own count is read from its kept rows, ``channels.kept``) runs with
PostgreSQL's nested-loop joins off.

Filters on attributes, categories or collections make the planner expect a handful of products
and join them one by one; with hash joins counting them takes half the time
(bench/bench_graphql.py). A page keeps nested loops: in the default order PostgreSQL walks the
primary key, sorted by price the kept rows' price index, and stops after one page.

``SET LOCAL`` lasts until the end of the transaction, so this applies only when the query runs
in a transaction of its own (a GraphQL query in autocommit); inside a caller's transaction (a
mutation, a test) the query runs unchanged rather than change the caller's settings.
"""
from django.db import connection, transaction


def whole_catalogue(run):
    if connection.in_atomic_block:
        return run()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_nestloop = off")
        return run()
