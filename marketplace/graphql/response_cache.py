"""Answers to anonymous catalogue queries, kept and given again while the catalogue is unchanged.

Storefronts ask the same few queries (a products page, a product, the menu) again and again, and
executing the 24 cards' fields is most of an answer's time. An answer is kept (Django's cache,
``OTOP_API_CACHE_SECONDS``; 0 turns it off) when:
- no user is signed in (no bearer token): nothing in it is anyone's own;
- the operation is a query whose top-level fields are all catalogue reads (``CACHEABLE_FIELDS``:
  no checkout, order, user or token), with no fragment at the top level;
- it has no errors.

Its key holds the query text, variables, operation name, the answer's language, the host and
scheme (the media's absolute addresses), the day and the catalogue's version (``catalog.version``:
it moves with every change a catalogue query could show, and the day with certifications ending
at midnight). A query that asks for exact stock quantities (``EXACT_STOCK_FIELDS``: a product
page's ``quantityAvailable``) is kept under the stock's version as well, which every order's
allocation moves; other answers stay kept through orders that leave what shoppers are told the same.

The answer carries an ``ETag`` (its key); a GET whose ``If-None-Match`` names it gets 304, and a
GET's answer says ``Cache-Control: public, max-age=…`` so that a CDN may keep it (POSTs:
``private``; CDNs do not keep them). A CDN knows nothing of the day in the key, so ``max_age``
never reaches past the next midnight (the site's time zone), when certifications end and begin.
"""
import datetime
import hashlib
import json

from django.core.cache import cache
from django.utils import timezone
from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode, OperationType

from marketplace.catalog import version as catalogue

CACHEABLE_FIELDS = frozenset({
    "__typename", "products", "product", "productVariant", "productVariants", "categories", "category", "collections", "collection",
    "channels", "channel", "attributes", "attribute", "menu", "page", "pages", "producers", "producer", "provinces",
    "addressValidationRules",
})

# Fields whose values are exact stock quantities (``catalog.stock``); any other field shows stock
# only as what shoppers are told of it (in stock or not: ``isAvailable``, the stock filter).
EXACT_STOCK_FIELDS = frozenset({"quantityAvailable", "stocks"})


def seconds() -> int:
    return catalogue.api_seconds()


def max_age() -> int:
    """How long a CDN may keep a GET's answer: ``seconds()``, but not past the next local midnight."""
    now = timezone.localtime()
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time.min,
                                         tzinfo=now.tzinfo)
    return max(0, min(seconds(), int((midnight - now).total_seconds())))


def cacheable(request, operation) -> bool:
    if not seconds() or operation.operation != OperationType.QUERY:
        return False
    if request.headers.get("Authorization") or getattr(request.user, "is_authenticated", False):
        return False
    selections = operation.selection_set.selections
    return all(isinstance(node, FieldNode) and node.name.value in CACHEABLE_FIELDS for node in selections)


def selected_fields(document, operation) -> set:
    """The names of every field ``operation`` selects, at any depth, through fragments too."""
    fragments = {node.name.value: node for node in document.definitions if isinstance(node, FragmentDefinitionNode)}
    names, spread, todo = set(), set(), [operation.selection_set]
    while todo:
        for node in todo.pop().selections:
            if isinstance(node, FieldNode):
                names.add(node.name.value)
                if node.selection_set:
                    todo.append(node.selection_set)
            elif isinstance(node, InlineFragmentNode):
                todo.append(node.selection_set)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in spread:
                spread.add(node.name.value)
                if node.name.value in fragments:
                    todo.append(fragments[node.name.value].selection_set)
    return names


def key(request, query, variables, operation_name, language, document, operation) -> str:
    """Everything the answer depends on: the request (its host and scheme make the media's absolute
    addresses), the day, the catalogue's version (and the stock's, for a query of exact stock
    quantities) and the code's release."""
    exact_stock = not EXACT_STOCK_FIELDS.isdisjoint(selected_fields(document, operation))
    material = json.dumps([query, variables, operation_name, language, request.scheme, request.get_host(),
                           timezone.localdate().isoformat(), catalogue.version(stock=exact_stock),
                           catalogue.release()],
                          sort_keys=True, default=str)
    return "otop-api:" + hashlib.sha256(material.encode()).hexdigest()


def get(cache_key):
    return cache.get(cache_key)


def keep(cache_key, data) -> None:
    cache.set(cache_key, data, seconds())
