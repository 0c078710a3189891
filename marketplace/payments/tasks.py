"""The payments' jobs: applying the Stripe events the webhook stored (``events``), charging a
card once its order is committed, and ending the card holds no order claimed (``intents``)."""
from marketplace.jobs import queue


# Retried like network jobs: what follows a payment (the order's signals) may talk to Stripe.
@queue.job(queue="payments", retry=queue.NETWORK_RETRY)
def apply_intent_events(*, intent_id):
    from marketplace.payments import events

    events.apply_intent_events(intent_id)


def enqueue(intent_id):
    """Enqueue the job for ``intent_id`` in the caller's transaction; ``lock`` makes one intent's
    jobs run one at a time, so two workers never apply that intent's events side by side."""
    return apply_intent_events.configure(lock=f"stripe-intent:{intent_id}").defer(intent_id=intent_id)


def _capture_given_up(error, *, intent_id):
    from marketplace.payments import intents

    intents.capture_unreachable(intent_id, error)


@queue.job(queue="payments", retry=queue.NETWORK_RETRY, on_giving_up=_capture_given_up)
def capture_payment(*, intent_id):
    from marketplace.payments import intents

    intents.capture(intent_id)


def enqueue_capture(intent_id):
    """Charge ``intent_id``'s card once the caller's transaction (the one placing its order) has
    committed: the job is a row of that transaction, so a rolled-back order charges nothing."""
    return capture_payment.configure(lock=f"stripe-intent:{intent_id}").defer(intent_id=intent_id)


@queue.every(15, queue="payments", queueing_lock="release_unclaimed_authorisations")
def release_unclaimed_authorisations(*, timestamp):
    from marketplace.payments import intents

    intents.release_unclaimed()
