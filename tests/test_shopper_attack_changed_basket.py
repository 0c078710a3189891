"""The basket changed in another tab after the payment page made its PaymentIntent: the card is not
charged for the old sum (placing the order would then refuse it and refund). The page's "pay" step
asks ``intents.pay_with`` with what the basket costs now, which refuses before Stripe is asked to
confirm."""
import pytest
import stripe
from django.urls import reverse
from oscar.core.loading import get_model

from buying import address_form, in_english
from marketplace.payments.models import StripePayment
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
CHANGED = "The basket changed after payment started; please pay again."


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _payment_page(client, product):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "shopper@example.com", "options": "anonymous"})
    return client.post(reverse("checkout:shipping-address"), address_form("TH"), follow=True)


def _pay(client, payment):
    return client.post(reverse("checkout:payment-details"), {
        "action": "pay", "payment_intent": payment.intent_id, "payment_method": "pm_card_visa"})


def test_a_basket_grown_in_another_tab_is_not_charged_the_old_sum(client, stripe_keys):
    # given the payment page open for one silk
    product = certified_product(num_in_stock=10)
    payment = _payment_page(client, product).context["payment"]

    # when another tab adds a second silk, then the first tab pays
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    answer = _pay(client, payment)

    # then the card is refused with the reason, and Stripe was never asked to take the money
    assert answer.status_code == 402 and answer.json() == {"error": CHANGED}
    intent = stripe.PaymentIntent.retrieve(payment.intent_id, api_key="sk_test_otop")
    assert intent.status == "requires_payment_method"
    assert StripePayment.objects.get(pk=payment.pk).status == "requires_payment_method"
    assert not Order.objects.exists()


def test_the_page_opened_again_pays_the_new_sum(client, stripe_keys):
    # given the basket grew after the payment page opened
    product = certified_product(price="350.00", num_in_stock=10)
    first = _payment_page(client, product).context["payment"]
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    # when the shopper opens the payment page again and pays
    again = client.get(reverse("checkout:payment-details")).context["payment"]
    answer = _pay(client, again)

    # then a new intent for the new sum was authorised (charged once the order is placed)
    assert again.intent_id != first.intent_id and again.amount > first.amount + 349  # two silks, a heavier parcel
    assert answer.status_code == 200 and answer.json()["status"] == "requires_capture"


def test_an_unchanged_basket_pays_as_before(client, stripe_keys):
    # given
    payment = _payment_page(client, certified_product()).context["payment"]

    # when
    answer = _pay(client, payment)

    # then the card is held for the sum, to be charged when the order is placed
    assert answer.status_code == 200 and answer.json()["status"] == "requires_capture"
