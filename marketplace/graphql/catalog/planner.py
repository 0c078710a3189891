"""Queries that must apply the listing rule to the whole catalogue (``totalCount``, a sort by
price or name) run with PostgreSQL's nested-loop joins off.

The listing rule's correlated subqueries (newest certification, priced stock record) make the
planner expect a handful of rows and join 20,000 products one by one; with hash joins the
same query takes half the time (bench/bench_graphql.py). A page in the default order keeps
nested loops: there PostgreSQL walks an index and stops after one page.

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
