"""The certification's nightly job: notices of certifications about to end (``expiry``)."""
from marketplace.jobs import queue


@queue.daily(0, 0, queue="mail")
def record_expiry_notices(*, timestamp):
    from marketplace.certification import expiry

    expiry.record_due(queue.bangkok_day(timestamp))


# The mail server may be away for a while (retries).
@queue.job(queue="mail", retry=queue.NETWORK_RETRY)
def send_expiry_notices(*, notice_ids, producer_id):
    from marketplace.certification import expiry

    if producer_id is None:
        expiry.send_to_office(notice_ids)
    else:
        expiry.send_to_producer(notice_ids, producer_id)
