"""The channels' background job: the nightly recount of the listed products per channel.

| job | when |
| --- | --- |
| ``recount_listed`` | 23:45 Thai time: folds ``ListedCount``'s rows into one per window, counted afresh from the kept rows; when the counts disagreed, logs it |
"""
import logging

from marketplace.jobs import queue

logger = logging.getLogger(__name__)


@queue.daily(23, 45, queue="jobs")
def recount_listed(*, timestamp):
    from marketplace.channels import kept

    differing = kept.recount()
    if differing:
        logger.error("channels: the kept counts of listed products disagreed with the rows and were recounted "
                     "(channel, valid from, valid until: kept, counted): %s", differing)
    else:
        logger.info("channels: the kept counts of listed products agree with the rows")
