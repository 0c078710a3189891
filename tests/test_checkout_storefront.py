"""The Oscar storefront checkout, page by page as a shopper goes through it, with localstripe
standing in for Stripe: a THB order in Thailand and a USD order to Japan, placed end to end."""
from jobs_fixtures import run_enqueued
from decimal import Decimal

import pytest
import stripe
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from buying import address_form, in_english
from marketplace.orders.placement import STATUS_PAID
from marketplace.orders.currency import convert_from_thb
from marketplace.payments.models import StripePayment
from marketplace.shipping.models import ShippingRate
from marketplace.testing.factories import UserFactory, certified_product
from stripe_fixtures import charge_placed_orders, stripe_reports

pytestmark = pytest.mark.django_db
ORDER_EMAIL = "marketplace.orders.tasks.send_order_email"
Order = get_model("order", "Order")


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _to_payment_step(client, product, country, quantity=1, guest_email="shopper@example.com"):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    if guest_email:
        client.post(reverse("checkout:index"), {"username": guest_email, "options": "anonymous"})
    return client.post(reverse("checkout:shipping-address"), address_form(country), follow=True)


def _pay_by_card(client, page, payment_method="pm_card_visa"):
    """What the payment page's script does after Stripe.js turned the card into an id."""
    payment = page.context["payment"]
    answer = client.post(reverse("checkout:payment-details"), {
        "action": "pay", "payment_intent": payment.intent_id, "payment_method": payment_method})
    return payment, answer


def test_a_thb_card_order_through_the_storefront(client, stripe_keys, django_capture_on_commit_callbacks):
    # given a shopper in Chiang Mai with two silks in the basket
    product = certified_product(price="350.00")

    # when they go through the checkout pages
    page = _to_payment_step(client, product, "TH", quantity=2)

    # then the payment page asks for the baht total with the domestic parcel
    domestic = ShippingRate.objects.get(zone__code="domestic", max_weight_g=2000).price_thb
    assert page.redirect_chain[-1][0].endswith(reverse("checkout:payment-details"))
    assert page.context["stripe_total"].incl_tax == 700 + domestic
    assert page.context["stripe_total"].currency == "THB"
    html = page.content.decode()
    assert "/js.stripe.com/v3/" in html and page.context["payment"].client_secret in html
    assert 'name="card' not in html  # no card field of ours: Stripe.js mounts its own

    # when Stripe.js has the card and the shopper places the order
    payment, answer = _pay_by_card(client, page)
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(reverse("checkout:payment-details"),
                             {"action": "place_order", "payment_intent": payment.intent_id}, follow=True)

    # then the thank-you page, the confirmation e-mail, the card (held when the shopper paid) charged
    # by the job of the placing transaction, and the order is paid on Stripe's webhook
    order = Order.objects.get()
    assert answer.json()["status"] == "requires_capture"
    assert placed.redirect_chain[-1][0].endswith(reverse("checkout:thank-you"))
    assert order.number in placed.content.decode()
    assert run_enqueued(ORDER_EMAIL) == 2  # the confirmation and the producer's notice
    assert mail.outbox[0].to == ["shopper@example.com"]
    assert order.currency == "THB" and order.total_incl_tax == 700 + domestic
    assert charge_placed_orders(payment.intent_id) == 1
    stripe_reports(client, payment.intent_id)
    order.refresh_from_db()
    assert order.status == STATUS_PAID


def test_a_usd_order_to_japan_through_the_storefront(client, stripe_keys):
    # given a shopper in Osaka
    product = certified_product(price="350.00")

    # when
    page = _to_payment_step(client, product, "JP")
    payment, _answer = _pay_by_card(client, page)
    client.post(reverse("checkout:payment-details"), {"action": "place_order", "payment_intent": payment.intent_id})
    charge_placed_orders()
    stripe_reports(client, payment.intent_id)

    # then a dollar order with the East Asia parcel rate, paid
    order = Order.objects.get()
    east_asia = ShippingRate.objects.get(zone__code="east_asia", max_weight_g=1000).price_thb
    assert order.currency == "USD"
    assert order.shipping_incl_tax == convert_from_thb(east_asia, "USD")
    assert order.total_incl_tax == convert_from_thb(350, "USD") + convert_from_thb(east_asia, "USD")
    assert stripe.PaymentIntent.retrieve(payment.intent_id, api_key="sk_test_otop").currency == "usd"
    assert order.status == STATUS_PAID


def test_a_declined_card_shows_the_reason_and_keeps_the_basket(client, stripe_keys):
    product = certified_product()
    page = _to_payment_step(client, product, "TH", quantity=2)

    payment, answer = _pay_by_card(client, page, payment_method="pm_card_chargeCustomerFail")
    placed = client.post(reverse("checkout:payment-details"),
                         {"action": "place_order", "payment_intent": payment.intent_id}, follow=True)

    assert answer.status_code == 402 and answer.json()["error"]
    assert not Order.objects.exists()
    assert placed.redirect_chain[-1][0].endswith(reverse("checkout:payment-details"))
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 2


def test_after_a_declined_card_another_card_pays_and_the_order_is_placed(client, stripe_keys):
    # given a shopper whose first card was declined
    product = certified_product(price="350.00")
    page = _to_payment_step(client, product, "TH", quantity=2)
    declined, refused = _pay_by_card(client, page, payment_method="pm_card_chargeCustomerFail")
    assert refused.status_code == 402

    # when they try again with another card, on the same page (its script sends the intent it has)
    again = client.post(reverse("checkout:payment-details"), {
        "action": "pay", "payment_intent": declined.intent_id, "payment_method": "pm_card_visa"})
    answer = again.json()
    placed = client.post(reverse("checkout:payment-details"),
                         {"action": "place_order", "payment_intent": answer["payment_intent"]}, follow=True)

    # then the card is held on a new payment, the order placed on it and charged; the declined
    # attempt's intent is cancelled at Stripe, nothing held or charged there
    assert again.status_code == 200 and answer["status"] == "requires_capture"
    assert answer["payment_intent"] != declined.intent_id
    order = Order.objects.get()
    assert placed.redirect_chain[-1][0].endswith(reverse("checkout:thank-you"))
    assert StripePayment.objects.get(intent_id=answer["payment_intent"]).order == order
    assert charge_placed_orders(answer["payment_intent"]) == 1
    assert stripe.PaymentIntent.retrieve(answer["payment_intent"], api_key="sk_test_otop").status == "succeeded"
    assert stripe.PaymentIntent.retrieve(declined.intent_id, api_key="sk_test_otop").status == "canceled"
    # and Stripe's late word on the declined attempt does not bring it back as an open payment
    stripe_reports(client, declined.intent_id, event_type="payment_intent.payment_failed")
    assert StripePayment.objects.get(intent_id=declined.intent_id).status == "canceled"


def test_after_a_declined_card_a_reloaded_payment_page_pays_with_a_new_payment(client, stripe_keys):
    product = certified_product()
    page = _to_payment_step(client, product, "TH")
    declined, _refused = _pay_by_card(client, page, payment_method="pm_card_chargeCustomerFail")

    reloaded = client.get(reverse("checkout:payment-details"))
    payment, answer = _pay_by_card(client, reloaded)

    assert payment.intent_id != declined.intent_id
    assert answer.status_code == 200 and answer.json()["status"] == "requires_capture"


def test_a_declined_card_is_told_in_the_shoppers_language(client, stripe_keys):
    from django.utils import translation

    translation.activate("th")
    product = certified_product()
    page = _to_payment_step(client, product, "TH")
    _declined, refused = _pay_by_card(client, page, payment_method="pm_card_chargeCustomerFail")

    message = refused.json()["error"]
    assert "declined" not in message.lower()
    assert "บัตร" in message and "ตะกร้า" in message  # the card, and the basket that is kept


def test_the_thank_you_page_says_how_much_was_paid_and_how(client, stripe_keys):
    product = certified_product(price="350.00")
    page = _to_payment_step(client, product, "TH")
    payment, _answer = _pay_by_card(client, page)
    placed = client.post(reverse("checkout:payment-details"),
                         {"action": "place_order", "payment_intent": payment.intent_id}, follow=True)

    shown = placed.content.decode()
    total = Order.objects.get().total_incl_tax
    assert "No payment was required" not in shown
    assert "Paid by card" in shown and f"{total:,.2f}" in shown
    # and in Thai when the shopper switches language: the payment and the shipping method
    from django.utils import translation

    from marketplace.shipping.methods import method_name

    order = Order.objects.get()
    with translation.override("th"):
        thai = client.get(reverse("checkout:thank-you")).content.decode()
        thai_method = str(method_name(order.shipping_code, order.shipping_method))
    assert "ชำระด้วยบัตรแล้ว" in thai and thai_method in thai and order.shipping_method not in thai


def test_a_product_without_packaging_size_is_refused_abroad_before_payment(client, stripe_keys):
    product = certified_product(name_th="ผ้าไหม", name_en="Brocade silk")
    product.packaging.height_cm = None
    product.packaging.save()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "a@example.com", "options": "anonymous"})

    address_page = client.get(reverse("checkout:shipping-address"))
    refused = client.post(reverse("checkout:shipping-address"), address_form("JP"), follow=True)

    assert "Brocade silk" in address_page.content.decode() and "within Thailand only" in address_page.content.decode()
    assert refused.redirect_chain[-1][0].endswith(reverse("checkout:shipping-address"))
    assert "cannot be shipped abroad" in refused.content.decode()
    assert not StripePayment.objects.exists()


def test_the_order_history_lists_the_signed_in_shoppers_orders(client, stripe_keys,
                                                               django_capture_on_commit_callbacks):
    # given a signed-in shopper who placed an order
    shopper = UserFactory()
    client.force_login(shopper)
    product = certified_product(name_th="ชาใบหม่อน", name_en="Mulberry leaf tea")
    page = _to_payment_step(client, product, "TH", guest_email=None)
    payment, _ = _pay_by_card(client, page)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("checkout:payment-details"), {"action": "place_order", "payment_intent": payment.intent_id})

    # when
    history = client.get(reverse("customer:order-list"))

    # then
    order = Order.objects.get()
    run_enqueued(ORDER_EMAIL)
    assert order.user == shopper and mail.outbox[0].to == [shopper.email]
    assert list(history.context["orders"]) == [order]
    assert order.number in history.content.decode()


def test_choosing_dollars_reprices_the_basket_and_the_pages(client):
    # given a silk at 350 baht in the basket
    product = certified_product(price="350.00")
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})

    # when the shopper chooses US dollars
    client.post(reverse("otop_basket:currency"), {"currency": "USD", "next": reverse("basket:summary")})
    basket_page = client.get(reverse("basket:summary"))
    refused = client.post(reverse("otop_basket:currency"), {"currency": "JPY", "next": "https://evil.example/"})

    # then the basket is in dollars at the channel's price, and a bad choice is refused safely
    basket = basket_page.context["basket"]
    unit = convert_from_thb(350, "USD")
    assert basket.currency == "USD" and basket.total_incl_tax == 2 * unit
    assert f"${2 * unit:,.2f}" in basket_page.content.decode()
    assert refused.status_code == 302 and refused["Location"] == "/"


def test_promptpay_is_offered_for_baht_only_and_asks_stripe_for_a_promptpay_intent(client, stripe_requests):
    from urllib.parse import parse_qs

    # given a shopper in Thailand at the payment step
    page = _to_payment_step(client, certified_product(), "TH")
    assert 'id="use-promptpay"' in page.content.decode()

    # when they choose PromptPay
    promptpay = client.get(reverse("checkout:payment-details") + "?method=promptpay")

    # then Stripe is asked for a PromptPay intent in baht (localstripe then refuses its QR code:
    # tests/test_promptpay.py)
    assert StripePayment.objects.filter(basket=promptpay.wsgi_request.basket, method="promptpay").exists()
    created = [r for r in stripe_requests if r["url"].endswith("/v1/payment_intents")]
    assert parse_qs(created[-1]["body"])["payment_method_types[0]"] == ["promptpay"]
    assert parse_qs(created[-1]["body"])["currency"] == ["thb"]


def test_promptpay_is_not_offered_in_dollars(client, stripe_keys):
    page = _to_payment_step(client, certified_product(), "JP")
    assert 'id="use-promptpay"' not in page.content.decode()
    refused = client.get(reverse("checkout:payment-details") + "?method=promptpay")
    assert "baht only" in refused.context["payment_error"]


def test_header_currency_switch_shows_dollar_prices_and_keeps_the_page(client):
    # given a listed product priced in baht
    product = certified_product(price="350.00")
    home = client.get("/en/")
    assert 'id="currency_selector"' in home.content.decode()
    # when the shopper picks US dollars in the header while on the product page
    page = product.get_absolute_url()
    answer = client.post(reverse("otop_basket:currency"), {"currency": "USD", "next": page})
    # then they stay on that page, and it and the listings show dollar prices
    assert answer.status_code == 302 and answer["Location"] == page
    usd = convert_from_thb(Decimal("350.00"), "USD")
    assert f"${usd}" in client.get(page).content.decode()
    assert f"${usd}" in client.get("/catalogue/").content.decode()
    assert 'name="currency" value="USD" aria-current="true"' in client.get(page).content.decode()


def test_test_keys_show_the_test_card_to_use_and_live_keys_do_not(client, stripe_keys, settings):
    # given a shopper at the payment step of a shop on Stripe's test keys (as the demo's localstripe)
    page = _to_payment_step(client, certified_product(), "TH").content.decode()
    # then the page says no money moves and which card to use
    assert 'id="payment-test-mode"' in page and "4242 4242 4242 4242" in page
    # and with live keys it says nothing of the kind
    settings.STRIPE_SECRET_KEY = "sk_live_otop"
    page = client.get(reverse("checkout:payment-details")).content.decode()
    assert 'id="payment-test-mode"' not in page


@pytest.mark.parametrize("base, key", [("http://127.0.0.1:9", "sk_test_otop"), (None, "")],
                         ids=["stripe-unreachable", "no-secret-key"])
def test_a_payment_service_problem_is_a_sentence_for_the_shopper_and_the_detail_for_the_log(
        client, stripe_keys, settings, caplog, base, key):
    # given a shop whose Stripe cannot be reached, or that has no Stripe key at all
    settings.STRIPE_API_BASE = base or settings.STRIPE_API_BASE
    settings.STRIPE_SECRET_KEY = key
    previous, stripe.default_http_client = stripe.default_http_client, stripe.RequestsClient(timeout=2)
    try:
        # when a shopper with a basket reaches the payment step
        with caplog.at_level("ERROR", logger="marketplace.orders.checkout_views"):
            page = _to_payment_step(client, certified_product(), "TH")
    finally:
        stripe.default_http_client = previous
    # then the shopper reads a sentence in their language, with nothing of the configuration in it
    message = page.context["payment_error"]
    assert "not available at the moment" in message and "basket is kept" in message
    assert "STRIPE" not in page.content.decode() and "127.0.0.1:9" not in page.content.decode()
    # and staff find the detail in the log, and the basket is still there
    assert any("Payment page without a payment" in r.getMessage() for r in caplog.records)
    assert client.get("/en/basket/").context["basket"].num_items == 1
