"""The time an API request may take: a wall clock and a database statement timeout.

gunicorn's workers cannot tell when a client has gone, so without a budget a request keeps its
worker (and its memory) for as long as its SQL runs. Within ``request_budget()``:

- the first SQL statement of the request sets PostgreSQL's ``statement_timeout`` to
  ``GRAPHQL_STATEMENT_TIMEOUT`` seconds on the connection, and the end of the request resets it,
  so management commands, imports and the dashboard sharing that connection keep no limit;
- every statement first checks the wall clock (``GRAPHQL_TIME_BUDGET`` seconds from the start
  of the request).

Past either, ``BudgetExceeded`` stops the whole execution (it is a ``BaseException`` so that the
executor does not turn it into one error per field and carry on) and the view answers one typed
GraphQL error. A request that runs no SQL never pays for the setting.
"""
import time
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from graphql import GraphQLError

CODE = "REQUEST_TIMEOUT"


class BudgetExceeded(BaseException):
    """The request ran out of time; answered as ``error()``."""


def error() -> GraphQLError:
    return GraphQLError(
        _("The request took longer than the API allows (%(budget)s s, %(statement)s s per database statement) "
          "and was stopped. Ask for fewer items, or a simpler sort or filter.")
        % {"budget": f"{settings.GRAPHQL_TIME_BUDGET:g}", "statement": f"{settings.GRAPHQL_STATEMENT_TIMEOUT:g}"},
        extensions={"code": CODE})


class _Budget:
    def __init__(self):
        self.deadline = time.monotonic() + settings.GRAPHQL_TIME_BUDGET
        self.timeout_ms = max(1, int(settings.GRAPHQL_STATEMENT_TIMEOUT * 1000))
        self.timeout_set = False

    def __call__(self, execute, sql, params, many, context):
        if time.monotonic() > self.deadline:
            raise BudgetExceeded()
        if not self.timeout_set:
            # On the driver's cursor: a session setting, not one of the request's queries (the
            # tests count those). SET takes no parameters, hence the checked integer in the text.
            context["cursor"].cursor.execute(f"SET statement_timeout = {int(self.timeout_ms)}")
            self.timeout_set = True
        try:
            return execute(sql, params, many, context)
        except Exception as failure:
            if isinstance(failure.__cause__, psycopg.errors.QueryCanceled) or isinstance(
                    failure, psycopg.errors.QueryCanceled):
                raise BudgetExceeded() from failure
            raise

    def reset(self):
        if not self.timeout_set or connection.connection is None:
            return
        try:
            with connection.connection.cursor() as cursor:
                cursor.execute("RESET statement_timeout")
        except psycopg.Error:
            # A transaction the request aborted (a caller's, in tests) reverts the SET when it rolls
            # back; a connection that is no longer usable must not serve the next request.
            if not connection.in_atomic_block:
                connection.close()


@contextmanager
def request_budget():
    budget = _Budget()
    try:
        with connection.execute_wrapper(budget):
            yield
    finally:
        budget.reset()
