"""An e-mail address longer than the 254 characters its columns hold (``core/email_addresses.py``):
Django's forms take up to 320, so a guest's 300-character address passed the checkout's e-mail step,
the card was charged, and writing the order failed (a refund and "Your order could not be placed").
Now every way in refuses it on the e-mail field, in the shopper's language, before anything is
written or paid."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from oscar.core.loading import get_model

from buying import address, basket_with, in_english
from graphql_client import data
from marketplace.graphql.core.ids import global_id
from marketplace.orders.errors import CheckoutError
from marketplace.orders.placement import place_order
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
LONG = "a" * 288 + "@example.com"  # 300 characters: a valid address for Django's validators
REFUSAL = "An e-mail address has at most 254 characters (this one has 300)."
ERRORS = "errors { field code message }"


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def test_the_checkouts_guest_email_step_refuses_an_address_too_long_for_the_order(client):
    # given a basket
    product = certified_product()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    # when the shopper continues as a guest with a 300-character address
    answer = client.post(reverse("checkout:index"), {"username": LONG, "options": "anonymous"})

    # then the page says so on the e-mail field and the checkout does not go on
    assert answer.status_code == 200
    assert answer.context["form"].errors["username"] == [REFUSAL]
    assert client.session.get("checkout_data", {}).get("guest", {}).get("email") is None


def test_the_guest_email_step_still_takes_an_address_of_254_characters(client):
    # given
    product = certified_product()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    longest = "b" * 242 + "@example.com"

    # when
    answer = client.post(reverse("checkout:index"), {"username": longest, "options": "anonymous"})

    # then
    assert answer.status_code == 302
    assert client.session["checkout_data"]["guest"]["email"] == longest


def test_placing_an_order_refuses_the_address_before_the_payment_is_asked_about():
    # given a basket and a payment check that must not run
    basket = basket_with((certified_product(), 1))
    asked = []

    # when
    with pytest.raises(CheckoutError) as refusal:
        place_order(basket, shipping_address=address("TH"), email=LONG, before_placing=asked.append)

    # then
    assert (refusal.value.code, refusal.value.field, refusal.value.message) == ("INVALID", "email", REFUSAL)
    assert asked == []
    assert not Order.objects.exists() and not ShippingAddress.objects.exists()


@pytest.mark.parametrize("operation", ["create", "update"])
def test_the_api_checkout_refuses_the_address_with_a_typed_error_on_email(operation):
    # given
    product = certified_product()
    create = f"""mutation($email: String) {{ checkoutCreate(input: {{channel: "th-thb", email: $email,
        lines: [{{variantId: "{global_id('ProductVariant', product.pk)}", quantity: 1}}]}}) {{ {ERRORS} checkout {{ id email }} }} }}"""
    update = f"""mutation($id: ID!, $email: String!) {{ checkoutEmailUpdate(id: $id, email: $email) {{
        {ERRORS} checkout {{ email }} }} }}"""

    # when
    if operation == "create":
        answer = data(create, {"email": LONG})["checkoutCreate"]
    else:
        checkout = data(create, {"email": "shopper@example.com"})["checkoutCreate"]["checkout"]
        answer = data(update, {"id": checkout["id"], "email": LONG})["checkoutEmailUpdate"]

    # then
    assert answer["errors"] == [{"field": "email", "code": "INVALID", "message": REFUSAL}]
    assert answer["checkout"] is None


def test_the_api_registration_refuses_the_address_with_a_typed_error_on_email():
    # when
    answer = data(f"""mutation($email: String!) {{ accountRegister(input: {{email: $email, password: "Sturdy-pass-2931",
        channel: "th-thb"}}) {{ {ERRORS} }} }}""", {"email": LONG})["accountRegister"]

    # then
    assert answer["errors"] == [{"field": "email", "code": "INVALID", "message": REFUSAL}]
    assert not get_user_model().objects.exists()
