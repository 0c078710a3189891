"""Keeps the index current: any change to a product, its profile, packaging, price,
certification, standards or producer marks the product for reindexing (a change of stock
quantities alone does not: no document holds them).

A mark enqueues an ``index_products`` job (``search.tasks``) in the transaction that made the
change: when it commits, a worker reindexes the product; when it rolls back, there is no job.
Each product is enqueued once per transaction however often it is saved. Nothing is indexed
in the request itself, except that a search made inside the same still-open transaction (a
test, a script) first indexes that transaction's marks, so it already sees them. Changes
made with ``QuerySet.update()`` or ``bulk_create()`` send no signals: call
``mark(ids)`` after them, or run ``manage.py search_reindex``. The programme-record import
does so through the catalog's ``products_written_in_bulk`` signal.
"""
import itertools
import logging
import threading
import weakref

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from oscar.core.loading import get_model
from procrastinate.exceptions import AlreadyEnqueued

from marketplace.core import library_edges

logger = logging.getLogger(__name__)
_state = threading.local()
_tokens = itertools.count(1)


def _transaction_token():
    """Which outermost transaction is open on this thread's connection (None in autocommit): a
    number per transaction object, kept beside it in this thread (never on it) and gone with it."""
    outermost = library_edges.outermost_transaction(connection)
    if outermost is None:
        return None
    token_of = _state.__dict__.setdefault("token_of", weakref.WeakKeyDictionary())
    if outermost not in token_of:
        token_of[outermost] = next(_tokens)
    return token_of[outermost]


def pending() -> set:
    """Products marked in this thread's current transaction. Marks left by a transaction that
    rolled back are dropped, so they never cost a later request anything."""
    token = _transaction_token()
    if not hasattr(_state, "ids") or _state.token != token:
        _state.token, _state.ids, _state.enqueued = token, set(), set()
    return _state.ids


def mark(product_ids) -> None:
    ids = {int(i) for i in product_ids if i}
    if not ids:
        return
    marked = pending()
    if connection.in_atomic_block:
        marked.update(ids)  # for a search later in this same transaction (``flush``)
    else:
        _state.enqueued = set()  # autocommit: each statement is its own transaction
    todo = ids - _state.enqueued
    if todo:
        from marketplace.search import tasks

        # A row of the job queue, written in this transaction: the index follows the commit.
        tasks.index_products.defer(product_ids=sorted(todo))
        # (a savepoint rolled back after this takes the job with it while the ids stay noted:
        # those products then wait for the next edit or the nightly rebuild)
        _state.enqueued.update(todo)


def _flush_set(marked: set) -> None:
    batch = set(marked)
    marked.clear()
    _reindex(batch)


def flush() -> None:
    """Reindex the products marked so far in this thread's transaction (a no-op when none are)."""
    _flush_set(pending())


def _reindex(ids) -> None:
    if not ids or getattr(_state, "flushing", False):
        return
    from marketplace.search import service

    _state.flushing = True
    try:
        service.index_products(ids)
    except Exception:  # the index must never break the write that triggered it
        logger.exception("search: reindexing products %s failed; run manage.py search_reindex", sorted(ids))
    finally:
        _state.flushing = False


def _product(sender, instance, **kwargs):
    mark([instance.pk])


def _product_of(sender, instance, **kwargs):
    mark([instance.product_id])


def _stock_record(sender, instance, signal=None, **kwargs):
    """A stock record's price is in its product's document; its quantities are not (an order's
    allocation changes nothing the index holds)."""
    from marketplace.catalog import stock

    if signal is post_save and stock.quantities_only(instance):
        return
    mark([instance.product_id])


def _standard(sender, instance, **kwargs):
    from marketplace.certification.models import Certification

    product_id = Certification.objects.filter(pk=instance.certification_id).values_list("product_id", flat=True)
    mark(list(product_id))


def _producer(sender, instance, **kwargs):
    mark(list(instance.products.values_list("product_id", flat=True)))


def _product_categories(sender, instance, action, pk_set=None, **kwargs):
    if action.startswith("post_"):
        mark([instance.pk] if isinstance(instance, get_model("catalogue", "Product")) else list(pk_set or ()))


def _imported(sender, product_ids, **kwargs):
    """The programme-record import writes in bulk (no model signals) and then names the products
    it created or changed: a worker indexes those, so the shop and the API find them."""
    from marketplace.search import tasks

    if len(product_ids) > 1000:
        try:  # large imports: the bulk path (a first import rebuilds the whole index)
            with transaction.atomic():  # a savepoint: the refusal below must not end the caller's transaction
                tasks.catch_up.defer()
        except AlreadyEnqueued:
            pass  # a catch-up is already waiting; it will see these products too
    else:
        mark(product_ids)


def connect():
    from marketplace.catalog.bulk_writes import products_written_in_bulk
    from marketplace.catalog.models import Packaging, ProductProfile
    from marketplace.certification.models import Certification, Standard
    from marketplace.channels.models import ProductChannelListing
    from marketplace.producers.models import Producer

    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    ProductCategory = get_model("catalogue", "ProductCategory")
    uid = "otop_search"
    post_save.connect(_product, sender=Product, dispatch_uid=f"{uid}_product")
    for model in (ProductProfile, Packaging, StockRecord, Certification, ProductCategory, ProductChannelListing):
        receiver = _stock_record if model is StockRecord else _product_of
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}_save_{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}_delete_{model.__name__}")
    post_save.connect(_standard, sender=Standard, dispatch_uid=f"{uid}_save_standard")
    post_delete.connect(_standard, sender=Standard, dispatch_uid=f"{uid}_delete_standard")
    post_save.connect(_producer, sender=Producer, dispatch_uid=f"{uid}_producer")
    m2m_changed.connect(_product_categories, sender=Product.categories.through, dispatch_uid=f"{uid}_categories")
    products_written_in_bulk.connect(_imported, dispatch_uid=f"{uid}_import")
