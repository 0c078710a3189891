"""PromptPay at the storefront's payment step: the QR code Stripe answers with is shown, the page
waits until the bank has confirmed, then places the order. localstripe does not speak PromptPay
(it refuses the confirmation), which is the case of a shop not set up for it: the shopper reads a
sentence in their language, the detail goes to the log."""
import logging
from urllib.parse import parse_qs

import pytest
import stripe
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.orders.placement import STATUS_PAID
from marketplace.payments import intents
from marketplace.payments.models import StripePayment
from marketplace.testing.factories import certified_product
from stripe_fixtures import as_browser_pay, stripe_reports
from test_checkout_storefront import _to_payment_step

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


def test_without_promptpay_at_stripe_the_shopper_reads_thai_and_staff_get_the_detail(client, stripe_requests,
                                                                                     caplog):
    # given a shopper in Thailand (Thai pages) at the payment step, on a Stripe that refuses PromptPay
    _to_payment_step(client, certified_product(), "TH")
    # when they choose PromptPay
    with caplog.at_level(logging.ERROR, logger="marketplace.orders.checkout_views"):
        page = client.get(reverse("checkout:payment-details") + "?method=promptpay")
    # then the shop asked Stripe for the QR code of a PromptPay payment with the shopper's e-mail
    confirm = [r for r in stripe_requests if r["url"].endswith("/confirm")][-1]
    body = parse_qs(confirm["body"])
    assert body["payment_method_data[type]"] == ["promptpay"]
    assert body["payment_method_data[billing_details][email]"] == ["shopper@example.com"]
    # and the shopper reads a Thai sentence, with no detail of the refusal
    html = page.content.decode()
    assert "ขณะนี้ยังชำระด้วยพร้อมเพย์ไม่ได้" in html
    assert "Unexpected" not in html and "payment_method_data" not in html
    assert 'id="promptpay-qr"' not in html
    # and the log has the detail for staff
    assert "PromptPay confirmation of" in caplog.text and "payment_method_data" in caplog.text


def test_the_qr_code_shown_is_the_one_in_stripes_answer():
    # given Stripe's answer to a PromptPay confirmation (its documented shape)
    intent = stripe.PaymentIntent.construct_from({
        "id": "pi_1", "object": "payment_intent", "status": "requires_action",
        "next_action": {"type": "promptpay_display_qr_code", "promptpay_display_qr_code": {
            "data": "000201…", "image_url_svg": "https://qr.stripe.com/test.svg",
            "image_url_png": "https://qr.stripe.com/test.png",
            "hosted_instructions_url": "https://payments.stripe.com/qr/instructions/test"}}}, "sk_test_otop")
    # then the QR code to show is Stripe's
    qr = intents.qr_of(intent)
    assert qr.image_url_svg == "https://qr.stripe.com/test.svg"
    assert qr.hosted_instructions_url.endswith("/instructions/test")
    # and a card intent has none
    assert intents.qr_of(stripe.PaymentIntent.construct_from({"id": "pi_2", "status": "succeeded"}, "k")) is None


def test_the_page_waits_for_the_bank_then_places_the_paid_order(client, stripe_keys):
    # given a shopper at the payment step with a PromptPay payment started
    _to_payment_step(client, certified_product(price="350.00"), "TH")
    client.get(reverse("checkout:payment-details") + "?method=promptpay")
    payment = StripePayment.objects.get(method="promptpay")
    ask = {"action": "status", "payment_intent": payment.intent_id}

    # when the page asks before the bank has confirmed
    waiting = client.post(reverse("checkout:payment-details"), ask).json()
    # then it keeps waiting and no order exists
    assert waiting["paid"] is False and not Order.objects.exists()

    # when the bank confirms (localstripe cannot take PromptPay: a card stands in for the transfer)
    as_browser_pay(payment.intent_id)
    paid = client.post(reverse("checkout:payment-details"), ask).json()
    assert paid == {"paid": True, "status": "succeeded"}
    # and the page places the order
    placed = client.post(reverse("checkout:payment-details"),
                         {"action": "place_order", "payment_intent": payment.intent_id}, follow=True)
    assert placed.redirect_chain[-1][0].endswith(reverse("checkout:thank-you"))
    stripe_reports(client, payment.intent_id)
    assert Order.objects.get().status == STATUS_PAID
