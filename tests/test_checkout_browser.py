"""A THB card order end to end in a real browser (Debian's Chromium through Playwright): product
page → basket → guest checkout → address → parcel priced from packaging → card typed into
Stripe.js (localstripe's stand-in, which holds the sum on the card) → order placed, confirmation
e-mail sent → the card charged → paid when localstripe's signed webhook arrives."""
import time

import pytest
from jobs_fixtures import run_enqueued
from django.core import mail
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.orders.placement import STATUS_PAID
from marketplace.payments.models import StripePayment
from marketplace.shipping.models import ShippingRate
from marketplace.testing.factories import certified_product
from stripe_fixtures import forward_webhooks
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ORDER_EMAIL = "marketplace.orders.tasks.send_order_email"
APPLY_EVENTS = "marketplace.payments.tasks.apply_intent_events"
CAPTURE = "marketplace.payments.tasks.capture_payment"
Order = get_model("order", "Order")


@pytest.fixture
def webhooks_to_the_shop(live_server, localstripe):
    """localstripe's own signed payment_intent.succeeded events, sent to the live shop."""
    forward_webhooks(localstripe, live_server.url + "/payments/stripe/webhook/", hook_id="browser",
                     events=["payment_intent.succeeded"])
    yield
    forward_webhooks(localstripe, None, hook_id="browser")


def _run_jobs_until(done, jobs=(APPLY_EVENTS,), seconds=15):
    """Run what a worker would (``jobs``: by default applying the events the webhook stored) until
    ``done()``; whether it got there within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for job in jobs:
            run_enqueued(job)
        if done():
            return True
        time.sleep(0.2)
    return False


def _wait_until_paid(order, seconds=15):
    def paid():
        order.refresh_from_db()
        return order.status == STATUS_PAID

    # charging the held card once the order is committed, then applying Stripe's events
    return _run_jobs_until(paid, (CAPTURE, APPLY_EVENTS), seconds)


CHIANG_MAI = {"first_name": "Somsri", "last_name": "Jaidee", "line1": "12 Nimmanhaemin Road", "line4": "Chiang Mai",
              "province": "Chiang Mai", "postcode": "50200", "country": "TH", "email": "somsri@example.com"}
TOKYO = {"first_name": "Haruka", "last_name": "Sato", "line1": "1-1 Marunouchi, Chiyoda-ku", "line4": "Tokyo",
         "postcode": "100-0005", "country": "JP", "email": "haruka@example.jp"}


def guest_to_address_step(page, live_server, product_url, language_prefix="/en", email="somsri@example.com"):
    """Product page → basket → guest checkout → the address form."""
    page.goto(product_url)
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(live_server.url + language_prefix + "/checkout/")
    page.fill("#id_username", email)
    page.locator("input[name=options][value=anonymous]").check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/checkout/shipping-address/")


def guest_checkout_to_payment_page(page, live_server, product_url, address=CHIANG_MAI):
    """Product page → basket → guest checkout → an address (Chiang Mai unless told) → the payment page."""
    guest_to_address_step(page, live_server, product_url, email=address["email"])
    for field in ("first_name", "last_name", "line1", "line4"):
        page.fill(f"#id_{field}", address[field])
    page.select_option("#id_country", address["country"])
    if address.get("province"):  # Thailand: the province list instead of a state field
        page.select_option("#id_province", label=address["province"])
    page.fill("#id_postcode", address["postcode"])
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/checkout/payment-details/")


def test_a_thb_card_order_in_the_browser(live_server, page, stripe_keys, webhooks_to_the_shop):
    # given a listed silk at 350 baht
    product = certified_product(price="350.00", name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk")
    with translation.override("en"):
        product_url = live_server.url + product.get_absolute_url()

    # when the shopper adds it to the basket and checks out as a guest
    guest_checkout_to_payment_page(page, live_server, product_url)

    # then the payment page asks for the silk plus the domestic parcel, in baht, through Stripe.js
    shipping = ShippingRate.objects.get(zone__code="domestic", max_weight_g=1000).price_thb
    assert f"{350 + shipping:,.2f}" in page.locator("#stripe-payment h3").inner_text()

    # when they type the card into Stripe.js's field and pay
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill("4242424242424242")
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("50200")
    page.locator("#pay-button").click()

    # then the order is placed and confirmed
    page.wait_for_url("**/checkout/thank-you/", timeout=20_000)
    order = Order.objects.get()
    assert order.number in page.content()
    assert (order.currency, order.total_incl_tax) == ("THB", 350 + shipping)
    payment = StripePayment.objects.get(order=order)
    assert payment.status == "requires_capture"  # the card is held; the order's job charges it
    run_enqueued(ORDER_EMAIL)
    assert mail.outbox[0].to == ["somsri@example.com"]

    # and once the worker charged the card, localstripe's signed webhook, arriving about a second
    # later, marks it paid
    assert _wait_until_paid(order)
    payment.refresh_from_db()
    assert payment.status == "succeeded"


def _pay_with_the_test_card(page, postcode, number="4242424242424242"):
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill(number)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill(postcode)
    page.locator("#pay-button").click()


def test_a_declined_card_then_another_card_on_the_same_page_places_the_order(
        live_server, page, stripe_keys, webhooks_to_the_shop):
    # given a shopper on the payment page
    product = certified_product(price="350.00", name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk")
    with translation.override("en"):
        product_url = live_server.url + product.get_absolute_url()
    guest_checkout_to_payment_page(page, live_server, product_url)

    # when their card is declined (localstripe declines this one when charging)
    _pay_with_the_test_card(page, "50200", number="4000000000000341")
    errors = page.locator("#payment-errors")
    errors.filter(has_text="declined").wait_for(timeout=20_000)
    assert "basket is kept" in errors.inner_text()

    # and they type another card on the same page and pay again
    _pay_with_the_test_card(page, "50200")

    # then the order is placed, on a payment of its own, and paid
    page.wait_for_url("**/checkout/thank-you/", timeout=20_000)
    order = Order.objects.get()
    assert "Paid by card" in page.locator("#order-payment").inner_text()
    assert StripePayment.objects.filter(order=order).count() == 1
    assert StripePayment.objects.exclude(order=order).get().status == "canceled"
    assert _wait_until_paid(order)


def test_a_usd_order_to_japan_in_the_browser(live_server, page, stripe_keys, webhooks_to_the_shop):
    from decimal import Decimal

    from marketplace.catalog.models import Packaging
    from marketplace.orders.currency import convert_from_thb
    from marketplace.shipping import pricing

    # given a silk recorded as the demo's programme files record it: net weight and size, no gross weight
    product = certified_product(price="350.00", name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk")
    Packaging.objects.filter(product=product).update(gross_weight_g=None, net_weight_g=400)
    with translation.override("en"):
        product_url = live_server.url + product.get_absolute_url()

    # when an English shopper opens its page
    page.goto(product_url)
    # then it says it ships worldwide, before the basket
    assert "Ships worldwide" in page.locator("#ships-where").inner_text()
    # and the basket does not price shipping before it knows the address
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/en/basket/")
    assert "Calculated at checkout" in page.locator("#basket_totals").inner_text()
    assert "Free shipping" not in page.content()

    # when they check out as a guest to Tokyo
    guest_checkout_to_payment_page(page, live_server, product_url, address=TOKYO)

    # then the payment page asks for dollars: the silk plus the East Asia parcel
    parcel = pricing.quote([(product, 2)], "JP").parcels[0]  # the basket now holds two
    total = convert_from_thb(Decimal("350.00"), "USD") * 2 + convert_from_thb(parcel.price_thb, "USD")
    assert f"${total:,.2f}" in page.locator("#stripe-payment h3").inner_text()
    assert page.locator("#use-promptpay").count() == 0  # PromptPay takes baht only

    # when they pay by card
    _pay_with_the_test_card(page, "1000005")

    # then a dollar order to Japan is placed, and paid on localstripe's webhook
    page.wait_for_url("**/checkout/thank-you/", timeout=20_000)
    order = Order.objects.get()
    assert (order.currency, order.total_incl_tax) == ("USD", total)
    assert order.shipping_address.country_id == "JP"
    assert _wait_until_paid(order)


def test_a_trade_buyer_pays_the_deposit_after_a_declined_card_then_the_balance_in_the_browser(
        live_server, page, stripe_keys, webhooks_to_the_shop):
    from django.conf import settings
    from django.test import Client

    from marketplace.quote_orders.models import QuoteOrder
    from marketplace.quotes import acceptance
    from quoting import quoted_silk_and_crackers

    # given an accepted quote and its buyer signed in
    quote, buyer, _producer_user = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    client = Client()
    client.force_login(buyer)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    page.goto(f"{live_server.url}/en/quotes/order/{link.order.number}/deposit/")
    assert "4,155.00" in page.locator("#deposit h3").inner_text()

    # when the first card is declined and the buyer types another on the same page
    _pay_with_the_test_card(page, "1000005", number="4000000000000341")
    page.locator("#payment-errors").filter(has_text="declined").wait_for(timeout=20_000)
    _pay_with_the_test_card(page, "1000005")

    # then the page thanks them, and Stripe's webhook makes the deposit paid
    page.locator("#deposit-done").wait_for(state="visible", timeout=20_000)
    _run_jobs_until(lambda: QuoteOrder.objects.get(pk=link.pk).deposit_paid_at)
    assert QuoteOrder.objects.get(pk=link.pk).deposit_method == "card"

    # when the buyer opens the balance from the deposit's page and pays it with the test card
    page.goto(f"{live_server.url}/en/quotes/order/{link.order.number}/deposit/")
    page.locator("a.balance-link").click()
    assert "9,695.00" in page.locator("#deposit h3").inner_text()
    _pay_with_the_test_card(page, "1000005")

    # then the page thanks them, and once Stripe's webhook is applied the order is paid and ships
    page.locator("#deposit-done").wait_for(state="visible", timeout=20_000)
    _run_jobs_until(lambda: QuoteOrder.objects.get(pk=link.pk).balance_paid_at)
    paid = QuoteOrder.objects.select_related("order").get(pk=link.pk)
    assert (paid.balance_method, paid.order.status) == ("card", "Paid")
