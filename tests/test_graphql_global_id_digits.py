"""A number in a global id is the ASCII digits 0-9 alone (``graphql.core.ids``): Python's ``int``
and ``str.isdigit`` also read Thai ("๓") and Arabic-Indic ("٣") digits, so "Product:๓" found
product 3. Such an id is refused as any malformed id is, wherever ids are read."""
import base64
import uuid

import pytest

from buying import in_english
from graphql_client import data, post, token_for
from marketplace.graphql.core.ids import global_id
from marketplace.orders.models import Checkout
from marketplace.testing.factories import UserFactory, certified_product
from quoting import quoted_silk_and_crackers

pytestmark = pytest.mark.django_db
ERRORS = "errors { field code message }"
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DIGITS = pytest.mark.parametrize("digits", [THAI, ARABIC_INDIC], ids=["thai", "arabic-indic"])

PRODUCT = 'query($id: ID!) { product(id: $id, channel: "th-thb") { id } }'
CREATE = f"""mutation($lines: [CheckoutLineInput!]!) {{
  checkoutCreate(input: {{channel: "th-thb", lines: $lines, email: "shopper@example.com"}}) {{
    {ERRORS} checkout {{ id lines {{ id quantity }} }} }} }}"""
DELETE = f"""mutation($id: ID!, $lines: [ID!]!) {{
  checkoutLinesDelete(id: $id, linesIds: $lines) {{ {ERRORS} checkout {{ lines {{ id }} }} }} }}"""
UPDATE = f"""mutation($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {{
  checkoutLinesUpdate(id: $id, lines: $lines) {{ {ERRORS} checkout {{ lines {{ quantity }} }} }} }}"""
ADD = f"""mutation($id: ID!, $lines: [CheckoutLineInput!]!) {{
  checkoutLinesAdd(id: $id, lines: $lines) {{ {ERRORS} checkout {{ lines {{ quantity }} }} }} }}"""
CHECKOUT = "query($id: ID!) { checkout(id: $id) { id } }"
ACCEPT = f"mutation($id: ID!) {{ quoteAccept(id: $id) {{ quote {{ id }} {ERRORS} }} }}"
ADDRESS_DELETE = f"mutation($id: ID!) {{ accountAddressDelete(id: $id) {{ {ERRORS} address {{ id }} }} }}"


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _spelt(type_name, pk, digits):
    """The global id of ``type_name`` ``pk`` with its number written in other digits."""
    return base64.b64encode(f"{type_name}:{str(pk).translate(digits)}".encode()).decode()


@DIGITS
def test_a_product_id_in_other_digits_is_an_invalid_id(digits):
    # given a product
    product = certified_product()
    spelt = _spelt("Product", product.pk, digits)

    # when it is asked for by its id with its number in other digits, and in ASCII digits
    status, body = post(PRODUCT, {"id": spelt})
    found = data(PRODUCT, {"id": global_id("Product", product.pk)})

    # then the first is refused as a malformed id is, the second found
    assert status == 200
    assert body["data"] == {"product": None}
    assert [error["message"] for error in body["errors"]] == [
        f"Invalid ID {spelt!r} in id: Product ids hold a number."]
    assert found == {"product": {"id": global_id("Product", product.pk)}}


@DIGITS
def test_a_product_filter_id_in_other_digits_is_an_invalid_id(digits):
    # given a product
    product = certified_product()
    spelt = _spelt("Product", product.pk, digits)

    # when the product list is narrowed to that id
    status, body = post('query($ids: [ID!]) { products(first: 5, channel: "th-thb", where: {ids: $ids}) '
                        '{ edges { node { id } } } }', {"ids": [spelt]})

    # then the id is refused
    assert status == 200 and body.get("data", {}).get("products") is None
    assert "Product ids hold a number" in body["errors"][0]["message"]


def _checkout_with_silk():
    product = certified_product(num_in_stock=50)
    created = data(CREATE, {"lines": [{"variantId": global_id("ProductVariant", product.pk), "quantity": 2}]})
    assert created["checkoutCreate"]["errors"] == []
    return product, created["checkoutCreate"]["checkout"]


@DIGITS
def test_a_checkout_line_id_in_other_digits_is_an_invalid_line_id(digits):
    # given a checkout with a line of two silks
    product, checkout = _checkout_with_silk()
    line_pk = base64.b64decode(checkout["lines"][0]["id"]).decode().split(":")[1]
    spelt = _spelt("CheckoutLine", line_pk, digits)

    # when the line is deleted, and set to 5, by its id in other digits
    deleted = data(DELETE, {"id": checkout["id"], "lines": [spelt]})["checkoutLinesDelete"]
    updated = data(UPDATE, {"id": checkout["id"], "lines": [{"lineId": spelt, "quantity": 5}]})["checkoutLinesUpdate"]

    # then both are typed INVALID errors on lineId, and the line still holds two
    message = f"Invalid ID {spelt!r} in lineId: CheckoutLine ids hold a number."
    assert deleted == {"checkout": None, "errors": [{"field": "lineId", "code": "INVALID", "message": message}]}
    assert updated == {"checkout": None, "errors": [{"field": "lineId", "code": "INVALID", "message": message}]}
    assert [line.quantity for line in Checkout.objects.get().basket.all_lines()] == [2]


@DIGITS
def test_a_variant_id_in_other_digits_is_an_invalid_variant_id(digits):
    # given a checkout with a line of two silks
    product, checkout = _checkout_with_silk()
    spelt = _spelt("ProductVariant", product.pk, digits)

    # when more of the silk is added by its id in other digits
    added = data(ADD, {"id": checkout["id"], "lines": [{"variantId": spelt, "quantity": 1}]})["checkoutLinesAdd"]

    # then a typed INVALID error on variantId, and the line still holds two
    assert added == {"checkout": None, "errors": [{"field": "variantId", "code": "INVALID", "message":
                                                   f"Invalid ID {spelt!r} in variantId: ProductVariant ids hold a number."}]}
    assert [line.quantity for line in Checkout.objects.get().basket.all_lines()] == [2]


@DIGITS
def test_a_checkout_token_in_other_digits_finds_no_checkout(digits):
    # given a checkout (its id holds a UUID, whose digits uuid.UUID would also read in other scripts)
    _product, checkout = _checkout_with_silk()
    token = str(Checkout.objects.get().token)
    spelt = base64.b64encode(f"Checkout:{token.translate(digits)}".encode()).decode()
    assert uuid.UUID(token.translate(digits)) == uuid.UUID(token)  # what made it a probe

    # when it is asked for by that id, and by its own
    other = data(CHECKOUT, {"id": spelt})["checkout"]
    own = data(CHECKOUT, {"id": checkout["id"]})["checkout"]

    # then the spelt id finds nothing
    assert other is None
    assert own == {"id": checkout["id"]}


@DIGITS
def test_a_quote_id_in_other_digits_is_an_invalid_id(digits):
    # given a quote
    quote, buyer, _producer_user = quoted_silk_and_crackers()
    spelt = _spelt("Quote", quote.pk, digits)

    # when the buyer accepts it by its id in other digits
    answer = data(ACCEPT, {"id": spelt}, token=token_for(buyer))["quoteAccept"]

    # then refused as a malformed id, and the quote is not accepted
    assert answer["quote"] is None and [error["code"] for error in answer["errors"]] == ["INVALID"]
    quote.refresh_from_db()
    assert quote.state == "quoted"


@DIGITS
def test_an_address_id_in_other_digits_is_an_invalid_id(digits):
    # given a shopper with an address in the book
    from oscar.core.loading import get_model

    user = UserFactory()
    address = get_model("address", "UserAddress").objects.create(
        user=user, first_name="Somsri", last_name="Jaidee", line1="12 Nimmanhaemin Road", line4="Chiang Mai",
        postcode="50200", country_id="TH")
    spelt = _spelt("Address", address.pk, digits)

    # when the shopper deletes it by its id in other digits
    status, body = post(ADDRESS_DELETE, {"id": spelt}, token=token_for(user))

    # then refused as a malformed id, and the address is still there
    assert status == 200 and body["data"]["accountAddressDelete"] is None
    assert body["errors"][0]["message"] == f"Invalid ID {spelt!r} in id: expected the id of an Address."
    assert get_model("address", "UserAddress").objects.filter(pk=address.pk).exists()
