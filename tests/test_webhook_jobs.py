"""Stripe webhooks with a real worker: the event is verified and stored (Stripe gets its 200)
before a job applies it; one intent's events are applied in the order Stripe created them,
whatever order they arrived in; an event delivered twice is stored and applied once. And the card
held for an order is charged by a worker only once the order is committed."""
import time

from django.db import transaction

from buying import address
from jobs_fixtures import job_rows, wait_for
from marketplace.orders.completion import complete_checkout
from marketplace.payments.models import PaymentProblem, ProcessedStripeEvent
from stripe_fixtures import intent_event, post_webhook
from test_card_authorisation import _at_stripe, _held
from test_payments import _intent, _pending_order

APPLY = "marketplace.payments.tasks.apply_intent_events"
CAPTURE = "marketplace.payments.tasks.capture_payment"


def _applied(event_ids):
    return ProcessedStripeEvent.objects.filter(event_id__in=event_ids, applied_at__isnull=False).count() \
        == len(event_ids)


def test_an_event_is_stored_and_answered_before_a_worker_applies_it(client, stripe_keys, start_worker):
    # given an order waiting for its payment, and no worker yet
    _order, payment, _ = _pending_order()
    event = intent_event(_intent(payment, "succeeded"), "payment_intent.succeeded", event_id="evt_stored_1")

    # when Stripe delivers the success
    response = post_webhook(client, event, apply=False)

    # then Stripe has its 200, the event is kept and its job waits, and nothing is applied yet
    payment.refresh_from_db()
    stored = ProcessedStripeEvent.objects.get(event_id="evt_stored_1")
    assert response.status_code == 200 and response.json() == {"received": True, "stored": True}
    assert stored.applied_at is None and stored.intent_id == payment.intent_id
    assert payment.status == "requires_action" and payment.paid_at is None
    assert [job["args"] for job in job_rows(APPLY)] == [{"intent_id": payment.intent_id}]

    # and once a worker runs, the payment is paid
    start_worker()
    wait_for(lambda: _applied(["evt_stored_1"]), what="the event's job")
    payment.refresh_from_db()
    assert payment.status == "succeeded" and payment.paid_at is not None


def test_an_intents_events_are_applied_in_the_order_stripe_created_them(client, stripe_keys, start_worker):
    # given the success of an intent and, five seconds later at Stripe, its refund, delivered
    # the other way round (Stripe does not promise the order of deliveries)
    _order, payment, _ = _pending_order()
    succeeded = dict(intent_event(_intent(payment, "succeeded"), "payment_intent.succeeded", "evt_first"),
                     created=1_800_000_000)
    charge = {"id": "ch_1", "object": "charge", "payment_intent": payment.intent_id, "amount": succeeded[
        "data"]["object"]["amount"], "amount_refunded": succeeded["data"]["object"]["amount"], "currency": "thb",
        "refunded": True}
    refunded = dict(intent_event(charge, "charge.refunded", "evt_second"), created=1_800_000_005)
    post_webhook(client, refunded, apply=False)
    post_webhook(client, succeeded, apply=False)

    # when a worker applies them
    start_worker()
    wait_for(lambda: _applied(["evt_first", "evt_second"]), what="both events")

    # then the success was applied first and the refund last: the payment ends refunded
    first, second = (ProcessedStripeEvent.objects.get(event_id=e).applied_at for e in ("evt_first", "evt_second"))
    payment.refresh_from_db()
    assert first < second
    assert payment.status == "refunded" and payment.paid_at is not None


def test_an_event_delivered_twice_is_stored_once_and_applied_once(client, stripe_keys, start_worker):
    # given a success for an intent the shop never created (each application flags a problem)
    _order, payment, _ = _pending_order()
    stranger = intent_event(dict(_intent(payment, "succeeded"), id="pi_not_ours_2"), "payment_intent.succeeded",
                            "evt_twice")

    # when Stripe delivers it twice and a worker runs
    first = post_webhook(client, stranger, apply=False)
    again = post_webhook(client, stranger, apply=False)
    start_worker()
    wait_for(lambda: _applied(["evt_twice"]), what="the event's job")
    wait_for(lambda: not job_rows(APPLY), what="the queue to empty")

    # then both deliveries were answered 200, the event kept once and applied once
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json()["stored"] is True and again.json()["stored"] is False
    assert ProcessedStripeEvent.objects.filter(event_id="evt_twice").count() == 1
    assert PaymentProblem.objects.filter(event_id="evt_twice", kind=PaymentProblem.Kind.UNKNOWN_INTENT).count() == 1


def test_a_real_worker_charges_a_held_card_only_once_its_order_is_committed(stripe_keys, localstripe, start_worker):
    # given a worker pointed at localstripe, and a shopper whose card is held
    start_worker(STRIPE_SECRET_KEY="sk_test_otop", STRIPE_API_BASE=localstripe)
    basket, payment = _held()

    # when the order is placed inside a transaction that has not committed yet
    with transaction.atomic():
        order = complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")
        time.sleep(3)  # six of the worker's polls
        # then the worker cannot see the charge job: nothing is charged while the order may still roll back
        assert _at_stripe(payment.intent_id).status == "requires_capture"

    # and once it commits, the worker charges the card the order's total
    wait_for(lambda: _at_stripe(payment.intent_id).status == "succeeded", what="the worker's charge")
    assert _at_stripe(payment.intent_id).amount == int(order.total_incl_tax * 100)
    wait_for(lambda: not job_rows(CAPTURE), what="the queue to empty")
