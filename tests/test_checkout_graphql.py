"""Saleor's checkout API end to end, as saleor/storefront's checkout drives it: create, address,
delivery options priced from packaging, Stripe through the transactions flow (localstripe),
checkoutComplete, order(id) — a THB order in Thailand and a USD order to Japan — and the
errors in Saleor's codes."""
import re

import pytest
from oscar.core.loading import get_model

from buying import in_english
from graphql_client import data
from marketplace.graphql.core.ids import global_id
from marketplace.orders.currency import convert_from_thb
from marketplace.shipping.models import ShippingRate
from marketplace.testing.factories import certified_product
from stripe_fixtures import as_browser_pay, charge_placed_orders, stripe_reports

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


ERRORS = "errors { field code message }"
CHECKOUT = """
  id email voucherCode
  channel { slug }
  lines { id quantity variant { id name } unitPrice { gross { amount currency } }
          totalPrice { gross { amount currency } } }
  shippingAddress { city postalCode country { code } }
  delivery { id shippingMethod { id name } }
  availablePaymentGateways { id name currencies }
  discount { amount currency }
  subtotalPrice { gross { amount currency } }
  shippingPrice { gross { amount currency } }
  totalPrice { gross { amount currency } }
  chargeStatus authorizeStatus
"""
CREATE = f"""mutation Create($channel: String!, $lines: [CheckoutLineInput!]!, $email: String) {{
  checkoutCreate(input: {{channel: $channel, lines: $lines, email: $email}}) {{ {ERRORS} checkout {{ {CHECKOUT} }} }}
}}"""
ADDRESS = f"""mutation Ship($id: ID!, $address: AddressInput!) {{
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {{ {ERRORS} checkout {{ {CHECKOUT} }} }}
}}"""
BILLING = f"""mutation Bill($id: ID!, $address: AddressInput!) {{
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) {{ {ERRORS} }}
}}"""
OPTIONS = """mutation Options($id: ID!) {
  deliveryOptionsCalculate(id: $id) { errors { code } deliveries { id shippingMethod {
    id name active price { amount currency } minimumDeliveryDays maximumDeliveryDays } } }
}"""
DELIVERY = f"""mutation Delivery($id: ID!, $method: ID!) {{
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {{ {ERRORS} checkout {{ {CHECKOUT} }} }}
}}"""
GATEWAYS = """mutation Gateways($id: ID!) {
  paymentGatewayInitialize(id: $id, paymentGateways: [{id: "saleor.app.payment.stripe"}]) {
    errors { code } gatewayConfigs { id data errors { code } } }
}"""
INITIALIZE = """mutation Pay($id: ID!) {
  transactionInitialize(id: $id, action: CHARGE, paymentGateway: {id: "saleor.app.payment.stripe", data: {}}) {
    transaction { id actions } transactionEvent { type message } data errors { field code message } }
}"""
PROCESS = """mutation Process($id: ID!) {
  transactionProcess(id: $id, data: {}) { transaction { id } transactionEvent { type } data errors { code } }
}"""
COMPLETE = f"""mutation Complete($id: ID!) {{
  checkoutComplete(id: $id) {{ {ERRORS} order {{ id number channel {{ slug }} }} }}
}}"""
ORDER = """query Order($id: ID!) {
  order(id: $id) { id number isPaid status chargeStatus userEmail channel { slug }
    total { gross { amount currency } } shippingPrice { gross { amount currency } }
    shippingAddress { city country { code } }
    lines { productName quantity unitPrice { gross { amount currency } } variant { id } } }
}"""

PLACES = {
    "TH": {"firstName": "Somsri", "lastName": "Jaidee", "streetAddress1": "12 Nimmanhaemin Road",
           "city": "Chiang Mai", "countryArea": "Chiang Mai", "postalCode": "50200", "country": "TH", "phone": "+66812345678"},
    "JP": {"firstName": "Haruka", "lastName": "Tanaka", "streetAddress1": "1-2-3 Namba", "city": "Osaka",
           "postalCode": "542-0076", "country": "JP", "phone": "+81612345678"},
}


def _variant(product):
    return global_id("ProductVariant", product.pk)


def _checkout(client, channel, product, quantity=1, email="shopper@example.com"):
    created = data(CREATE, {"channel": channel, "lines": [{"quantity": quantity, "variantId": _variant(product)}],
                            "email": email}, client=client)["checkoutCreate"]
    assert created["errors"] == []
    return created["checkout"]


def _buy(client, channel, country, product, quantity=1, shipping=None, billing=None):
    """The storefront's checkout steps, Stripe.js played by the test; returns what it saw. The
    addresses are ``PLACES[country]`` (billed "same as shipping") unless given."""
    checkout = _checkout(client, channel, product, quantity)
    return dict(checkout=checkout, **_finish(client, checkout["id"], shipping or PLACES[country], billing))


def _finish(client, checkout_id, shipping=None, billing=None):
    """A checkout's steps after its lines: its addresses (when given; billed "same as shipping"
    unless ``billing``), the first delivery option, the card through Stripe.js, checkoutComplete."""
    seen = {}
    if shipping:
        seen["shipped"] = data(ADDRESS, {"id": checkout_id, "address": shipping}, client=client)[
            "checkoutShippingAddressUpdate"]
        billed = data(BILLING, {"id": checkout_id, "address": billing or shipping}, client=client)
        assert billed["checkoutBillingAddressUpdate"]["errors"] == []
    seen["options"] = data(OPTIONS, {"id": checkout_id}, client=client)["deliveryOptionsCalculate"]["deliveries"]
    seen["chosen"] = data(DELIVERY, {"id": checkout_id, "method": seen["options"][0]["shippingMethod"]["id"]},
                          client=client)["checkoutDeliveryMethodUpdate"]
    seen["gateways"] = data(GATEWAYS, {"id": checkout_id}, client=client)["paymentGatewayInitialize"]
    seen["started"] = started = data(INITIALIZE, {"id": checkout_id}, client=client)["transactionInitialize"]
    secret = started["data"]["paymentIntent"]["stripeClientSecret"]
    seen["intent_id"] = re.match(r"^(pi_\w+?)_secret_", secret).group(1)
    as_browser_pay(seen["intent_id"])  # Stripe.js confirms the card with the client secret
    seen["processed"] = data(PROCESS, {"id": started["transaction"]["id"]}, client=client)["transactionProcess"]
    seen["completed"] = data(COMPLETE, {"id": checkout_id}, client=client)["checkoutComplete"]
    return seen


def test_a_thb_order_through_the_saleor_checkout_operations(client, stripe_keys):
    # given a silk at 350 baht in the domestic channel
    product = certified_product(price="350.00")

    # when a storefront goes through the checkout with it (two pieces, to Chiang Mai)
    seen = _buy(client, "th-thb", "TH", product, quantity=2)
    charge_placed_orders()  # the worker charges the card once the order is committed
    stripe_reports(client, seen["intent_id"])

    # then every step answered as Saleor's does, in baht, with the parcel priced from packaging
    parcel = float(ShippingRate.objects.get(zone__code="domestic", max_weight_g=2000).price_thb)
    assert seen["checkout"]["lines"][0]["totalPrice"]["gross"] == {"amount": 700.0, "currency": "THB"}
    assert seen["options"][0]["shippingMethod"]["price"] == {"amount": parcel, "currency": "THB"}
    assert seen["chosen"]["errors"] == []
    assert seen["chosen"]["checkout"]["totalPrice"]["gross"] == {"amount": 700.0 + parcel, "currency": "THB"}
    assert seen["gateways"]["gatewayConfigs"] == [{"id": "saleor.app.payment.stripe",
                                                   "data": {"stripePublishableKey": "pk_test_otop"}, "errors": []}]
    assert seen["started"]["errors"] == [] and seen["started"]["transactionEvent"]["type"] == "CHARGE_ACTION_REQUIRED"
    # the card is held when Stripe.js confirms it, and charged once the order is placed
    assert seen["processed"]["transactionEvent"]["type"] == "AUTHORIZATION_SUCCESS"
    assert seen["completed"]["errors"] == [] and seen["completed"]["order"]["channel"]["slug"] == "th-thb"

    # and the order is there for whoever holds its id, paid once Stripe's webhook said so
    order = data(ORDER, {"id": seen["completed"]["order"]["id"]})["order"]
    assert order["isPaid"] is True and order["chargeStatus"] == "FULL"
    assert order["total"]["gross"] == {"amount": 700.0 + parcel, "currency": "THB"}
    assert order["lines"][0]["quantity"] == 2 and order["shippingAddress"]["city"] == "Chiang Mai"
    assert Order.objects.get(number=order["number"]).guest_email == "shopper@example.com"


def test_a_usd_order_to_japan_through_the_saleor_checkout_operations(client, stripe_keys):
    product = certified_product(price="350.00")

    seen = _buy(client, "intl-usd", "JP", product)
    charge_placed_orders()
    stripe_reports(client, seen["intent_id"])

    east_asia = ShippingRate.objects.get(zone__code="east_asia", max_weight_g=1000).price_thb
    unit, parcel = convert_from_thb(350, "USD"), convert_from_thb(east_asia, "USD")
    assert seen["checkout"]["lines"][0]["unitPrice"]["gross"] == {"amount": float(unit), "currency": "USD"}
    assert seen["options"][0]["shippingMethod"]["price"] == {"amount": float(parcel), "currency": "USD"}
    order = data(ORDER, {"id": seen["completed"]["order"]["id"]})["order"]
    assert order["channel"]["slug"] == "intl-usd" and order["shippingAddress"]["country"]["code"] == "JP"
    assert order["total"]["gross"] == {"amount": float(unit + parcel), "currency": "USD"}
    assert order["isPaid"] is True


def test_more_than_in_stock_is_insufficient_stock(client):
    product = certified_product(num_in_stock=3)
    created = data(CREATE, {"channel": "th-thb", "lines": [{"quantity": 5, "variantId": _variant(product)}]},
                   client=client)["checkoutCreate"]
    assert created["checkout"] is None
    assert created["errors"][0]["code"] == "INSUFFICIENT_STOCK" and " 3 " in created["errors"][0]["message"]


def test_a_product_without_packaging_size_has_no_delivery_to_japan(client):
    product = certified_product(name_th="ผ้าไหมยกดอก", name_en="Brocade silk")
    product.packaging.width_cm = None
    product.packaging.save()
    checkout = _checkout(client, "intl-usd", product)
    data(ADDRESS, {"id": checkout["id"], "address": PLACES["JP"]}, client=client)

    options = data(OPTIONS, {"id": checkout["id"]}, client=client)["deliveryOptionsCalculate"]
    refused = data(DELIVERY, {"id": checkout["id"], "method": global_id("ShippingMethod", "otop-parcels")},
                   client=client, language="th")["checkoutDeliveryMethodUpdate"]

    assert options["deliveries"] == []
    assert refused["errors"][0]["code"] == "DELIVERY_METHOD_NOT_APPLICABLE"
    assert "ผ้าไหมยกดอก" in refused["errors"][0]["message"]  # in Thai, as the client asked


def test_completing_an_unpaid_checkout_is_refused_and_keeps_it(client, stripe_keys):
    product = certified_product()
    checkout = _checkout(client, "th-thb", product)
    data(ADDRESS, {"id": checkout["id"], "address": PLACES["TH"]}, client=client)
    data(BILLING, {"id": checkout["id"], "address": PLACES["TH"]}, client=client)
    data(DELIVERY, {"id": checkout["id"], "method": global_id("ShippingMethod", "otop-parcels")}, client=client)

    unpaid = data(COMPLETE, {"id": checkout["id"]}, client=client)["checkoutComplete"]
    data(INITIALIZE, {"id": checkout["id"]}, client=client)  # payment started, never confirmed
    still_unpaid = data(COMPLETE, {"id": checkout["id"]}, client=client)["checkoutComplete"]

    assert unpaid["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    assert still_unpaid["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    assert not Order.objects.exists()
    found = data("query($id: ID!) { checkout(id: $id) { id lines { quantity } } }", {"id": checkout["id"]})
    assert found["checkout"]["lines"] == [{"quantity": 1}]


def test_lines_update_and_delete_change_the_totals(client):
    silk, tea = certified_product(price="350.00"), certified_product(price="120.00")
    checkout = _checkout(client, "th-thb", silk)
    added = data(f"""mutation($id: ID!, $lines: [CheckoutLineInput!]!) {{
      checkoutLinesAdd(id: $id, lines: $lines) {{ {ERRORS} checkout {{ {CHECKOUT} }} }} }}""",
                 {"id": checkout["id"], "lines": [{"quantity": 1, "variantId": _variant(tea)}]},
                 client=client)["checkoutLinesAdd"]["checkout"]
    tea_line = next(line["id"] for line in added["lines"] if line["variant"]["id"] == _variant(tea))
    updated = data(f"""mutation($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {{
      checkoutLinesUpdate(id: $id, lines: $lines) {{ {ERRORS} checkout {{ {CHECKOUT} }} }} }}""",
                   {"id": checkout["id"], "lines": [{"lineId": tea_line, "quantity": 3}]},
                   client=client)["checkoutLinesUpdate"]["checkout"]
    deleted = data(f"""mutation($id: ID!, $lineIds: [ID!]!) {{
      checkoutLinesDelete(id: $id, linesIds: $lineIds) {{ {ERRORS} checkout {{ {CHECKOUT} }} }} }}""",
                   {"id": checkout["id"], "lineIds": [tea_line]}, client=client)["checkoutLinesDelete"]["checkout"]

    assert added["subtotalPrice"]["gross"]["amount"] == 470.0
    assert updated["subtotalPrice"]["gross"]["amount"] == 350.0 + 360.0
    assert deleted["subtotalPrice"]["gross"]["amount"] == 350.0 and len(deleted["lines"]) == 1


def test_a_promo_code_is_an_oscar_voucher(client):
    from oscar.test.factories import create_voucher

    create_voucher(code="OTOP10")
    product = certified_product(price="350.00")
    checkout = _checkout(client, "th-thb", product)
    promo = f"""mutation($id: ID, $code: String!) {{
      checkoutAddPromoCode(checkoutId: $id, promoCode: $code) {{ {ERRORS} checkout {{ {CHECKOUT} }} }} }}"""

    wrong = data(promo, {"id": checkout["id"], "code": "NOPE"}, client=client)["checkoutAddPromoCode"]
    applied = data(promo, {"id": checkout["id"], "code": "otop10"}, client=client)["checkoutAddPromoCode"]

    assert wrong["errors"][0]["code"] == "INVALID" and wrong["errors"][0]["field"] == "promoCode"
    assert applied["errors"] == [] and applied["checkout"]["voucherCode"] == "OTOP10"
    assert applied["checkout"]["discount"]["amount"] > 0
    assert applied["checkout"]["subtotalPrice"]["gross"]["amount"] == 350.0 - applied["checkout"]["discount"]["amount"]


def test_an_order_id_is_not_guessable_from_its_number(client, stripe_keys):
    seen = _buy(client, "th-thb", "TH", certified_product())
    number = seen["completed"]["order"]["number"]
    forged = global_id("Order", f"{number}.0000")
    assert data(ORDER, {"id": forged})["order"] is None
    assert data(ORDER, {"id": global_id("Order", number)})["order"] is None


REGISTER = """mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) { errors { field code message } user { email } requiresConfirmation }
}"""


def test_account_register_creates_a_customer_who_can_then_sign_in(client):
    answer = data(REGISTER, {"input": {"email": "Haruka@Example.jp", "password": "a long enough passphrase 42"}})
    again = data(REGISTER, {"input": {"email": "haruka@example.jp", "password": "a long enough passphrase 42"}})
    weak = data(REGISTER, {"input": {"email": "new@example.jp", "password": "123"}})
    token = data("""mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password)
                    { token errors { code } } }""", {"email": "haruka@example.jp",
                                                      "password": "a long enough passphrase 42"})

    assert answer["accountRegister"] == {"errors": [], "user": {"email": "haruka@example.jp"},
                                         "requiresConfirmation": False}
    assert again["accountRegister"] == answer["accountRegister"]  # a taken e-mail is not told apart
    assert weak["accountRegister"]["errors"][0]["code"] == "PASSWORD_TOO_SHORT"
    assert token["tokenCreate"]["errors"] == [] and token["tokenCreate"]["token"]


def test_me_orders_lists_the_shoppers_own_orders_newest_first(stripe_keys):
    # given two orders of one shopper and one of another
    from buying import order_for
    from marketplace.testing.factories import UserFactory

    shopper, other = UserFactory(), UserFactory()
    first = order_for((certified_product(), 1), user=shopper, email=shopper.email)
    second = order_for((certified_product(), 1), user=shopper, email=shopper.email)
    order_for((certified_product(), 1), user=other, email=other.email)
    token = data("""mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password)
                    { token errors { code } } }""",
                 {"email": shopper.email, "password": "correct horse battery staple"})["tokenCreate"]["token"]

    # when the shopper asks for their orders through /graphql/
    me = data("{ me { email orders(first: 10) { totalCount edges { node { number total { gross { currency } } } } } } }",
              token=token)["me"]

    # then they get their own two, newest first, and nobody else's
    assert me["orders"]["totalCount"] == 2
    assert [edge["node"]["number"] for edge in me["orders"]["edges"]] == [second.number, first.number]


def test_product_translation_says_its_language():
    product = certified_product(name_th="ข้าวแต๋นน้ำแตงโม", name_en="Rice crackers")
    found = data("""query($id: ID!) { product(id: $id, channel: "th-thb") {
                      translation(languageCode: EN) { name language { code language } } } }""",
                 {"id": global_id("Product", product.pk)})["product"]["translation"]
    assert found == {"name": "Rice crackers", "language": {"code": "EN", "language": "English"}}


def _checkout_query_count(client, lines):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    products = [certified_product() for _ in range(lines)]
    created = data(CREATE, {"channel": "th-thb", "lines": [{"quantity": 1, "variantId": _variant(p)} for p in products]},
                   client=client)["checkoutCreate"]["checkout"]
    data(ADDRESS, {"id": created["id"], "address": PLACES["TH"]}, client=client)
    data(DELIVERY, {"id": created["id"], "method": global_id("ShippingMethod", "otop-parcels")}, client=client)
    with CaptureQueriesContext(connection) as queries:
        found = data("query($id: ID!) { checkout(id: $id) { " + CHECKOUT + " } }", {"id": created["id"]},
                     client=client)["checkout"]
    assert len(found["lines"]) == lines
    return len(queries.captured_queries)


def test_a_checkout_of_six_lines_costs_the_queries_of_one(client):
    assert _checkout_query_count(client, 6) == _checkout_query_count(client, 1) <= 12


def test_a_bad_phone_or_unknown_country_is_an_error_on_that_field(client):
    checkout = _checkout(client, "th-thb", certified_product())
    bad_phone = data(ADDRESS, {"id": checkout["id"], "address": dict(PLACES["TH"], phone="call me")},
                     client=client)["checkoutShippingAddressUpdate"]
    no_zone = data(ADDRESS, {"id": checkout["id"], "address": dict(PLACES["TH"], country="KP", phone="")},
                   client=client)["checkoutShippingAddressUpdate"]
    missing = data(ADDRESS, {"id": checkout["id"], "address": dict(PLACES["TH"], streetAddress1="")},
                   client=client)["checkoutShippingAddressUpdate"]

    assert [e["field"] for e in bad_phone["errors"]] == ["phone"] and bad_phone["errors"][0]["code"] == "INVALID"
    assert [e["field"] for e in no_zone["errors"]] == ["country"]
    assert "เกาหลีเหนือ" in no_zone["errors"][0]["message"] or "North Korea" in no_zone["errors"][0]["message"]
    assert missing["errors"][0] == {"field": "streetAddress1", "code": "REQUIRED",
                                    "message": missing["errors"][0]["message"]}
