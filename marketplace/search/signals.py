"""Keeps the index current: any change to a product, its profile, packaging, price,
certification, standards or producer marks the product for reindexing.

Marked products are reindexed when the transaction commits (one batch for an import of
thousands of rows) and, at the latest, before the next search in this process, so a search
right after a change (in a test, or in the request that made it) already sees it. Changes
made with ``QuerySet.update()`` or ``bulk_create()`` send no signals: call
``service.index_products(ids)`` after them, or run ``manage.py search_reindex``.
"""
import logging
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from oscar.core.loading import get_model

logger = logging.getLogger(__name__)
_state = threading.local()


def pending() -> set:
    if not hasattr(_state, "ids"):
        _state.ids = set()
    return _state.ids


def mark(product_ids) -> None:
    ids = {i for i in product_ids if i}
    if not ids:
        return
    pending().update(ids)
    transaction.on_commit(flush)


def flush() -> None:
    """Reindex the products marked in this thread (a no-op when none are)."""
    ids = pending()
    if not ids or getattr(_state, "flushing", False):
        return
    from marketplace.search import service

    batch = set(ids)
    _state.flushing = True
    try:
        service.index_products(batch)
        ids.difference_update(batch)
    except Exception:  # the index must never break the write that triggered it
        logger.exception("search: reindexing products %s failed; run manage.py search_reindex", sorted(batch))
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


def _category_link(sender, instance, **kwargs):
    mark([instance.product_id])


def _product_categories(sender, instance, action, pk_set=None, **kwargs):
    if action.startswith("post_"):
        mark([instance.pk] if isinstance(instance, get_model("catalogue", "Product")) else list(pk_set or ()))


def connect():
    from marketplace.catalog.models import Packaging, ProductProfile
    from marketplace.certification.models import Certification, Standard
    from marketplace.producers.models import Producer

    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    ProductCategory = get_model("catalogue", "ProductCategory")
    uid = "otop_search"
    post_save.connect(_product, sender=Product, dispatch_uid=f"{uid}_product")
    for model in (ProductProfile, Packaging, StockRecord, Certification, ProductCategory):
        post_save.connect(_product_of, sender=model, dispatch_uid=f"{uid}_save_{model.__name__}")
        post_delete.connect(_product_of, sender=model, dispatch_uid=f"{uid}_delete_{model.__name__}")
    post_save.connect(_standard, sender=Standard, dispatch_uid=f"{uid}_save_standard")
    post_delete.connect(_standard, sender=Standard, dispatch_uid=f"{uid}_delete_standard")
    post_save.connect(_producer, sender=Producer, dispatch_uid=f"{uid}_producer")
    m2m_changed.connect(_product_categories, sender=Product.categories.through, dispatch_uid=f"{uid}_categories")
