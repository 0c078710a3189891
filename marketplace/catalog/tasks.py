"""The catalog's background job: the nightly check that the kept listing (``catalog.Listing``)
agrees with the listing rule worked out from scratch.

| job | when |
| --- | --- |
| ``check_listing`` | 23:40 Thai time: compares every product's row with the rule; when any differ, logs them and rewrites the table |
| ``send_stock_alerts`` | when a product's stock is saved with units to sell and shoppers wait for it (``stock_alerts``) |
"""
import logging

from django.db import transaction

from marketplace.jobs import queue

logger = logging.getLogger(__name__)


@queue.daily(23, 40, queue="jobs")
def check_listing(*, timestamp):
    from marketplace.catalog import listing

    differing = listing.mismatches()
    if differing:
        sample = dict(list(sorted(differing.items()))[:20])
        logger.error("listing: %s products' rows disagreed with the rule and were rewritten: %s",
                     len(differing), sample)
        # The whole table, not only the rows that differ: that also deletes rows of products that no
        # longer exist (the kept tables have no foreign-key constraints), and something went wrong.
        with transaction.atomic():
            listing.refresh()
    else:
        logger.info("listing: every row agrees with the rule")


@queue.job(queue="mail", retry=queue.NETWORK_RETRY)  # the mail server may be away for a while
def send_stock_alerts(*, product_id):
    from marketplace.catalog import stock_alerts

    stock_alerts.send(product_id)
