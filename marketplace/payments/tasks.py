"""The payments' job: applying the Stripe events the webhook stored (``events``)."""
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
