"""The catalog's background job: the nightly check that the kept listing (``catalog.Listing``)
agrees with the listing rule worked out from scratch.

| job | when |
| --- | --- |
| ``check_listing`` | 23:40 Thai time: compares every product's row with the rule, logs and rewrites any that differ |
"""
import logging

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
        listing.refresh(list(differing))
    else:
        logger.info("listing: every row agrees with the rule")
