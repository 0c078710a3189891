"""The catalogue's version: a number that moves whenever anything a shopper's catalogue page or
query shows may have changed. The API's response cache (``graphql.response_cache``) and the
storefront's listing fragments (``search.browse``) key what they keep on it, so a change is never
served stale.

It is a PostgreSQL sequence (``SEQUENCE``), moved by every save, delete or many-to-many change of
a model outside ``UNTRACKED_APPS`` (orders, baskets, payments, accounts, jobs… change nothing a
catalogue page shows), at once and again when the transaction commits (a reader between the two
kept the old answer under the new version), and after an import's bulk writes. A sequence takes no
lock, so writers never wait on each other for it. Writes that send no signals
(``QuerySet.update()``, raw SQL) are seen when the kept entries expire.

A save of a stock record that changes its quantities alone and leaves what shoppers are told the
same (``stock.told_the_same``: an order's allocation of 1 of 40 units) moves the stock's version
(``STOCK_SEQUENCE``) instead: pages and answers show no exact quantity, except the API's
``quantityAvailable``, whose answers are kept under both (``version(stock=True)``). So an order
leaves the kept products pages, category pages and searches kept, unless it sells a product out
or leaves few.

Moving it costs a statement per write, so it moves only while a cache reads it
(``OTOP_API_CACHE_SECONDS`` or ``OTOP_PAGE_CACHE_SECONDS`` above 0). Keys also hold the day:
the listing rule compares certification periods with it.
"""
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.apps import apps as registry
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from marketplace.catalog import stock

SEQUENCE = "otop_graphql_catalogue_version"  # its name from when only the API kept answers
STOCK_SEQUENCE = "otop_catalogue_stock_version"
UNTRACKED_APPS = frozenset({
    "sessions", "basket", "order", "otop_orders", "payment", "otop_payments", "procrastinate", "otop_jobs",
    "auth", "accounts", "customer", "axes", "auditlog", "admin", "contenttypes", "analytics", "communication",
    "catalog_import", "sales", "thumbnail", "quotes", "quote_orders", "wishlists", "reviews", "voucher",
    "officers", "otop_search",
})
UNTRACKED_MODELS = frozenset({"otop_catalog.StockAlertLanguage"})  # a shopper's stock alert, in a tracked app


def api_seconds() -> int:
    return int(getattr(settings, "OTOP_API_CACHE_SECONDS", 0) or 0)


def page_seconds() -> int:
    return int(getattr(settings, "OTOP_PAGE_CACHE_SECONDS", 0) or 0)


def tracking() -> bool:
    return bool(api_seconds() or page_seconds())


def _read(sequence) -> str:
    # a new sequence says 1 before its first nextval and after it: 0 until then, so the first move shows
    return f"(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence})"


def version(stock=False) -> int | str:
    """The catalogue's version; with ``stock``, it and the stock's (one statement)."""
    with connection.cursor() as cursor:
        if stock:
            cursor.execute(f"SELECT {_read(SEQUENCE)}, {_read(STOCK_SEQUENCE)}")
            return "%d.%d" % cursor.fetchone()
        cursor.execute(f"SELECT {_read(SEQUENCE)}")
        return cursor.fetchone()[0]


def bump(sequence=SEQUENCE) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval('{sequence}')")


def bump_stock() -> None:
    bump(STOCK_SEQUENCE)


@lru_cache(maxsize=1)
def release() -> str:
    """Which release of the code renders: ``OTOP_RELEASE`` when the deploy names it, else a digest of
    the project's code, templates and translations (the same on every machine running the same
    files; 490 files in ~16 ms, once per process). Part of every key, so that after a deploy a
    shared cache never serves what the previous release rendered."""
    named = getattr(settings, "OTOP_RELEASE", "")
    if named:
        return named
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for root in ("marketplace", "storefront_theme", "catalog_import", "locale"):
        for path in sorted((base / root).rglob("*")):
            if path.suffix in (".py", ".html", ".mo") and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(name, *parts) -> str:
    """A cache key for ``name`` with ``parts``, the day, the catalogue's version and the release."""
    material = json.dumps([list(parts), timezone.localdate().isoformat(), version(), release()], default=str)
    return f"otop-{name}:" + hashlib.sha256(material.encode()).hexdigest()


def kept(name, compute, *parts):
    """``compute()``, kept (``OTOP_PAGE_CACHE_SECONDS``) under ``key(name, *parts)``: what every page
    shows the same way to every shopper of a language (the menu's categories, the footer)."""
    seconds = page_seconds()
    if not seconds:
        return compute()
    cache_key = key(name, *parts)
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, seconds)
    return found


def _changed(sender, **kwargs):
    if not tracking() or kwargs.get("raw") or sender._meta.app_label in UNTRACKED_APPS \
            or sender._meta.label in UNTRACKED_MODELS or sender._meta.apps is not registry:
        # (a model of another registry: Django's record of an applied migration, a migration's historical
        # model; nothing a page shows, and while a new database is migrated the sequence may not be there yet)
        return
    moved = bump
    if sender is stock.StockRecord and kwargs.get("signal") is post_save and stock.told_the_same(kwargs["instance"]):
        moved = bump_stock
    moved()
    transaction.on_commit(moved)


def _bulk_written(sender, **kwargs):
    if tracking():
        bump()


def connect():
    from marketplace.catalog.bulk_writes import products_written_in_bulk

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"otop_catalogue_version_{signal is post_save}_{signal is post_delete}")
    products_written_in_bulk.connect(_bulk_written, dispatch_uid="otop_catalogue_version_bulk")
