"""The search index's background jobs: indexing after edits and imports, the index following
the listing rule at midnight, and the nightly rebuild. None of it runs in a shopper's request.

| job | when |
| --- | --- |
| ``index_products`` | enqueued with the transaction that changed products (``signals``) |
| ``catch_up`` | enqueued after a large import (the bulk path; one waiting at a time) |
| ``follow_the_day`` | 00:00 Thai time: products whose certification ended yesterday leave the index, those whose certification starts today enter it |
| ``nightly_reindex`` | 00:10 Thai time: a full rebuild, which keeps the index's physical grouping that makes search fast at 100,000 products |
"""
import logging

from marketplace.jobs import queue

logger = logging.getLogger(__name__)


@queue.job(queue="search", retry=queue.NETWORK_RETRY)  # Elasticsearch is another server
def index_products(*, product_ids):
    from marketplace.search import service

    service.index_products(product_ids)


@queue.job(queue="search", retry=queue.NETWORK_RETRY, queueing_lock="search-catch-up")
def catch_up():
    from marketplace.search import service

    service.sync()


@queue.daily(0, 0, queue="search", retry=queue.NETWORK_RETRY)
def follow_the_day(*, timestamp):
    from marketplace.catalog import listing
    from marketplace.search import service

    day = queue.bangkok_day(timestamp)
    ids = list(listing.may_change_on(day).values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        service.index_products(ids[start:start + 1000])
    logger.info("search: %s products rechecked for %s", len(ids), day)


@queue.daily(0, 10, queue="search", retry=queue.NETWORK_RETRY)
def nightly_reindex(*, timestamp):
    from marketplace.search import service

    service.reindex()
