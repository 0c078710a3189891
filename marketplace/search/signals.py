"""Keeps the index current: any change to a product, its profile, packaging, price,
certification, standards or producer marks the product for reindexing.

Marked products are reindexed when the transaction commits (one batch for thousands of
saves) and, inside a transaction, before its next search, so a search right after a change
(in a test, or in the request that made it) already sees it. Marks of a transaction that
rolled back are dropped. Changes
made with ``QuerySet.update()`` or ``bulk_create()`` send no signals: call
``service.index_products(ids)`` after them, or run ``manage.py search_reindex``. The
programme-record import does so through the catalog's ``products_written_in_bulk`` signal.
"""
import itertools
import logging
import threading
import weakref

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from oscar.core.loading import get_model

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
        _state.token, _state.ids = token, set()
    return _state.ids


def mark(product_ids) -> None:
    ids = {i for i in product_ids if i}
    if not ids:
        return
    marked = pending()
    marked.update(ids)
    # One callback per mark (a savepoint rolled back takes its callbacks with it); the first to
    # run reindexes the whole transaction's set in one batch, the others find it empty.
    transaction.on_commit(lambda: _flush_set(marked))


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
    it created or changed: index those at once, so the shop and the API find them."""
    if len(product_ids) > 1000:
        from marketplace.search import service

        try:
            service.sync()  # large imports: the bulk path (a first import rebuilds the whole index)
        except Exception:
            logger.exception("search: catching up after an import failed; run manage.py search_reindex")
    else:
        _reindex(set(product_ids))


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
        post_save.connect(_product_of, sender=model, dispatch_uid=f"{uid}_save_{model.__name__}")
        post_delete.connect(_product_of, sender=model, dispatch_uid=f"{uid}_delete_{model.__name__}")
    post_save.connect(_standard, sender=Standard, dispatch_uid=f"{uid}_save_standard")
    post_delete.connect(_standard, sender=Standard, dispatch_uid=f"{uid}_delete_standard")
    post_save.connect(_producer, sender=Producer, dispatch_uid=f"{uid}_producer")
    m2m_changed.connect(_product_categories, sender=Product.categories.through, dispatch_uid=f"{uid}_categories")
    products_written_in_bulk.connect(_imported, dispatch_uid=f"{uid}_import")
