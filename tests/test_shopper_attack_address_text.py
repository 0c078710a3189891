"""Control characters, text-direction overrides and invisible-only values in an address
(``core/plain_text.py``): they were kept as typed — an escape sequence in a name, a right-to-left
override reversing a street line on the parcel label, a city of one zero-width space passing the
required field. The checkout's address form, the address book's and the API's addresses (checkout
and address book, through ``checkouts.clean_address``) now refuse them on the field, and keep
nothing."""
import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from buying import address_form, in_english
from graphql_client import data, token_for
from marketplace.graphql.core.ids import global_id
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db
UserAddress = get_model("address", "UserAddress")
ERRORS = "errors { field code message }"
ESCAPE = "Remove the invisible control character U+001B from this text."
OVERRIDE = "Remove the invisible control character U+202E from this text."
INVISIBLE = "Enter visible text, not only spaces or invisible characters."
PLACE = {"firstName": "Somsri", "lastName": "Jaidee", "streetAddress1": "12 Nimmanhaemin Road", "city": "Chiang Mai",
         "countryArea": "Chiang Mai", "postalCode": "50200", "country": "TH", "phone": "+66812345678"}
# (form field, API field, value, message)
CASES = [("first_name", "firstName", "Som\x1b[31msri", ESCAPE),
         ("line1", "streetAddress1", "12 \u202edaoR nimmanhaemiN", OVERRIDE),
         ("line4", "city", "\u200b", INVISIBLE),
         ("line2", "streetAddress2", "Soi 1\tHouse 2", "Remove the invisible control character U+0009 from this text.")]


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _to_address_step(client):
    product = certified_product()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "shopper@example.com", "options": "anonymous"})


@pytest.mark.parametrize("field, _api_field, value, message", CASES)
def test_the_checkouts_address_form_refuses_it_on_the_field(client, field, _api_field, value, message):
    # given a guest at the delivery address step
    _to_address_step(client)

    # when
    answer = client.post(reverse("checkout:shipping-address"), {**address_form("TH"), field: value})

    # then the form is shown again with the reason on that field, and no address is kept
    assert answer.status_code == 200
    assert answer.context["form"].errors == {field: [message]}
    assert not client.session.get("checkout_data", {}).get("shipping")


def test_the_checkouts_address_form_still_takes_thai_text_with_a_zero_width_space(client):
    # given
    _to_address_step(client)

    # when a street line carries a zero-width space between Thai words (as Thai text often does)
    answer = client.post(reverse("checkout:shipping-address"),
                         {**address_form("TH"), "line1": "12 ถนน\u200bนิมมานเหมินท์", "notes": "โทรก่อน\nประตูหลัง"})

    # then
    assert answer.status_code == 302
    assert client.session["checkout_data"]["shipping"]["new_address_fields"]["line1"] == "12 ถนน\u200bนิมมานเหมินท์"


def test_delivery_notes_are_held_to_a_thousand_characters(client):
    # given a guest at the delivery address step
    _to_address_step(client)

    # when the notes for the courier run to 100,000 characters
    answer = client.post(reverse("checkout:shipping-address"), {**address_form("TH"), "notes": "ก" * 100_000})

    # then they are refused on their field, and no address is kept; a thousand characters are taken
    assert answer.status_code == 200
    assert list(answer.context["form"].errors) == ["notes"]
    assert "at most 1000 characters" in answer.context["form"].errors["notes"][0]
    assert not client.session.get("checkout_data", {}).get("shipping")
    answer = client.post(reverse("checkout:shipping-address"), {**address_form("TH"), "notes": "ก" * 1000})
    assert answer.status_code == 302


def test_the_address_books_form_refuses_it_on_the_field(client):
    # given
    user = UserFactory(email="book@example.com")
    client.force_login(user)

    # when
    answer = client.post(reverse("otop-address-add"), {**address_form("TH"), "first_name": "Som\x1b[31msri"})

    # then
    assert answer.status_code == 200
    assert answer.context["form"].errors == {"first_name": [ESCAPE]}
    assert not UserAddress.objects.exists()


@pytest.mark.parametrize("_field, api_field, value, message", CASES)
def test_the_apis_checkout_address_is_refused_with_a_typed_error_on_the_field(_field, api_field, value, message):
    # given
    product = certified_product()
    created = data(f"""mutation($lines: [CheckoutLineInput!]!) {{ checkoutCreate(input: {{channel: "th-thb",
        lines: $lines, email: "shopper@example.com"}}) {{ {ERRORS} checkout {{ id }} }} }}""",
                   {"lines": [{"variantId": global_id("ProductVariant", product.pk), "quantity": 1}]})
    checkout_id = created["checkoutCreate"]["checkout"]["id"]

    # when
    answer = data(f"""mutation($id: ID!, $address: AddressInput!) {{ checkoutShippingAddressUpdate(id: $id,
        shippingAddress: $address) {{ {ERRORS} checkout {{ shippingAddress {{ city }} }} }} }}""",
                  {"id": checkout_id, "address": {**PLACE, api_field: value}})["checkoutShippingAddressUpdate"]

    # then
    assert answer == {"errors": [{"field": api_field, "code": "INVALID", "message": message}], "checkout": None}


def test_the_apis_address_book_refuses_it_and_keeps_nothing():
    # given
    user = UserFactory(email="book@example.com")

    # when
    answer = data(f"""mutation($input: AddressInput!) {{ accountAddressCreate(input: $input) {{ {ERRORS}
        address {{ id }} }} }}""", {"input": {**PLACE, "lastName": "Jai\u202edee"}},
                  token=token_for(user))["accountAddressCreate"]

    # then
    assert answer["errors"] == [{"field": "lastName", "code": "INVALID", "message": OVERRIDE}]
    assert not UserAddress.objects.exists()
