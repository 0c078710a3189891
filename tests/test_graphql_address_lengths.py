"""Every address the API takes — a checkout's shipping and billing address (checkoutCreate and the
two update mutations), the address book and the account's default addresses — is held to the
columns of Oscar's address models (``orders.address_lengths``): a value one character too long is
a typed INVALID error on that field, never a database error when the order is placed."""
import pytest
from oscar.core.loading import get_model

from buying import in_english
from graphql_client import data, post, token_for
from marketplace.graphql.core.ids import global_id
from marketplace.orders.models import Checkout
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db
ShippingAddress = get_model("order", "ShippingAddress")
BillingAddress = get_model("order", "BillingAddress")
UserAddress = get_model("address", "UserAddress")
Order = get_model("order", "Order")

ERRORS = "errors { field code message }"
PLACE = {"firstName": "Somsri", "lastName": "Jaidee", "streetAddress1": "12 Nimmanhaemin Road", "city": "Chiang Mai",
         "countryArea": "Chiang Mai", "postalCode": "50200", "country": "TH", "phone": "+66812345678"}
# The API's field, the Oscar address field that keeps it (the company name, kept by no Oscar column,
# is held to an address line's length).
COLUMNS = {"firstName": "first_name", "lastName": "last_name", "companyName": "line1", "streetAddress1": "line1",
           "streetAddress2": "line2", "cityArea": "line3", "city": "line4", "countryArea": "state",
           "postalCode": "postcode", "phone": "phone_number"}

CREATE = f"""mutation($lines: [CheckoutLineInput!]!, $shipping: AddressInput, $billing: AddressInput) {{
  checkoutCreate(input: {{channel: "th-thb", lines: $lines, email: "shopper@example.com",
                          shippingAddress: $shipping, billingAddress: $billing}}) {{ {ERRORS} checkout {{ id }} }} }}"""
SHIP = f"""mutation($id: ID!, $address: AddressInput!) {{
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {{ {ERRORS} checkout {{ shippingAddress {{ city }} }} }} }}"""
BILL = f"""mutation($id: ID!, $address: AddressInput!) {{
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) {{ {ERRORS} checkout {{ billingAddress {{ city }} }} }} }}"""
OPTIONS = "mutation($id: ID!) { deliveryOptionsCalculate(id: $id) { deliveries { shippingMethod { id } } } }"
COMPLETE = f"mutation($id: ID!) {{ checkoutComplete(id: $id) {{ {ERRORS} order {{ id }} }} }}"
BOOK_CREATE = f"""mutation($input: AddressInput!) {{
  accountAddressCreate(input: $input) {{ {ERRORS} address {{ id }} }} }}"""
BOOK_UPDATE = f"""mutation($id: ID!, $input: AddressInput!) {{
  accountAddressUpdate(id: $id, input: $input) {{ {ERRORS} address {{ id }} }} }}"""
ACCOUNT = f"""mutation($input: AccountInput!) {{ accountUpdate(input: $input) {{ {ERRORS} }} }}"""


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _limit(field):
    """The narrowest Oscar column that keeps ``field`` (read from the models, as the rule must)."""
    lengths = []
    for model in (ShippingAddress, BillingAddress, UserAddress):
        try:
            lengths.append(model._meta.get_field(COLUMNS[field]).max_length)
        except Exception:  # BillingAddress keeps no phone
            continue
    return min(lengths)


def _too_long(field):
    return {**PLACE, field: "1" * (_limit(field) + 1)}


def _error(field):
    return {"field": field, "code": "INVALID", "message": f"{field} holds at most {_limit(field)} characters."}


def _checkout():
    product = certified_product()
    created = data(CREATE, {"lines": [{"variantId": global_id("ProductVariant", product.pk), "quantity": 1}]})
    assert created["checkoutCreate"]["errors"] == []
    return created["checkoutCreate"]["checkout"]["id"]


def _stored(checkout_id):
    return Checkout.objects.get().shipping_address, Checkout.objects.get().billing_address


def test_the_limits_are_oscar_s_columns():
    # given Oscar's address models as they are
    # when the limits are read
    # then names and address lines hold 255 characters, a postcode 64, a phone number 128 (as Oscar 4.2 has them)
    assert [_limit(field) for field in ("firstName", "streetAddress1", "city", "postalCode", "phone")] == [
        255, 255, 255, 64, 128]


@pytest.mark.parametrize("field", list(COLUMNS))
def test_an_overlong_field_of_the_shipping_address_is_a_typed_error_on_that_field(field):
    # given a checkout
    checkout_id = _checkout()

    # when its shipping address has one character too many in ``field``
    status, body = post(SHIP, {"id": checkout_id, "address": _too_long(field)})

    # then a 200 with the typed error, and no address stored
    assert status == 200, body
    assert body["data"]["checkoutShippingAddressUpdate"] == {"errors": [_error(field)], "checkout": None}
    assert _stored(checkout_id) == (None, None)


def test_a_value_exactly_as_long_as_the_column_is_taken():
    # given a checkout
    checkout_id = _checkout()

    # when a street line has exactly as many characters as the column holds
    address = {**PLACE, "streetAddress1": "ถ" * _limit("streetAddress1")}
    answer = data(SHIP, {"id": checkout_id, "address": address})["checkoutShippingAddressUpdate"]

    # then it is taken
    assert answer["errors"] == []
    assert len(Checkout.objects.get().shipping_address["street_address_1"]) == 255


@pytest.mark.parametrize("field", ["firstName", "streetAddress2", "postalCode", "companyName"])
def test_an_overlong_field_of_the_billing_address_is_a_typed_error_on_that_field(field):
    # given a checkout
    checkout_id = _checkout()

    # when its billing address has one character too many in ``field``
    status, body = post(BILL, {"id": checkout_id, "address": _too_long(field)})

    # then the typed error, and no billing address stored
    assert status == 200, body
    assert body["data"]["checkoutBillingAddressUpdate"] == {"errors": [_error(field)], "checkout": None}
    assert _stored(checkout_id) == (None, None)


def test_an_overlong_country_code_is_refused_on_the_country():
    # given a checkout
    checkout_id = _checkout()

    # when the country is given as three letters
    answer = data(SHIP, {"id": checkout_id, "address": {**PLACE, "country": "THA"}})["checkoutShippingAddressUpdate"]

    # then refused on the country, saying it holds two
    assert answer["errors"] == [{"field": "country", "code": "INVALID", "message": "country holds at most 2 characters."}]


@pytest.mark.parametrize("kind", ["shipping", "billing"])
def test_checkout_create_with_an_overlong_address_writes_no_checkout(kind):
    # given a product
    product = certified_product()
    lines = [{"variantId": global_id("ProductVariant", product.pk), "quantity": 1}]

    # when a checkout is created with an overlong city in its address
    status, body = post(CREATE, {"lines": lines, kind: _too_long("city")})

    # then the typed error, and no checkout
    assert status == 200, body
    assert body["data"]["checkoutCreate"] == {"errors": [_error("city")], "checkout": None}
    assert Checkout.objects.count() == 0


def test_checkout_complete_is_not_reached_with_an_overlong_address():
    # given a checkout whose shipping address was refused for an overlong street line
    checkout_id = _checkout()
    refused = data(SHIP, {"id": checkout_id, "address": _too_long("streetAddress1")})["checkoutShippingAddressUpdate"]

    # when the storefront goes on to complete it
    completed = data(COMPLETE, {"id": checkout_id})["checkoutComplete"]

    # then it has no shipping address to place an order to, and no order is written
    assert refused["errors"] == [_error("streetAddress1")]
    assert completed["order"] is None
    assert [error["code"] for error in completed["errors"]] == ["SHIPPING_ADDRESS_NOT_SET"]
    assert Order.objects.count() == 0


DELIVERY = f"""mutation($id: ID!, $method: ID!) {{
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {{ {ERRORS} }} }}"""
PAY = """mutation($id: ID!) {
  transactionInitialize(id: $id, action: CHARGE, paymentGateway: {id: "saleor.app.payment.stripe", data: {}}) {
    transaction { id } data errors { code } } }"""
PROCESS = "mutation($id: ID!) { transactionProcess(id: $id, data: {}) { errors { code } } }"


def test_a_paid_checkout_with_an_overlong_address_stored_before_the_check_is_refused_not_a_500(client, stripe_keys):
    # given a checkout with its address and delivery chosen, paid by card, whose stored postcode was then
    # made overlong (as an address taken before addresses were checked)
    from stripe_fixtures import as_browser_pay, stripe_reports

    checkout_id = _checkout()
    assert data(SHIP, {"id": checkout_id, "address": PLACE})["checkoutShippingAddressUpdate"]["errors"] == []
    method = data(OPTIONS, {"id": checkout_id})["deliveryOptionsCalculate"]["deliveries"][0]["shippingMethod"]["id"]
    assert data(DELIVERY, {"id": checkout_id, "method": method})["checkoutDeliveryMethodUpdate"]["errors"] == []
    started = data(PAY, {"id": checkout_id})["transactionInitialize"]
    intent_id = started["data"]["paymentIntent"]["stripeClientSecret"].split("_secret_")[0]
    as_browser_pay(intent_id)
    assert data(PROCESS, {"id": started["transaction"]["id"]})["transactionProcess"]["errors"] == []
    stripe_reports(client, intent_id)
    checkout = Checkout.objects.get()
    checkout.shipping_address = {**checkout.shipping_address, "postal_code": "1" * 65}
    checkout.save(update_fields=["shipping_address"])

    # when it is completed
    status, body = post(COMPLETE, {"id": checkout_id})

    # then a typed error on the shipping address, never a database error, and no order
    assert status == 200, body
    assert body["data"]["checkoutComplete"] == {"order": None, "errors": [
        {"field": "shippingAddress", "code": "INVALID", "message": "postalCode holds at most 64 characters."}]}
    assert Order.objects.count() == 0


@pytest.mark.parametrize("field", ["lastName", "cityArea", "countryArea", "phone"])
def test_the_address_book_refuses_an_overlong_field(field):
    # given a signed-in shopper with one address
    user = UserFactory()
    token = token_for(user)
    saved = data(BOOK_CREATE, {"input": PLACE}, token=token)["accountAddressCreate"]
    assert saved["errors"] == []

    # when an address is added, or the saved one changed, with ``field`` one character too long
    created = post(BOOK_CREATE, {"input": _too_long(field)}, token=token)
    updated = post(BOOK_UPDATE, {"id": saved["address"]["id"], "input": _too_long(field)}, token=token)
    account = post(ACCOUNT, {"input": {"defaultShippingAddress": _too_long(field)}}, token=token)

    # then each answers the typed error, and the book holds the one address as it was
    assert created == (200, {"data": {"accountAddressCreate": {"errors": [_error(field)], "address": None}}})
    assert updated == (200, {"data": {"accountAddressUpdate": {"errors": [_error(field)], "address": None}}})
    assert account == (200, {"data": {"accountUpdate": {"errors": [_error(field)]}}})
    assert list(UserAddress.objects.filter(user=user).values_list("line4", "postcode")) == [("Chiang Mai", "50200")]
