"""The checkout mutations answer the inputs a storefront gets wrong with Saleor's field and code
(saleor/graphql/checkout/mutations and their tests), as typed errors of the payload, never a
request-level error or a 500."""
from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from graphql_client import data, token_for
from marketplace.channels.availability import forget_channels, set_channels
from marketplace.channels.models import INTERNATIONAL_CHANNEL_SLUG, Channel
from marketplace.graphql.core.ids import global_id
from marketplace.orders.models import Checkout
from marketplace.testing.factories import UserFactory, certified_product
from test_checkout_graphql import _buy, _checkout, _english, _variant  # noqa: F401 (_english: the file's fixture, in English)

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
Voucher = get_model("voucher", "Voucher")


ERRORS = "errors { field code variants lines }"
CREATE = f"""mutation($input: CheckoutCreateInput!) {{
  checkoutCreate(input: $input) {{ checkout {{ id }} {ERRORS} }} }}"""
ADD = f"""mutation($id: ID, $lines: [CheckoutLineInput!]!) {{
  checkoutLinesAdd(id: $id, lines: $lines) {{ checkout {{ lines {{ quantity }} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($id: ID, $lines: [CheckoutLineUpdateInput!]!) {{
  checkoutLinesUpdate(id: $id, lines: $lines) {{ checkout {{ lines {{ quantity }} }} {ERRORS} }} }}"""
DELETE = f"""mutation($id: ID, $ids: [ID!]!) {{
  checkoutLinesDelete(id: $id, linesIds: $ids) {{ checkout {{ id }} {ERRORS} }} }}"""
EMAIL = f"""mutation($id: ID, $email: String!) {{
  checkoutEmailUpdate(id: $id, email: $email) {{ checkout {{ email }} {ERRORS} }} }}"""
COMPLETE = f"""mutation($id: ID) {{ checkoutComplete(id: $id) {{ order {{ id }} {ERRORS} }} }}"""
ADD_CODE = f"""mutation($id: ID, $code: String!) {{
  checkoutAddPromoCode(id: $id, promoCode: $code) {{ checkout {{ voucherCode }} {ERRORS} }} }}"""
REMOVE_CODE = f"""mutation($id: ID, $code: String, $codeId: ID) {{
  checkoutRemovePromoCode(id: $id, promoCode: $code, promoCodeId: $codeId) {{ checkout {{ voucherCode }} {ERRORS} }} }}"""


def _error(field, code, variants=None, lines=None):
    return {"field": field, "code": code, "variants": variants, "lines": lines}


def _sold_in_dollars_only():
    product = certified_product()
    set_channels(product, [Channel.objects.get(slug=INTERNATIONAL_CHANNEL_SLUG)])
    return product


def _lines(checkout_id):
    found = data("query($id: ID!) { checkout(id: $id) { lines { quantity } } }", {"id": checkout_id})
    return [line["quantity"] for line in found["checkout"]["lines"]]


def test_a_product_another_channel_sells_is_unavailable_in_this_one(client):
    # given a checkout in baht and a product sold in dollars only
    checkout = _checkout(client, "th-thb", certified_product())
    dollars_only = _variant(_sold_in_dollars_only())
    line = {"variantId": dollars_only, "quantity": 1}

    # when the storefront creates a baht checkout with it, adds it, or sets its quantity by variant
    created = data(CREATE, {"input": {"channel": "th-thb", "lines": [line]}}, client=client)["checkoutCreate"]
    added = data(ADD, {"id": checkout["id"], "lines": [line]}, client=client)["checkoutLinesAdd"]
    updated = data(UPDATE, {"id": checkout["id"], "lines": [line]}, client=client)["checkoutLinesUpdate"]

    # then each is Saleor's UNAVAILABLE_VARIANT_IN_CHANNEL on lines, naming the variant (it was a
    # server error: Oscar found no baht price), and the checkout keeps its one line
    for refused in (created, added, updated):
        assert refused == {"checkout": None, "errors": [_error("lines", "UNAVAILABLE_VARIANT_IN_CHANNEL", [dollars_only])]}
    assert _lines(checkout["id"]) == [1]


def test_an_unlisted_product_is_not_published_on_lines_naming_it(client):
    # given a checkout and a product shoppers cannot see
    checkout = _checkout(client, "th-thb", certified_product())
    hidden = _variant(certified_product(is_public=False))

    # when the storefront adds it
    added = data(ADD, {"id": checkout["id"], "lines": [{"variantId": hidden, "quantity": 1}]},
                 client=client)["checkoutLinesAdd"]

    # then, as Saleor answers an unpublished variant, the error is on lines and names it (it was on variantId)
    assert added == {"checkout": None, "errors": [_error("lines", "PRODUCT_NOT_PUBLISHED", [hidden])]}


@pytest.mark.parametrize("slug, code", [("no-such-channel", "NOT_FOUND"), ("closed", "CHANNEL_INACTIVE"),
                                        (None, "MISSING_CHANNEL_SLUG")])
def test_checkout_create_says_what_is_wrong_with_the_channel(client, slug, code):
    # given a switched-off channel beside the two active ones
    Channel.objects.create(slug="closed", name_th="ปิด", name_en="Closed", currency_code="THB", default_country="TH",
                           is_active=False)
    forget_channels()

    # when the storefront creates a checkout in an unknown, the inactive or no channel
    created = data(CREATE, {"input": {"channel": slug, "lines": []}}, client=client)["checkoutCreate"]

    # then it gets Saleor's code for each (all three were INVALID)
    assert created == {"checkout": None, "errors": [_error("channel", code)]}


@pytest.mark.parametrize("checkout_id, field", [("1234", "id"), (global_id("Product", 1), "id"), (None, None)])
def test_a_malformed_or_missing_checkout_id_is_a_graphql_error_of_the_payload(client, checkout_id, field):
    # when the storefront sends a checkout id that is no Checkout's, or none
    added = data(ADD, {"id": checkout_id, "lines": []}, client=client)["checkoutLinesAdd"]
    completed = data(COMPLETE, {"id": checkout_id}, client=client)["checkoutComplete"]

    # then the payload says GRAPHQL_ERROR, as Saleor's does (the whole request failed before)
    assert added == {"checkout": None, "errors": [_error(field, "GRAPHQL_ERROR")]}
    assert completed == {"order": None, "errors": [_error(field, "GRAPHQL_ERROR")]}


def test_lines_update_names_a_line_or_a_variant_never_both(client):
    # given a checkout with one line
    checkout = _checkout(client, "th-thb", certified_product())
    line = checkout["lines"][0]

    # when a line gives both its line id and its variant id, or neither
    both = data(UPDATE, {"id": checkout["id"], "lines": [{"lineId": line["id"], "variantId": line["variant"]["id"],
                                                           "quantity": 4}]}, client=client)["checkoutLinesUpdate"]
    neither = data(UPDATE, {"id": checkout["id"], "lines": [{"quantity": 4}]}, client=client)["checkoutLinesUpdate"]

    # then both are Saleor's GRAPHQL_ERROR (both was taken, neither was REQUIRED), and the line holds one
    assert both == neither == {"checkout": None, "errors": [_error(None, "GRAPHQL_ERROR")]}
    assert _lines(checkout["id"]) == [1]


def test_a_line_that_is_not_the_checkouts_is_refused_naming_it(client):
    # given two checkouts
    mine = _checkout(client, "th-thb", certified_product())
    theirs = _checkout(client, "th-thb", certified_product())
    their_line = theirs["lines"][0]["id"]

    # when the storefront deletes, or updates, the other checkout's line through this one
    deleted = data(DELETE, {"id": mine["id"], "ids": [their_line]}, client=client)["checkoutLinesDelete"]
    updated = data(UPDATE, {"id": mine["id"], "lines": [{"lineId": their_line, "quantity": 2}]},
                   client=client)["checkoutLinesUpdate"]

    # then Saleor's codes: delete INVALID, update GRAPHQL_ERROR (an id that resolves to no line of
    # it), both on lineId and naming the line (both were NOT_FOUND); no line changed
    assert deleted == {"checkout": None, "errors": [_error("lineId", "INVALID", lines=[their_line])]}
    assert updated == {"checkout": None, "errors": [_error("lineId", "GRAPHQL_ERROR", lines=[their_line])]}
    assert _lines(mine["id"]) == [1] and _lines(theirs["id"]) == [1]


def test_a_blank_email_is_required(client):
    # given a checkout with an e-mail
    checkout = _checkout(client, "th-thb", certified_product())

    # when the storefront clears it
    cleared = data(EMAIL, {"id": checkout["id"], "email": ""}, client=client)["checkoutEmailUpdate"]

    # then Saleor's REQUIRED (it was INVALID), and the e-mail stays
    assert cleared == {"checkout": None, "errors": [_error("email", "REQUIRED")]}
    found = data("query($id: ID!) { checkout(id: $id) { email } }", {"id": checkout["id"]})
    assert found["checkout"]["email"] == "shopper@example.com"


def _voucher(code):
    """A running voucher ``code`` without an offer (Oscar's ``create_voucher`` names every offer alike,
    so it makes one voucher per test)."""
    now = timezone.now()
    return Voucher.objects.create(name=code, code=code, usage=Voucher.MULTI_USE, start_datetime=now - timedelta(days=1),
                                  end_datetime=now + timedelta(days=10))


def test_removing_a_promo_code_that_is_not_applied_says_so_and_keeps_the_applied_one(client):
    # given a checkout with OTOP10 applied, and another voucher that is not
    from oscar.test.factories import create_voucher

    create_voucher(code="OTOP10")
    _voucher("OTHER5")
    checkout = _checkout(client, "th-thb", certified_product(price="350.00"))
    assert data(ADD_CODE, {"id": checkout["id"], "code": "OTOP10"}, client=client)["checkoutAddPromoCode"]["errors"] == []

    # when the storefront removes a code nobody has, the voucher not applied, or gives no code at all
    unknown = data(REMOVE_CODE, {"id": checkout["id"], "code": "NOPE"}, client=client)["checkoutRemovePromoCode"]
    other = data(REMOVE_CODE, {"id": checkout["id"], "code": "OTHER5"}, client=client)["checkoutRemovePromoCode"]
    nothing = data(REMOVE_CODE, {"id": checkout["id"]}, client=client)["checkoutRemovePromoCode"]
    malformed = data(REMOVE_CODE, {"id": checkout["id"], "codeId": "Abc"}, client=client)["checkoutRemovePromoCode"]
    not_a_voucher = data(REMOVE_CODE, {"id": checkout["id"], "codeId": global_id("Product", 1)},
                         client=client)["checkoutRemovePromoCode"]

    # then Saleor's answers (each used to succeed, and no code at all removed OTOP10), and OTOP10 stays;
    # a code nobody has is answered as one not applied (Saleor's NOT_FOUND would tell which codes exist)
    assert unknown == other == {"checkout": None, "errors": [_error("promoCode", "INVALID")]}
    assert nothing == {"checkout": None, "errors": [_error(None, "GRAPHQL_ERROR")]}
    assert malformed == {"checkout": None, "errors": [_error("promoCodeId", "GRAPHQL_ERROR")]}
    assert not_a_voucher == {"checkout": None, "errors": [_error("promoCodeId", "NOT_FOUND")]}
    found = data("query($id: ID!) { checkout(id: $id) { voucherCode } }", {"id": checkout["id"]})
    assert found["checkout"]["voucherCode"] == "OTOP10"

    # and the applied code still comes off by its code or by its voucher's id
    removed = data(REMOVE_CODE, {"id": checkout["id"], "code": "otop10"}, client=client)["checkoutRemovePromoCode"]
    assert removed == {"checkout": {"voucherCode": None}, "errors": []}
    data(ADD_CODE, {"id": checkout["id"], "code": "OTOP10"}, client=client)
    by_id = data(REMOVE_CODE, {"id": checkout["id"], "codeId": global_id("Voucher", Voucher.objects.get(code="OTOP10").pk)},
                 client=client)["checkoutRemovePromoCode"]
    assert by_id == {"checkout": {"voucherCode": None}, "errors": []}


def test_completing_a_checkout_again_answers_the_order_it_placed_and_places_nothing_more(client, stripe_keys):
    # given a guest's checkout paid and completed through the storefront's steps

    seen = _buy(client, "th-thb", "TH", certified_product(price="350.00"))
    first = seen["completed"]
    assert first["errors"] == [] and first["order"]["id"]

    # when the storefront completes it again (its first answer lost on the way), and then a shopper
    # signed in as someone else, who may use a guest's checkout they hold, does the same
    again = data(COMPLETE, {"id": seen["checkout"]["id"]}, client=client)["checkoutComplete"]
    other = data(COMPLETE, {"id": seen["checkout"]["id"]}, token=token_for(UserFactory()))["checkoutComplete"]

    # then each is answered with the order it placed, as Saleor answers (it was NOT_FOUND, so the
    # storefront showed an error for a paid order), and there is still one order
    placed = {"order": {"id": first["order"]["id"]}, "errors": []}
    assert again == placed and other == placed
    assert Order.objects.count() == 1


def test_a_completed_checkout_of_a_shopper_is_not_found_for_anyone_else(client, stripe_keys):
    # given a checkout a signed-in shopper paid and completed

    seen = _buy(client, "th-thb", "TH", certified_product(price="350.00"))
    owner = UserFactory()
    Checkout.objects.filter(order__isnull=False).update(user=owner)  # as if they had been signed in

    # when another shopper and an anonymous caller complete it, and its owner does
    stranger = data(COMPLETE, {"id": seen["checkout"]["id"]}, token=token_for(UserFactory()))["checkoutComplete"]
    anonymous = data(COMPLETE, {"id": seen["checkout"]["id"]})["checkoutComplete"]
    own = data(COMPLETE, {"id": seen["checkout"]["id"]}, token=token_for(owner))["checkoutComplete"]

    # then the order is not shown to the first two, as the checkout was not; its owner gets it
    assert stranger == anonymous == {"order": None, "errors": [_error("id", "NOT_FOUND")]}
    assert own == {"order": {"id": seen["completed"]["order"]["id"]}, "errors": []}


BILL_TO = {"firstName": "Malee", "lastName": "Srisuk", "companyName": "Srisuk Trading Co., Ltd.",
           "streetAddress1": "99 Sukhumvit Road", "city": "Khlong Toei", "countryArea": "Bangkok", "postalCode": "10110",
           "country": "TH", "phone": "+6622345678"}
ORDER_ADDRESSES = """query($id: ID!) { order(id: $id) { billingAddress { firstName streetAddress1 postalCode countryArea }
  shippingAddress { streetAddress1 } } }"""


def test_a_paid_checkout_without_a_billing_address_is_refused_and_the_one_given_is_kept_on_the_order(client, stripe_keys):
    # given a guest's checkout with its delivery address and method, paid by card, but no billing address
    # (the API dropped the billing address it had taken, and placed orders without one)
    import stripe

    from stripe_fixtures import as_browser_pay
    from test_checkout_graphql import ADDRESS, BILLING, DELIVERY, INITIALIZE, OPTIONS, PLACES, PROCESS

    checkout = _checkout(client, "th-thb", certified_product(price="350.00"))
    data(ADDRESS, {"id": checkout["id"], "address": PLACES["TH"]}, client=client)
    method = data(OPTIONS, {"id": checkout["id"]}, client=client)["deliveryOptionsCalculate"]["deliveries"][0]
    data(DELIVERY, {"id": checkout["id"], "method": method["shippingMethod"]["id"]}, client=client)
    started = data(INITIALIZE, {"id": checkout["id"]}, client=client)["transactionInitialize"]
    intent_id = started["data"]["paymentIntent"]["stripeClientSecret"].split("_secret_")[0]
    as_browser_pay(intent_id)
    data(PROCESS, {"id": started["transaction"]["id"]}, client=client)

    # when the storefront completes it
    refused = data(COMPLETE, {"id": checkout["id"]}, client=client)["checkoutComplete"]

    # then Saleor's answer, no order, and the card authorised but not charged
    assert refused == {"order": None, "errors": [_error("billingAddress", "BILLING_ADDRESS_NOT_SET")]}
    assert Order.objects.count() == 0
    assert stripe.PaymentIntent.retrieve(intent_id, api_key="sk_test_otop").status == "requires_capture"

    # when it gives the billing address (a company's, not the delivery address) and completes again
    billed = data(BILLING, {"id": checkout["id"], "address": BILL_TO}, client=client)["checkoutBillingAddressUpdate"]
    placed = data(COMPLETE, {"id": checkout["id"]}, client=client)["checkoutComplete"]

    # then the order is placed and bills that company, delivering to the shipping address
    assert billed["errors"] == [] and placed["errors"] == []
    addresses = data(ORDER_ADDRESSES, {"id": placed["order"]["id"]}, client=client)["order"]
    assert addresses["billingAddress"] == {"firstName": "Malee", "streetAddress1": "99 Sukhumvit Road",
                                           "postalCode": "10110", "countryArea": "กรุงเทพมหานคร"}
    assert addresses["shippingAddress"] == {"streetAddress1": PLACES["TH"]["streetAddress1"]}
    assert Order.objects.get().billing_address.postcode == "10110"
