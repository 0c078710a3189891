"""The orders' jobs: the e-mails an order owes (``outbox``), sent by a worker."""
from marketplace.jobs import queue


@queue.job(queue="mail", retry=queue.NETWORK_RETRY)  # the mail server may be away for a while
def send_order_email(*, pending_id):
    from marketplace.orders import outbox

    outbox.send_pending_email(pending_id)
