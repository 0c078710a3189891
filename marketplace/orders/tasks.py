"""The orders' jobs: the e-mails an order owes (``outbox``), sent by a worker, and the card refund
of an order, or of one producer's parcel, staff refunded (``refunds``)."""
from marketplace.jobs import queue


@queue.job(queue="mail", retry=queue.NETWORK_RETRY)  # the mail server may be away for a while
def send_order_email(*, pending_id):
    from marketplace.orders import outbox

    outbox.send_pending_email(pending_id)


def _refund_given_up(error, *, order_id):
    from marketplace.orders import refunds

    refunds.given_up(order_id, error)


# Stripe may be out of reach for a while; past the last attempt, staff are told (a payment problem)
@queue.job(queue="payments", retry=queue.NETWORK_RETRY, on_giving_up=_refund_given_up)
def refund_order(*, order_id):
    from marketplace.orders import refunds

    refunds.give_back(order_id)


def enqueue_refund(order_id, intent_id):
    """Refund the order's card once the caller's transaction (staff's refund) has committed. Its
    intent's ``lock`` (as the payments' jobs take it): never side by side with that intent's
    webhook events or its charge."""
    return refund_order.configure(lock=f"stripe-intent:{intent_id}").defer(order_id=order_id)


def _parcel_refund_given_up(error, *, shipment_id):
    from marketplace.orders import refunds

    refunds.parcel_given_up(shipment_id, error)


@queue.job(queue="payments", retry=queue.NETWORK_RETRY, on_giving_up=_parcel_refund_given_up)
def refund_parcel(*, shipment_id):
    from marketplace.orders import refunds

    refunds.give_back_parcel(shipment_id)


def enqueue_parcel_refund(shipment_id, intent_id):
    """Refund one parcel's amount to the order's card once the caller's transaction has committed;
    under the intent's lock, as ``enqueue_refund``."""
    return refund_parcel.configure(lock=f"stripe-intent:{intent_id}").defer(shipment_id=shipment_id)
