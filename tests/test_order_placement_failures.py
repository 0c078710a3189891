"""When the mailer or the placement fails around a payment, through both front ends (the Oscar
storefront and the API's checkoutComplete), against a real localstripe:

- a mailer that refuses connections leaves the order placed; its e-mail waits in the outbox for
  its job (test_order_emails: a worker retries it until the mailer works);
- an order that cannot be placed after the card was charged (the last item sold meanwhile)
  ends with a refund at Stripe, and the shopper is told;
- while the shop talks to the mailer or to Stripe, no stock row of the checkout is locked.

The mailer tests commit for real (the e-mail is sent after the commit), so they are transactional.
"""

import pytest
import stripe
from django.urls import reverse
from oscar.core.loading import get_model

import lock_probes
from buying import in_english
from graphql_client import data
from marketplace.graphql.core.ids import global_id
from jobs_fixtures import job_rows, run_enqueued
from marketplace.orders.models import PendingEmail
from marketplace.payments.localstripe import free_port
from marketplace.payments.models import StripePayment
from marketplace.testing.factories import certified_product
from stripe_fixtures import as_browser_pay
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush
from test_checkout_graphql import ADDRESS, BILLING, COMPLETE, DELIVERY, INITIALIZE, PLACES, _checkout
from test_checkout_storefront import _pay_by_card, _to_payment_step

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
ORDER_EMAIL = "marketplace.orders.tasks.send_order_email"
COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


@pytest.fixture
def mailer_down(settings):
    """Production's SMTP backend pointed at a local port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    return settings


def _paid_api_checkout(client, product):
    """A checkout of the API paid by card (Stripe.js played by the test); its id and intent id."""
    checkout = _checkout(client, "th-thb", product)
    data(ADDRESS, {"id": checkout["id"], "address": PLACES["TH"]}, client=client)
    data(BILLING, {"id": checkout["id"], "address": PLACES["TH"]}, client=client)
    data(DELIVERY, {"id": checkout["id"], "method": global_id("ShippingMethod", "otop-parcels")}, client=client)
    started = data(INITIALIZE, {"id": checkout["id"]}, client=client)["transactionInitialize"]
    intent_id = started["data"]["paymentIntent"]["stripeClientSecret"].split("_secret_")[0]
    as_browser_pay(intent_id)
    return checkout["id"], intent_id


def _place_on_the_storefront(client, product):
    page = _to_payment_step(client, product, "TH")
    payment, _answer = _pay_by_card(client, page)
    placed = client.post(reverse("checkout:payment-details"),
                         {"action": "place_order", "payment_intent": payment.intent_id}, follow=True)
    return payment, placed


@COMMITTED
def test_a_failing_mailer_leaves_the_api_order_placed_and_the_email_owed_to_a_job(client, admin_client, stripe_keys,
                                                                            mailer_down):
    # given a paid checkout and a mail server that refuses connections
    checkout_id, _intent = _paid_api_checkout(client, certified_product(price="350.00"))

    # when the storefront completes the checkout
    completed = data(COMPLETE, {"id": checkout_id}, client=client)["checkoutComplete"]

    # then the order is placed and its e-mail owed to a job (the request never talks to the mailer)
    assert completed["errors"] == []
    order = Order.objects.get(number=completed["order"]["number"])
    pending = PendingEmail.objects.get(order=order, kind=PendingEmail.ORDER_PLACED)
    assert pending.sent_at is None and pending.attempts == 0
    assert {"pending_id": pending.pk} in [job["args"] for job in job_rows(ORDER_EMAIL)]
    unsent = admin_client.get("/admin/otop_orders/pendingemail/?sent_at__isempty=1").content.decode()
    assert order.number in unsent  # staff see what waits (test_order_emails: the worker's retries)


@COMMITTED
def test_a_failing_mailer_leaves_the_storefront_order_placed_and_the_email_owed_to_a_job(client, stripe_keys,
                                                                                   mailer_down):
    # given / when a shopper pays and places the order while the mailer is down
    _payment, placed = _place_on_the_storefront(client, certified_product(price="350.00"))

    # then they see the thank-you page and the e-mail is owed to a job
    order = Order.objects.get()
    assert placed.redirect_chain[-1][0].endswith(reverse("checkout:thank-you"))
    pending = PendingEmail.objects.get(order=order, kind=PendingEmail.ORDER_PLACED)
    assert pending.sent_at is None and {"pending_id": pending.pk} in [job["args"] for job in job_rows(ORDER_EMAIL)]


def _refunds_at_stripe(intent_id):
    return stripe.Refund.list(payment_intent=intent_id, api_key="sk_test_otop").data


@pytest.mark.django_db
def test_stock_sold_out_after_payment_cancels_the_hold_at_stripe_through_the_api(client, stripe_keys):
    # given a checkout paid by card (held, not charged), whose last item someone else then bought
    product = certified_product(num_in_stock=1, price="350.00")
    checkout_id, intent_id = _paid_api_checkout(client, product)
    StockRecord.objects.filter(product=product).update(num_allocated=1)

    # when the storefront completes it
    completed = data(COMPLETE, {"id": checkout_id}, client=client, language="th")["checkoutComplete"]

    # then no order, the card never charged and its hold cancelled at Stripe, the shopper told so
    # (in Thai, as the client asked)
    [error] = completed["errors"]
    intent = stripe.PaymentIntent.retrieve(intent_id, api_key="sk_test_otop")
    assert completed["order"] is None and not Order.objects.exists()
    assert error["code"] == "INSUFFICIENT_STOCK" and "ไม่ถูกเรียกเก็บเงิน" in error["message"], error["message"]
    assert intent.status == "canceled" and not _refunds_at_stripe(intent_id)
    assert StripePayment.objects.get(intent_id=intent_id).status == "canceled"


@pytest.mark.django_db
def test_stock_sold_out_after_payment_cancels_the_hold_at_stripe_on_the_storefront(client, stripe_keys):
    # given a shopper at the payment step for the last piece
    product = certified_product(num_in_stock=1, price="350.00")
    page = _to_payment_step(client, product, "TH")
    payment, _answer = _pay_by_card(client, page)
    StockRecord.objects.filter(product=product).update(num_allocated=1)  # sold meanwhile

    # when they place the order
    placed = client.post(reverse("checkout:payment-details"),
                         {"action": "place_order", "payment_intent": payment.intent_id}, follow=True)

    # then they are back at the payment step, told that they were not charged, and they were not
    shown = [str(message) for message in placed.context["messages"]]
    assert not Order.objects.exists()
    assert any("Only 0 left" in text and "you have not been charged" in text for text in shown), shown
    assert not _refunds_at_stripe(payment.intent_id)
    assert stripe.PaymentIntent.retrieve(payment.intent_id, api_key="sk_test_otop").status == "canceled"
    payment.refresh_from_db()
    assert payment.status == "canceled"


@COMMITTED
def test_no_stock_row_is_locked_while_the_shop_talks_to_the_mailer_or_stripe(client, stripe_keys, settings):
    # given a paid checkout; the mailer and Stripe's client probe the stock rows when called
    product = certified_product(price="350.00")
    checkout_id, _intent = _paid_api_checkout(client, product)
    lock_probes.watched_stock[:] = list(StockRecord.objects.filter(product=product).values_list("pk", flat=True))
    lock_probes.findings.clear()
    settings.EMAIL_BACKEND = "lock_probes.ProbingEmailBackend"
    previous, stripe.default_http_client = stripe.default_http_client, lock_probes.ProbingStripeClient()

    # when the checkout is completed
    try:
        completed = data(COMPLETE, {"id": checkout_id}, client=client)["checkoutComplete"]
    finally:
        stripe.default_http_client = previous

    in_the_request = {what.split()[0] for what, _free in lock_probes.findings}
    run_enqueued(ORDER_EMAIL)  # the e-mail jobs, once the order is committed

    # then the order was placed, Stripe was called in the request and the mailer only by the
    # jobs, and each time the rows were free
    assert completed["errors"] == []
    assert "GET" in in_the_request and "mail" not in in_the_request
    assert "mail" in {what.split()[0] for what, _free in lock_probes.findings}
    assert all(free for _what, free in lock_probes.findings), lock_probes.findings
