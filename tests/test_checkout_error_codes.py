"""The checkout API's error codes are the domain's ``CheckoutErrorCode``: a refusal keeps its own
code (no silent ``INVALID``), and a code the enum lacks fails loudly."""
import pytest

from graphql_client import data
from marketplace.graphql.checkout.common import CheckoutError
from marketplace.orders.errors import CheckoutError as Refusal, CheckoutErrorCode
from marketplace.testing.factories import certified_product
from test_checkout_graphql import _checkout

pytestmark = pytest.mark.django_db


def test_the_api_enum_mirrors_the_domain_enum():
    # then every domain code is a GraphQL value of the same name, and only those
    assert set(CheckoutError.code_type._meta.enum.__members__) == set(CheckoutErrorCode.__members__)


def test_a_code_outside_the_enum_is_refused_where_it_is_raised():
    with pytest.raises(ValueError):
        Refusal("PROMO_CODE_INVALD", "a typo")


def test_a_refusal_keeps_its_own_code_in_the_api(client):
    # given a guest's checkout
    checkout = _checkout(client, "th-thb", certified_product())

    # when an anonymous caller asks to attach it to "their" account
    attached = data("""mutation($id: ID) { checkoutCustomerAttach(id: $id) { checkout { id }
                       errors { field code } } }""", {"id": checkout["id"]}, client=client)["checkoutCustomerAttach"]

    # then the API says why, with the domain's code (it used to read INVALID)
    assert attached == {"checkout": None, "errors": [{"field": "customerId", "code": "PERMISSION_DENIED"}]}


def test_payment_mutations_answer_in_their_own_codes(client):
    # when the storefront starts a payment for, and asks the delivery options of, a checkout that does not exist
    unknown = "Q2hlY2tvdXQ6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw"  # Checkout:00000000-…
    started = data("""mutation($id: ID!) {
      transactionInitialize(id: $id, paymentGateway: {id: "saleor.app.payment.stripe"}) { errors { field code } } }""",
                   {"id": unknown}, client=client)["transactionInitialize"]
    options = data("""mutation($id: ID!) {
      deliveryOptionsCalculate(id: $id) { deliveries { id } errors { field code } } }""",
                   {"id": unknown}, client=client)["deliveryOptionsCalculate"]

    # then each answers in Saleor's code of its own error type (TransactionInitializeErrorCode here)
    assert started["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    assert options == {"deliveries": [], "errors": [{"field": "id", "code": "NOT_FOUND"}]}


def test_transaction_process_without_an_id_is_an_error_on_that_field(client):
    # when a client calls transactionProcess with neither id nor token (both optional in Saleor 3.23)
    processed = data("mutation { transactionProcess(data: {}) { transaction { id } errors { field code } } }",
                     client=client)["transactionProcess"]

    # then it gets a typed error, not a request-level failure
    assert processed == {"transaction": None, "errors": [{"field": "id", "code": "INVALID"}]}


ADD = """mutation($id: ID!, $lines: [CheckoutLineInput!]!) { checkoutLinesAdd(id: $id, lines: $lines) {
  checkout { lines { quantity } } errors { field code message } } }"""
UPDATE = """mutation($id: ID!, $lines: [CheckoutLineUpdateInput!]!) { checkoutLinesUpdate(id: $id, lines: $lines) {
  checkout { lines { quantity } } errors { field code message } } }"""
CREATE = """mutation($lines: [CheckoutLineInput!]!) { checkoutCreate(input: {channel: "th-thb", lines: $lines}) {
  checkout { lines { quantity } } errors { field code message } } }"""


@pytest.mark.parametrize("quantity", [0, -1])
def test_adding_a_line_of_no_items_is_zero_quantity_as_in_saleor(client, quantity):
    # given a product and a checkout holding one of it
    product = certified_product()
    checkout = _checkout(client, "th-thb", product)
    variant = checkout["lines"][0]["variant"]["id"]
    line = {"variantId": variant, "quantity": quantity}

    # when the storefront creates a checkout, or adds a line, of 0 or fewer items
    created = data(CREATE, {"lines": [line]}, client=client)["checkoutCreate"]
    added = data(ADD, {"id": checkout["id"], "lines": [line]}, client=client)["checkoutLinesAdd"]

    # then each is refused with Saleor's code and words (creating made an empty checkout before), and
    # the checkout keeps its line
    for refused in (created, added):
        assert refused["checkout"] is None
        assert refused["errors"] == [{"field": "quantity", "code": "ZERO_QUANTITY",
                                      "message": "The quantity should be higher than zero."}]
    kept = data(ADD, {"id": checkout["id"], "lines": []}, client=client)["checkoutLinesAdd"]["checkout"]
    assert kept["lines"] == [{"quantity": 1}]


def test_updating_a_line_to_zero_removes_it_and_below_zero_is_zero_quantity(client):
    checkout = _checkout(client, "th-thb", certified_product())
    line = {"lineId": checkout["lines"][0]["id"]}

    below = data(UPDATE, {"id": checkout["id"], "lines": [{**line, "quantity": -1}]}, client=client)["checkoutLinesUpdate"]
    assert below["errors"] == [{"field": "quantity", "code": "ZERO_QUANTITY",
                                "message": "The quantity should be higher or equal zero."}]
    removed = data(UPDATE, {"id": checkout["id"], "lines": [{**line, "quantity": 0}]}, client=client)["checkoutLinesUpdate"]
    assert removed == {"checkout": {"lines": []}, "errors": []}
