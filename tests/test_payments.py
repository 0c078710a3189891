"""Stripe payments against a real localstripe: idempotency keys, card orders in THB and USD,
declines that leave the basket alone, and the webhook (signatures, replays, PromptPay)."""
import time
from jobs_fixtures import run_enqueued
from urllib.parse import parse_qs

import pytest
import stripe
from django.core import mail
from oscar.core.loading import get_model

from buying import address, basket_with, in_english
from marketplace.orders.completion import complete_checkout
from marketplace.orders.errors import CheckoutError
from marketplace.orders.models import ShipmentStatus
from marketplace.orders.placement import STATUS_CANCELLED, STATUS_PAID, STATUS_PENDING_PAYMENT, place_order, \
    quote_checkout
from marketplace.payments import intents
from marketplace.payments.models import PaymentProblem, ProcessedStripeEvent, StripePayment
from marketplace.testing.factories import certified_product
from stripe_fixtures import (WEBHOOK_SECRET, as_browser_pay, charge_placed_orders, intent_event, post_webhook,
                             stripe_reports)


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


pytestmark = pytest.mark.django_db
ORDER_EMAIL = "marketplace.orders.tasks.send_order_email"
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def _start(basket, country, method="card"):
    _method, _charge, total = quote_checkout(basket, country)
    return intents.start_payment(basket, amount=total.incl_tax, currency=total.currency, method=method), total


def test_every_create_and_confirm_sends_an_idempotency_key(stripe_requests):
    # given
    basket = basket_with((certified_product(), 1))

    # when the shop creates an intent, attaches the card Stripe.js tokenised and confirms it
    payment, total = _start(basket, "TH")
    intent = intents.pay_with(payment, "pm_card_visa", amount=total.incl_tax, currency=total.currency)

    # then every POST the shop sent carried a key, distinct per operation, and the card is only
    # authorised (held, not charged) until an order is placed
    posts = [r for r in stripe_requests if r["method"] == "POST"]
    keys = [r["headers"].get("Idempotency-Key") for r in posts]
    assert intent.status == "requires_capture"
    assert [r["url"].rsplit("/v1/", 1)[1].split("/")[-1] for r in posts] == [
        "payment_intents", payment.intent_id, "confirm"]
    assert all(keys) and len(set(keys)) == 3
    assert parse_qs(posts[0]["body"])["currency"] == ["thb"]
    assert parse_qs(posts[0]["body"])["capture_method"] == ["manual"]


def test_starting_payment_twice_for_the_same_basket_reuses_the_intent(stripe_requests):
    basket = basket_with((certified_product(), 1))
    first, _ = _start(basket, "TH")
    second, _ = _start(basket, "TH")
    assert first == second
    assert sum(1 for r in stripe_requests if r["method"] == "POST") == 1


def test_a_thb_card_order_is_paid_only_when_stripe_says_so(client, stripe_keys, django_capture_on_commit_callbacks):
    # given a shopper in Chiang Mai paying by card through Stripe.js
    product = certified_product(price="350.00")
    basket = basket_with((product, 2))
    payment, total = _start(basket, "TH")
    as_browser_pay(payment.intent_id)

    # when the checkout completes (and its transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        order = complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="somsri@example.com")

    # then the order waits for Stripe's word, gets the confirmation e-mail, the card is charged by the
    # job of the placing transaction, and the order is paid on the webhook
    assert (order.currency, order.total_incl_tax, order.status) == ("THB", total.incl_tax, STATUS_PENDING_PAYMENT)
    run_enqueued(ORDER_EMAIL)
    assert mail.outbox[0].to == ["somsri@example.com"] and order.number in mail.outbox[0].body
    assert stripe.PaymentIntent.retrieve(payment.intent_id, api_key="sk_test_otop").status == "requires_capture"
    assert charge_placed_orders(payment.intent_id) == 1
    assert stripe.PaymentIntent.retrieve(payment.intent_id, api_key="sk_test_otop").status == "succeeded"
    assert stripe_reports(client, payment.intent_id).status_code == 200
    order.refresh_from_db()
    assert order.status == STATUS_PAID
    assert set(order.producer_shipments.values_list("status", flat=True)) == {ShipmentStatus.TO_SHIP}
    assert StockRecord.objects.get(product=product).num_allocated == 2


def test_a_usd_card_order_to_japan(client, stripe_requests):
    # given a shopper in Osaka
    product = certified_product(price="350.00")
    basket = basket_with((product, 1))
    payment, total = _start(basket, "JP")
    as_browser_pay(payment.intent_id)

    # when
    order = complete_checkout(basket, payment=payment, shipping_address=address("JP"), email="haruka@example.jp")
    charge_placed_orders()
    stripe_reports(client, payment.intent_id)

    # then dollars were charged, the exact total, and the order is paid
    create = next(r for r in stripe_requests if r["method"] == "POST" and r["url"].endswith("/v1/payment_intents"))
    sent = parse_qs(create["body"])
    assert sent["currency"] == ["usd"] and sent["amount"] == [str(int(total.incl_tax * 100))]
    order.refresh_from_db()
    assert (order.currency, order.status, order.shipping_address.country_id) == ("USD", STATUS_PAID, "JP")


def test_a_declined_card_leaves_the_basket_as_it_was(stripe_keys):
    # given
    product = certified_product()
    basket = basket_with((product, 3))
    payment, _total = _start(basket, "TH")
    as_browser_pay(payment.intent_id, payment_method="pm_card_chargeCustomerFail")

    # when
    with pytest.raises(CheckoutError) as refusal:
        complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")

    # then no order, no stock taken, the basket still open with its line
    basket.refresh_from_db()
    assert refusal.value.code == "CHECKOUT_NOT_FULLY_PAID"
    assert not Order.objects.exists()
    assert basket.status == "Open" and basket.lines.get().quantity == 3
    assert StockRecord.objects.get(product=product).num_allocated in (0, None)


def test_paying_less_than_the_basket_now_costs_is_refused(stripe_keys):
    product = certified_product()
    basket = basket_with((product, 1))
    payment, _ = _start(basket, "TH")
    as_browser_pay(payment.intent_id)
    basket.add_product(product, 1)  # the basket grew after the payment

    with pytest.raises(CheckoutError, match="changed after payment"):
        complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")
    assert not Order.objects.exists()


def test_stock_gone_after_payment_cancels_the_hold_and_charges_nothing(stripe_requests):
    product = certified_product(num_in_stock=1)
    basket = basket_with((product, 1))
    payment, _ = _start(basket, "TH")
    as_browser_pay(payment.intent_id)
    StockRecord.objects.filter(product=product).update(num_allocated=1)  # someone else got the last one

    with pytest.raises(CheckoutError, match="Only 0 left") as refusal:
        complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")

    # the card was never charged: its authorisation is cancelled, nothing to refund
    payment.refresh_from_db()
    cancel = [r for r in stripe_requests if r["url"].endswith(f"/v1/payment_intents/{payment.intent_id}/cancel")]
    assert payment.status == "canceled" and cancel and cancel[0]["headers"]["Idempotency-Key"]
    assert "you have not been charged" in refusal.value.message
    assert not [r for r in stripe_requests if r["url"].endswith(("/v1/refunds", "/capture"))]
    assert stripe.PaymentIntent.retrieve(payment.intent_id, api_key="sk_test_otop").status == "canceled"
    assert charge_placed_orders(payment.intent_id) == 0


# --- the webhook ----------------------------------------------------------------------------

def _pending_order(method="card"):
    product = certified_product(num_in_stock=5, price="200.00")
    basket = basket_with((product, 2))
    order = place_order(basket, shipping_address=address("TH"), email="a@example.com")
    payment = StripePayment.objects.create(intent_id=f"pi_test_{order.number}", client_secret="secret",
                                           order=order, method=method, amount=order.total_incl_tax,
                                           currency="THB", status="requires_action")
    return order, payment, product


def _intent(payment, status):
    return {"id": payment.intent_id, "object": "payment_intent", "status": status, "currency": "thb",
            "amount": int(payment.amount * 100), "payment_method_types": [payment.method]}


def test_a_bad_or_stale_signature_gets_400_and_changes_nothing(client, stripe_keys):
    order, payment, _ = _pending_order()
    event = intent_event(_intent(payment, "succeeded"), "payment_intent.succeeded")

    forged = post_webhook(client, event, secret="whsec_someone_else")
    stale = post_webhook(client, event, timestamp=int(time.time()) - 600)
    unsigned = client.post("/payments/stripe/webhook/", data="{}", content_type="application/json")

    order.refresh_from_db()
    assert [forged.status_code, stale.status_code, unsigned.status_code] == [400, 400, 400]
    assert order.status == STATUS_PENDING_PAYMENT and not ProcessedStripeEvent.objects.exists()


def test_a_replayed_event_is_applied_once(client, stripe_keys):
    # given an order paid by the first delivery of an event
    order, payment, _ = _pending_order()
    event = intent_event(_intent(payment, "succeeded"), "payment_intent.succeeded", event_id="evt_replayed_1")
    first = post_webhook(client, event)
    payment.refresh_from_db()
    paid_at = payment.paid_at
    # staff then cancel the order (say the shopper asked); a replay must not revive it
    Order.objects.filter(pk=order.pk).update(status="Refund requested")

    # when Stripe delivers the same event again
    replay = post_webhook(client, event)

    # then
    order.refresh_from_db()
    payment.refresh_from_db()
    assert first.json()["stored"] is True and replay.json()["stored"] is False
    assert replay.status_code == 200
    assert ProcessedStripeEvent.objects.filter(event_id="evt_replayed_1").count() == 1
    assert payment.paid_at == paid_at and order.status == "Refund requested"


def test_only_payment_intent_succeeded_marks_an_order_paid(client, stripe_keys):
    order, payment, _ = _pending_order()
    for other in ("payment_intent.processing", "payment_intent.requires_action", "charge.succeeded"):
        post_webhook(client, intent_event(_intent(payment, "processing"), other))
    order.refresh_from_db()
    assert order.status == STATUS_PENDING_PAYMENT


def test_promptpay_intent_is_requested_for_baht_only(stripe_requests):
    basket = basket_with((certified_product(), 1))
    payment, _ = _start(basket, "TH", method="promptpay")

    create = next(r for r in stripe_requests if r["url"].endswith("/v1/payment_intents"))
    assert parse_qs(create["body"])["payment_method_types[0]"] == ["promptpay"]
    assert create["headers"]["Idempotency-Key"]
    assert payment.method == "promptpay"
    with pytest.raises(intents.PaymentError, match="baht only"):
        _start(basket_with((certified_product(), 1)), "JP", method="promptpay")


def test_promptpay_paid_later_marks_the_order_paid(client, stripe_keys):
    # given an order holding stock while the shopper scans the QR code
    order, payment, _ = _pending_order(method="promptpay")

    # when the bank transfer arrives
    response = post_webhook(client, intent_event(_intent(payment, "succeeded"), "payment_intent.succeeded"))

    # then
    order.refresh_from_db()
    assert response.status_code == 200 and order.status == STATUS_PAID


def test_promptpay_expired_cancels_the_order_and_releases_its_stock(client, stripe_keys):
    order, payment, product = _pending_order(method="promptpay")
    assert StockRecord.objects.get(product=product).num_allocated == 2

    post_webhook(client, intent_event(_intent(payment, "canceled"), "payment_intent.canceled"))

    order.refresh_from_db()
    assert order.status == STATUS_CANCELLED
    assert StockRecord.objects.get(product=product).num_allocated == 0
    assert set(order.producer_shipments.values_list("status", flat=True)) == {ShipmentStatus.CANCELLED}


# --- what a webhook may change: only what adds up ---------------------------------------------

@pytest.mark.parametrize("tampered, kind", [
    ({"amount": 100}, PaymentProblem.Kind.AMOUNT_MISMATCH),  # 1 baht for an order of several hundred
    ({"currency": "usd"}, PaymentProblem.Kind.CURRENCY_MISMATCH),  # the same number, in dollars
    ({"amount_received": 100}, PaymentProblem.Kind.AMOUNT_MISMATCH),  # asked in full, received in part
])
def test_a_succeeded_event_that_does_not_match_the_order_is_flagged_and_not_applied(
        client, admin_client, stripe_keys, caplog, tampered, kind):
    # given an order waiting for its payment
    order, payment, _ = _pending_order()

    # when a signed event says an intent of this payment succeeded, for another sum or currency
    response = post_webhook(client, intent_event(dict(_intent(payment, "succeeded"), **tampered),
                                                 "payment_intent.succeeded"))

    # then the order still waits, the payment is not paid, and staff see the problem in the admin and the log
    order.refresh_from_db()
    payment.refresh_from_db()
    problem = PaymentProblem.objects.get()
    assert response.status_code == 200
    assert order.status == STATUS_PENDING_PAYMENT and payment.paid_at is None and payment.status == "requires_action"
    assert (problem.kind, problem.payment) == (kind, payment)
    listed = admin_client.get("/admin/otop_payments/paymentproblem/").content.decode()
    assert payment.intent_id in listed and problem.get_kind_display() in listed
    assert any(record.levelname == "ERROR" and payment.intent_id in record.getMessage() for record in caplog.records)


def test_a_succeeded_event_for_an_intent_the_shop_never_created_is_flagged(client, stripe_keys):
    order, payment, _ = _pending_order()
    stranger = dict(_intent(payment, "succeeded"), id="pi_not_ours_1")

    response = post_webhook(client, intent_event(stranger, "payment_intent.succeeded"))

    order.refresh_from_db()
    assert response.status_code == 200 and order.status == STATUS_PENDING_PAYMENT
    assert PaymentProblem.objects.get().kind == PaymentProblem.Kind.UNKNOWN_INTENT


@pytest.mark.parametrize("event", [
    {"object": "event", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_x"}}},  # no id
    {"id": "evt_no_object", "object": "event", "type": "payment_intent.succeeded", "data": {}},
    {"id": "evt_list", "object": "event", "type": "payment_intent.succeeded", "data": {"object": []}},
    {"id": 12, "object": "event", "type": "payment_intent.succeeded", "data": {"object": {}}},  # id of a wrong type
    {"id": "evt_no_intent_id", "object": "event", "type": "payment_intent.succeeded",
     "data": {"object": {"object": "payment_intent"}}},
    ["not", "an", "event"],
    # what the shop keeps of an event must fit its columns: ids and types of any length, NUL
    # characters (PostgreSQL's text refuses them) and a creation time beyond 64 bits were a 500
    {"id": "evt_" + "x" * 300, "type": "payment_intent.succeeded", "created": 1,
     "data": {"object": {"id": "pi_x", "amount": 100, "currency": "thb", "status": "succeeded"}}},
    {"id": "evt_nul\x00", "type": "payment_intent.succeeded", "created": 1,
     "data": {"object": {"id": "pi_x", "amount": 100, "currency": "thb", "status": "succeeded"}}},
    {"id": "evt_long_type", "type": "payment_intent." + "x" * 64, "created": 1,
     "data": {"object": {"id": "pi_x", "amount": 100, "currency": "thb", "status": "succeeded"}}},
    {"id": "evt_nul_type", "type": "charge.\x00", "created": 1, "data": {"object": {}}},
    {"id": "evt_long_intent", "type": "payment_intent.succeeded", "created": 1,
     "data": {"object": {"id": "pi_" + "x" * 300, "amount": 100, "currency": "thb", "status": "succeeded"}}},
    {"id": "evt_nul_charge", "type": "charge.refunded", "created": 1,
     "data": {"object": {"payment_intent": "pi_\x00", "amount": 100, "amount_refunded": 100, "currency": "thb",
                         "refunded": True}}},
    {"id": "evt_long_status", "type": "payment_intent.payment_failed", "created": 1,  # a failure keeps its status
     "data": {"object": {"id": "pi_x", "amount": 100, "currency": "thb", "status": "requires_" + "x" * 30}}},
    {"id": "evt_far_future", "type": "payment_intent.succeeded", "created": 2 ** 70,
     "data": {"object": {"id": "pi_x", "amount": 100, "currency": "thb", "status": "succeeded"}}},
    {"id": "evt_before_1970", "type": "payment_intent.succeeded", "created": -1,
     "data": {"object": {"id": "pi_x", "amount": 100, "currency": "thb", "status": "succeeded"}}},
])
def test_a_signed_but_malformed_event_is_answered_400_and_recorded(client, stripe_keys, event):
    # given
    order, _payment, _ = _pending_order()

    # when
    response = post_webhook(client, event)

    # then
    order.refresh_from_db()
    assert response.status_code == 400 and "Malformed" in response.content.decode()
    assert order.status == STATUS_PENDING_PAYMENT and not ProcessedStripeEvent.objects.exists()
    assert PaymentProblem.objects.get().kind == PaymentProblem.Kind.MALFORMED_EVENT


def test_a_signed_body_that_is_not_json_and_holds_a_nul_is_recorded_readably(client, stripe_keys):
    body = "{\"id\": \"evt_\x00"  # cut short, with a NUL character PostgreSQL's text cannot keep
    header = stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)
    response = client.post("/payments/stripe/webhook/", data=body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=header)

    assert response.status_code == 400 and "Malformed" in response.content.decode()
    problem = PaymentProblem.objects.get()
    assert problem.kind == PaymentProblem.Kind.MALFORMED_EVENT
    assert problem.payload == '{"id": "evt_\\u0000'


def test_a_signed_event_with_an_amount_of_the_wrong_type_is_answered_400(client, stripe_keys):
    order, payment, _ = _pending_order()
    for amount in ("40000", 400.5, True):
        response = post_webhook(client, intent_event(dict(_intent(payment, "succeeded"), amount=amount),
                                                     "payment_intent.succeeded"))
        assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == STATUS_PENDING_PAYMENT and PaymentProblem.objects.count() == 3


@pytest.mark.parametrize("late", ["payment_intent.payment_failed", "payment_intent.canceled"])
def test_a_failure_arriving_after_the_success_changes_nothing(client, stripe_keys, late):
    # given a PromptPay order that Stripe reported paid
    order, payment, product = _pending_order(method="promptpay")
    post_webhook(client, intent_event(_intent(payment, "succeeded"), "payment_intent.succeeded"))

    # when an older failure event is delivered after it (Stripe does not promise the order)
    post_webhook(client, intent_event(_intent(payment, "requires_payment_method" if "failed" in late else "canceled"),
                                      late))

    # then the payment stays succeeded, the order paid, its stock still held
    order.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == "succeeded" and order.status == STATUS_PAID
    assert StockRecord.objects.get(product=product).num_allocated == 2


def test_a_refund_after_a_refused_checkout_stays_refunded_when_stripe_reports_the_charge(client, stripe_keys):
    # given a card payment taken in full (an intent made before cards were authorised first, or
    # charged at Stripe by hand) whose order was refused (the last item sold meanwhile) and refunded
    product = certified_product(num_in_stock=1)
    basket = basket_with((product, 1))
    payment, _ = _start(basket, "TH")
    as_browser_pay(payment.intent_id)
    stripe.PaymentIntent.capture(payment.intent_id, api_key="sk_test_otop")
    StockRecord.objects.filter(product=product).update(num_allocated=1)
    with pytest.raises(CheckoutError):
        complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")

    # when Stripe's succeeded event for the original charge arrives, and the intent is looked up again
    stripe_reports(client, payment.intent_id)
    intents.refresh(payment)

    # then the shop still shows the money as refunded (Stripe's intent itself keeps saying "succeeded")
    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert stripe.PaymentIntent.retrieve(payment.intent_id, api_key="sk_test_otop").status == "succeeded"


def test_a_refund_made_at_stripe_shows_as_refunded(client, stripe_keys):
    # given a paid order
    order, payment, _ = _pending_order()
    post_webhook(client, intent_event(_intent(payment, "succeeded"), "payment_intent.succeeded"))

    # when staff refund it in Stripe's dashboard and Stripe reports the charge refunded
    paid = int(payment.amount * 100)
    charge = {"id": "ch_1", "object": "charge", "payment_intent": payment.intent_id, "amount": paid,
              "amount_refunded": paid, "currency": "thb", "refunded": True}
    response = post_webhook(client, intent_event(charge, "charge.refunded"))

    # then
    payment.refresh_from_db()
    assert response.status_code == 200 and payment.status == "refunded"


def test_completing_the_same_payment_twice_gives_the_one_order_and_refunds_nothing(stripe_requests):
    # given a checkout completed once (a double click, a retried request)
    product = certified_product(num_in_stock=5)
    basket = basket_with((product, 1))
    payment, _ = _start(basket, "TH")
    as_browser_pay(payment.intent_id)
    first = complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")

    # when the same payment is completed again
    again = complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="a@example.com")

    # then it answers with the order already placed, the money stays with it and is charged once
    assert charge_placed_orders(payment.intent_id) == 1
    payment.refresh_from_db()
    assert again == first and Order.objects.count() == 1
    assert payment.order == first and payment.status == "succeeded"
    assert not [r for r in stripe_requests if r["url"].endswith(("/v1/refunds", "/cancel"))]
    assert len([r for r in stripe_requests if r["url"].endswith("/capture")]) == 1
