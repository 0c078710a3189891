"""Answers to anonymous catalogue queries, kept and given again while the catalogue is unchanged.

Storefronts ask the same few queries (a products page, a product, the menu) again and again, and
executing the 24 cards' fields is most of an answer's time. An answer is kept (Django's cache,
``OTOP_API_CACHE_SECONDS``; 0 turns it off) when:
- no user is signed in (no bearer token): nothing in it is anyone's own;
- the operation is a query whose top-level fields are all catalogue reads (``CACHEABLE_FIELDS``:
  no checkout, order, user or token), with no fragment at the top level;
- it has no errors.

Its key holds the query text, variables, operation name, the answer's language, the host and
scheme (the media's absolute addresses), **the day** (the
listing rule compares certification periods with the day: a certification ending at midnight
gives a new key at midnight) and **the catalogue's version**: a PostgreSQL sequence moved by every
save, delete or many-to-many change of a model outside ``UNTRACKED_APPS`` (orders, baskets,
payments, accounts, jobs… change nothing a catalogue query shows), at once and again when the
transaction commits (a reader between the two kept the old answer under the new version), and
after an import's bulk writes. A sequence takes no lock, so writers never wait on each other for
it. Writes that send no signals (``QuerySet.update()``, raw SQL) are seen when the entry expires.

The answer carries an ``ETag`` (its key); a GET whose ``If-None-Match`` names it gets 304, and a
GET's answer says ``Cache-Control: public, max-age=…`` so that a CDN may keep it (POSTs:
``private``; CDNs do not keep them).
"""
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from graphql import FieldNode, OperationType

SEQUENCE = "otop_graphql_catalogue_version"
CACHEABLE_FIELDS = frozenset({
    "__typename", "products", "product", "productVariant", "categories", "category", "collections", "collection",
    "channels", "channel", "attributes", "attribute", "menu", "page", "pages", "producers", "producer", "provinces",
    "addressValidationRules",
})
UNTRACKED_APPS = frozenset({
    "sessions", "basket", "order", "otop_orders", "payment", "otop_payments", "procrastinate", "otop_jobs",
    "auth", "accounts", "customer", "axes", "auditlog", "admin", "contenttypes", "analytics", "communication",
    "catalog_import", "sales", "thumbnail", "quotes", "quote_orders", "wishlists", "reviews", "voucher",
    "officers", "otop_search",
})


def seconds() -> int:
    return int(getattr(settings, "OTOP_API_CACHE_SECONDS", 0) or 0)


def version() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {SEQUENCE}")
        return cursor.fetchone()[0]


def bump() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval('{SEQUENCE}')")


def _changed(sender, **kwargs):
    if not seconds() or kwargs.get("raw") or sender._meta.app_label in UNTRACKED_APPS:
        return
    bump()
    transaction.on_commit(bump)


def _bulk_written(sender, **kwargs):
    if seconds():
        bump()


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from marketplace.catalog.bulk_writes import products_written_in_bulk

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"otop_api_cache_{signal is post_save}_{signal is post_delete}")
    products_written_in_bulk.connect(_bulk_written, dispatch_uid="otop_api_cache_bulk")


def cacheable(request, operation) -> bool:
    if not seconds() or operation.operation != OperationType.QUERY:
        return False
    if request.headers.get("Authorization") or getattr(request.user, "is_authenticated", False):
        return False
    selections = operation.selection_set.selections
    return all(isinstance(node, FieldNode) and node.name.value in CACHEABLE_FIELDS for node in selections)


def key(request, query, variables, operation_name, language) -> str:
    """Everything the answer depends on: the request (its host and scheme make the media's absolute
    addresses), the day and the catalogue's version."""
    material = json.dumps([query, variables, operation_name, language, request.scheme, request.get_host(),
                           timezone.localdate().isoformat(), version()], sort_keys=True, default=str)
    return "otop-api:" + hashlib.sha256(material.encode()).hexdigest()


def get(cache_key):
    return cache.get(cache_key)


def keep(cache_key, data) -> None:
    cache.set(cache_key, data, seconds())
