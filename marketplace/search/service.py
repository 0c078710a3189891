"""The product search service: the one entry point the storefront, the API and commands use.

    from marketplace.search import service

    result = service.search("ผ้าไหม ลำพูน", filters=service.Filters(min_stars=4), sort="price", page=1)
    result.product_ids      # ranked ids of the page; result.codes the programme codes
    result.total            # products matching in all; result.page, result.per_page, result.pages
    result.facets           # {"category": {"textiles": 12, ...}, "province": {"TH-51": 7},
                            #  "region": {...}, "star_level": {5: 3, ...}, "standards": {"halal": 2}}
    result.did_you_mean     # a corrected query when the one typed was misspelt, else None
    result.exact            # False when no product matched every word and the results are the
                            # closest ones (some words, or similar spelling)
    result.matching_every_word  # how many match every word; when fewer than ten do, the
                            # products matching most words follow them

    service.index_products(ids)   # (re)index these products; unlisted ones leave the index
    service.remove_products(ids)
    service.reindex()             # rebuild the whole index; returns the number of products
    service.sync()                # catch up with writes that sent no signals (bulk imports);
                                  # a job (search.tasks), never a shopper's request, runs it

Filters: ``category`` (OtopCategory code), ``province`` (ISO code such as ``TH-51``),
``region`` (``provinces.Region`` code), ``min_stars`` (1–5), ``standards`` (StandardType
codes, all required), ``producer`` (producer id), ``price_min``/``price_max``, and ``currency``
(``THB`` or ``USD``, the shopper's: price filters, the price sorts and the price range use the
price the product cards show in it, ``channels.pricing``; it is no filter by itself).
Sorts: ``relevance`` (default), ``price``, ``-price``, ``newest`` (newest selection year),
``stars`` (highest star level). An empty query without filters, a query of punctuation only
and a query longer than ``query.MAX_QUERY_LENGTH`` give an empty result, never an error.
Only listable products (``catalog.listing``) are ever indexed or returned.

The engine is PostgreSQL unless ``ELASTICSEARCH_URL`` is set (``engines.elastic``).
"""
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.db import transaction

from marketplace.catalog import version as catalogue
from marketplace.core import collector
from marketplace.search import documents, query

SORTS = ("relevance", "price", "-price", "newest", "stars")
CURRENCIES = ("THB", "USD")
MAX_PER_PAGE = 100
MAX_RANKED = 1000  # ids ``ranked`` gives at most: a caller filtering the ranking itself (the API)


class SearchError(ValueError):
    """A search request the service cannot run, with a message saying which part is wrong."""


@dataclass(frozen=True)
class Filters:
    category: str | None = None
    province: str | None = None
    region: str | None = None
    min_stars: int | None = None
    standards: tuple = ()
    producer: int | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    currency: str = "THB"

    def __post_init__(self):
        if self.currency not in CURRENCIES:
            raise SearchError(f"currency must be one of {', '.join(CURRENCIES)}, not {self.currency!r}")
        if self.min_stars is not None and not 1 <= int(self.min_stars) <= 5:
            raise SearchError(f"min_stars must be between 1 and 5, not {self.min_stars!r}")
        for name in ("price_min", "price_max"):
            value = getattr(self, name)
            if value is not None:
                try:
                    object.__setattr__(self, name, Decimal(str(value)))
                except InvalidOperation as exc:
                    raise SearchError(f"{name} must be a number, not {value!r}") from exc
        object.__setattr__(self, "standards", tuple(sorted(set(self.standards or ()))))
        from marketplace.certification.models import StandardType

        unknown = set(self.standards) - set(StandardType.values)
        if unknown:
            raise SearchError(f"standards must be among {', '.join(StandardType.values)}, not {sorted(unknown)}")

    def __bool__(self):
        return any(v not in (None, ()) for k, v in self.__dict__.items() if k != "currency")


@dataclass(frozen=True)
class SearchResult:
    query: str
    product_ids: list = field(default_factory=list)
    codes: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    facets: dict = field(default_factory=dict)
    price_range: tuple | None = None
    did_you_mean: str | None = None
    exact: bool = True
    notice: str | None = None  # "too_long" when the query was not searched at all
    # How many of ``total`` match every word; when few do, products matching most words follow
    # them in the ranking (None: all of them match every word, or none: see ``exact``).
    exact_total: int | None = None

    @property
    def matching_every_word(self) -> int:
        if self.exact_total is not None:
            return self.exact_total
        return self.total if self.exact else 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def empty_result(text="", page=1, per_page=20, notice=None) -> SearchResult:
    return SearchResult(query=text, page=page, per_page=per_page, notice=notice)


@lru_cache(maxsize=1)
def _engine_for(url):
    if url:
        from marketplace.search.engines.elastic import ElasticsearchEngine

        return ElasticsearchEngine(url)
    from marketplace.search.engines.postgres import PostgresEngine

    return PostgresEngine()


def engine():
    """The engine in use: Elasticsearch when ``ELASTICSEARCH_URL`` is set, else PostgreSQL."""
    return _engine_for(os.environ.get("ELASTICSEARCH_URL", "").strip())


def search(text="", filters: Filters | None = None, sort="relevance", page=1, per_page=20,
           browse=False) -> SearchResult:
    """Listed products matching ``text`` and ``filters``, sorted, one page, with facets. With no
    words and no filters: every listed product when ``browse`` (the all-products page), else
    nothing (the search page waits for words)."""
    if sort not in SORTS:
        raise SearchError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    try:
        page, per_page = max(1, int(page)), min(MAX_PER_PAGE, max(1, int(per_page)))
    except (TypeError, ValueError) as exc:
        raise SearchError(f"page and per_page must be whole numbers, not {page!r}, {per_page!r}") from exc
    return _search(text, filters, sort, page, per_page, browse)


def ranked(text) -> SearchResult:
    """The first ``MAX_RANKED`` listed products matching ``text``, best first, in one engine call:
    for a caller that narrows the ranking with conditions of its own (the API's filters), which
    must see every match it may keep, not only the top of one page."""
    return _search(text, None, "relevance", 1, MAX_RANKED, False)


def _search(text, filters, sort, page, per_page, browse) -> SearchResult:
    from marketplace.search import signals

    filters = Filters() if filters is None else filters  # an empty one still names the currency
    parsed = query.parse(text)
    if parsed.too_long:
        return empty_result(parsed.text, page, per_page, notice="too_long")
    if not parsed and not filters and not browse:
        return empty_result(parsed.text, page, per_page)
    signals.flush()  # changes made in this thread are searchable at once
    # Kept by the catalogue's version (``OTOP_PAGE_CACHE_SECONDS``; keyed after the flush above, which
    # moves it): a broad word asked again (ผ้า: 21,745 of 100,000 products to rank and count, ~45 ms)
    # costs a lookup, and any write to the catalogue or the index is seen at once.
    return catalogue.kept("search", lambda: engine().search(parsed, filters, sort, page, per_page),
                          parsed.text, repr(filters), sort, page, per_page)


def warm_up() -> None:
    """Load what a first search would (the Thai dictionary and the glossary's phrases: about two
    seconds of CPU), so that a new server process does it before its first shopper."""
    query.parse("ผ้าไหม silk")


def index_products(product_ids) -> int:
    """(Re)index ``product_ids``: listable ones are written, the others removed. Returns the
    number of products indexed."""
    ids = {int(i) for i in product_ids}
    if not ids:
        return 0
    docs = documents.documents_for(ids)
    current = engine()
    current.index(docs)
    current.remove(ids - {d.product_id for d in docs})
    _written()
    return len(docs)


def remove_products(product_ids) -> None:
    engine().remove({int(i) for i in product_ids})
    _written()


def _written() -> None:
    """Category and province pages are read from the index, and their listings are kept by the
    catalogue's version (``search.browse``): an index write moves it, as a catalogue write does."""
    if catalogue.tracking():
        catalogue.bump()
        transaction.on_commit(catalogue.bump)


@collector.paused()  # thousands of documents and their terms at a time
def reindex(batch_size=1000, progress=None) -> int:
    """Rebuild the whole index from the listable products; returns how many were indexed."""
    total = engine().reindex(documents.all_product_ids(batch_size), progress=progress)
    sync()  # products saved while the new index was being built
    _written()
    return total


@collector.paused()  # as reindex
def sync() -> int:
    """Bring the index up to date with writes that sent no signals (``bulk_create`` in the
    programme-record import, ``QuerySet.update``): index listable products that have no
    document or changed after theirs, drop documents of products no longer listable.
    Returns how many products it (re)indexed or removed."""
    from marketplace.catalog import listing

    current = engine()
    listable = set(listing.listable().values_list("pk", flat=True))
    indexed = set(current.indexed_ids())
    if not indexed and len(listable) > 1000:  # a first import: the bulk rebuild is many times faster
        total = current.reindex(documents.all_product_ids())
        _written()
        return total
    stale = listable & set(current.changed_since_indexed())
    todo = (listable - indexed) | stale
    for start in range(0, len(todo), 1000):
        index_products(sorted(todo)[start:start + 1000])
    gone = indexed - listable
    current.remove(gone)
    if gone:
        _written()
    return len(todo) + len(gone)
