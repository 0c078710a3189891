"""No card is charged without an order: a card is authorised (held) when the shopper pays, and
charged by a job of the transaction that places its order, so a rolled-back order charges nothing;
a hold no order claimed is cancelled; the charge happens once however often its job runs; a hold
that ended before the charge is shown to staff. Against localstripe, as the other payment tests."""
import datetime
import re

import pytest
import stripe
from django.utils import timezone
from oscar.core.loading import get_model

from buying import address, basket_with, in_english
from graphql_client import data
from jobs_fixtures import job_rows
from marketplace.orders.completion import complete_checkout
from marketplace.orders.errors import CheckoutError
from marketplace.orders.placement import STATUS_PAID, STATUS_PENDING_PAYMENT, place_order
from marketplace.payments import gateway, intents, tasks
from marketplace.payments.models import PaymentProblem, StripePayment
from marketplace.testing.factories import certified_product
from stripe_fixtures import CAPTURE, as_browser_pay, charge_placed_orders, intent_event, post_webhook, stripe_reports
from test_checkout_graphql import ADDRESS, CHECKOUT, DELIVERY, INITIALIZE, OPTIONS, PLACES, PROCESS, _checkout
from test_payments import _start

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _at_stripe(intent_id):
    return stripe.PaymentIntent.retrieve(intent_id, api_key="sk_test_otop")


def _held(product=None, quantity=1):
    """A basket whose card the shopper confirmed: held at Stripe, no order yet."""
    basket = basket_with((product or certified_product(num_in_stock=5, price="350.00"), quantity))
    payment, total = _start(basket, "TH")
    intents.pay_with(payment, "pm_card_visa", amount=total.incl_tax, currency=total.currency)
    payment.refresh_from_db()
    return basket, payment


def _calls(requests, ending):
    return [r for r in requests if r["method"] == "POST" and r["url"].endswith(ending)]


def test_paying_holds_the_card_and_placing_the_order_charges_it(client, stripe_requests):
    # given a shopper who confirmed their card
    basket, payment = _held()
    assert (payment.status, _at_stripe(payment.intent_id).status) == ("requires_capture", "requires_capture")
    assert not _calls(stripe_requests, "/capture")

    # when the order is placed, and the worker runs the job its transaction enqueued
    order = complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")
    assert _at_stripe(payment.intent_id).status == "requires_capture"  # nothing charged inside the request
    assert charge_placed_orders(payment.intent_id) == 1
    stripe_reports(client, payment.intent_id)

    # then the card was charged the order's total, once, and the order is paid
    intent = _at_stripe(payment.intent_id)
    order.refresh_from_db()
    [capture] = _calls(stripe_requests, f"/v1/payment_intents/{payment.intent_id}/capture")
    assert intent.status == "succeeded" and intent.amount == int(order.total_incl_tax * 100)
    assert capture["headers"]["Idempotency-Key"]
    assert order.status == STATUS_PAID


def test_an_order_rolled_back_after_the_payment_was_tied_to_it_charges_nothing(stripe_requests):
    # given a held card, and a placement that fails after the payment was tied to the order
    basket, payment = _held()

    def fail(order):
        raise RuntimeError("the disk filled up")

    # when the checkout completes
    with pytest.raises(CheckoutError) as refusal:
        complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com",
                          on_placed=fail)

    # then no order, no charge job, the hold cancelled, and the shopper told they were not charged
    payment.refresh_from_db()
    assert not Order.objects.exists()
    assert {"intent_id": payment.intent_id} not in [job["args"] for job in job_rows(CAPTURE)]
    assert payment.status == "canceled" and payment.order_id is None
    assert _at_stripe(payment.intent_id).status == "canceled"
    assert not _calls(stripe_requests, "/capture") and not _calls(stripe_requests, "/v1/refunds")
    assert "you have not been charged" in refusal.value.message


def test_the_charge_job_run_again_charges_nothing_more(stripe_requests):
    basket, payment = _held()
    complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")

    first = intents.capture(payment.intent_id)
    again = intents.capture(payment.intent_id)  # a worker that died after charging: the job runs twice

    assert (first, again) == ("succeeded", "succeeded")
    assert len(_calls(stripe_requests, "/capture")) == 1
    assert StripePayment.objects.get(pk=payment.pk).status == "succeeded"


def test_a_hold_that_ended_before_the_charge_is_shown_to_staff_and_the_order_waits(stripe_keys):
    # given an order placed on a held card, whose hold then ended at Stripe (expired or cancelled there)
    basket, payment = _held()
    order = complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")
    stripe.PaymentIntent.cancel(payment.intent_id, api_key="sk_test_otop")

    # when the worker comes to charge it
    assert charge_placed_orders(payment.intent_id) == 1

    # then nothing is charged, the order still waits for its payment, and staff see why
    order.refresh_from_db()
    problem = PaymentProblem.objects.get()
    assert (problem.kind, problem.payment_id) == (PaymentProblem.Kind.CAPTURE_FAILED, payment.pk)
    assert order.number in problem.detail and "canceled" in problem.detail
    assert order.status == STATUS_PENDING_PAYMENT


def test_stripe_out_of_reach_leaves_the_charge_to_the_job_s_next_attempt(stripe_keys, settings):
    basket, payment = _held()
    complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")
    reachable = settings.STRIPE_API_BASE

    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # the discard port: nothing listens
    with pytest.raises(gateway.GatewayError):
        intents.capture(payment.intent_id)  # the job fails and Procrastinate runs it again later
    assert _at_stripe(payment.intent_id).status == "requires_capture" and not PaymentProblem.objects.exists()

    settings.STRIPE_API_BASE = reachable
    assert intents.capture(payment.intent_id) == "succeeded"


def test_a_hold_no_order_claimed_is_cancelled_after_the_hold_time_and_no_other(stripe_keys, settings):
    # given three held cards: one left two hours ago, one left ten minutes ago, one whose order was placed
    settings.OTOP_UNCLAIMED_AUTHORISATION_MINUTES = 60
    _basket, left = _held()
    _basket, recent = _held()
    basket, placed = _held()
    complete_checkout(basket, payment=placed, shipping_address=address("TH"), email="a@example.com")
    now = timezone.now()
    StripePayment.objects.filter(pk__in=[left.pk, placed.pk]).update(updated=now - datetime.timedelta(hours=2))
    StripePayment.objects.filter(pk=recent.pk).update(updated=now - datetime.timedelta(minutes=10))

    # when the periodic job runs
    tasks.release_unclaimed_authorisations.func.__wrapped__(timestamp=now.timestamp())

    # then only the hold no order claimed for an hour is cancelled; the others are as they were
    assert _at_stripe(left.intent_id).status == "canceled"
    assert StripePayment.objects.get(pk=left.pk).status == "canceled"
    assert _at_stripe(recent.intent_id).status == "requires_capture"
    assert _at_stripe(placed.intent_id).status == "requires_capture"
    assert charge_placed_orders(placed.intent_id) == 1 and _at_stripe(placed.intent_id).status == "succeeded"


def test_a_hold_cancelled_meanwhile_cannot_be_placed_on(stripe_keys):
    # given a hold the periodic job cancelled (the shopper came back hours later)
    basket, payment = _held()
    StripePayment.objects.filter(pk=payment.pk).update(updated=timezone.now() - datetime.timedelta(days=1))
    assert intents.release_unclaimed() == [payment.intent_id]

    # when they place the order on it
    with pytest.raises(CheckoutError) as refusal:
        complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")

    # then no order: they are asked to pay again, and their basket is kept
    assert refusal.value.code == "CHECKOUT_NOT_FULLY_PAID" and not Order.objects.exists()
    assert basket.lines.count() == 1


def _waiting_card_order():
    product = certified_product(num_in_stock=5, price="200.00")
    order = place_order(basket_with((product, 1)), shipping_address=address("TH"), email="a@example.com")
    payment = StripePayment.objects.create(intent_id=f"pi_test_{order.number}", client_secret="secret", order=order,
                                           amount=order.total_incl_tax, currency="THB", status="requires_action")
    intent = {"id": payment.intent_id, "object": "payment_intent", "currency": "thb",
              "amount": int(payment.amount * 100), "payment_method_types": ["card"]}
    return order, payment, intent


@pytest.mark.parametrize("event_type", ["payment_intent.succeeded", "payment_intent.amount_capturable_updated"])
def test_an_event_for_a_card_only_held_does_not_mark_the_order_paid(client, stripe_keys, event_type):
    # given an order waiting for its card payment
    order, payment, intent = _waiting_card_order()

    # when a signed event reports the intent held, not charged (localstripe names it "succeeded")
    response = post_webhook(client, intent_event(dict(intent, status="requires_capture"), event_type))

    # then the hold is recorded, and the order still waits for the charge
    order.refresh_from_db()
    payment.refresh_from_db()
    assert response.status_code == 200
    assert (payment.status, payment.paid_at, order.status) == ("requires_capture", None, STATUS_PENDING_PAYMENT)

    # and the charge's own event marks it paid
    post_webhook(client, intent_event(dict(intent, status="succeeded"), "payment_intent.succeeded"))
    order.refresh_from_db()
    assert order.status == STATUS_PAID


def test_the_api_reports_a_held_card_as_authorised_not_charged(client, stripe_keys):
    # given a Saleor-style checkout whose card Stripe.js confirmed
    product = certified_product(price="350.00")
    checkout = _checkout(client, "th-thb", product)
    data(ADDRESS, {"id": checkout["id"], "address": PLACES["TH"]}, client=client)
    options = data(OPTIONS, {"id": checkout["id"]}, client=client)["deliveryOptionsCalculate"]["deliveries"]
    data(DELIVERY, {"id": checkout["id"], "method": options[0]["shippingMethod"]["id"]}, client=client)
    started = data(INITIALIZE, {"id": checkout["id"]}, client=client)["transactionInitialize"]
    secret = started["data"]["paymentIntent"]["stripeClientSecret"]
    as_browser_pay(re.match(r"^(pi_\w+?)_secret_", secret).group(1))

    # when the storefront asks how the transaction and the checkout stand
    processed = data(PROCESS, {"id": started["transaction"]["id"]}, client=client)["transactionProcess"]
    seen = data(f"query($id: ID!) {{ checkout(id: $id) {{ {CHECKOUT} }} }}", {"id": checkout["id"]},
                client=client)["checkout"]

    # then the card is authorised in full and charged not at all (the storefront may complete the checkout)
    assert processed["transactionEvent"]["type"] == "AUTHORIZATION_SUCCESS"
    assert (seen["authorizeStatus"], seen["chargeStatus"]) == ("FULL", "NONE")


def test_a_refund_recorded_while_the_charge_waits_on_stripe_is_not_overwritten(monkeypatch):
    # given an order placed on a held card, its charge under way
    order, payment, _ = _waiting_card_order()
    StripePayment.objects.filter(pk=payment.pk).update(status=intents.AUTHORISED)
    held, charged = (type("Intent", (), {"status": status, "id": payment.intent_id})()
                     for status in (intents.AUTHORISED, "succeeded"))
    monkeypatch.setattr(gateway, "retrieve_intent", lambda intent_id: held)

    def capture_while_staff_refund(intent_id, idempotency_key):
        # meanwhile another process records the shop's own outcome: the order was refunded
        StripePayment.objects.filter(pk=payment.pk).update(status="releasing")
        return charged

    monkeypatch.setattr(gateway, "capture_intent", capture_while_staff_refund)
    # when the charge comes back from Stripe
    intents.capture(payment.intent_id)
    # then the refund stands
    payment.refresh_from_db()
    assert payment.status == "releasing"
