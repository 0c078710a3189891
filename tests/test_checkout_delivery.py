"""Choosing the delivery as Saleor's storefront does: deliveryOptionsCalculate, then
checkoutDeliveryMethodUpdate with the ``Delivery.id`` it returned (Saleor 3.23's ``CheckoutDelivery``
id), then the checkout's delivery and totals. The deprecated ``ShippingMethod`` id still works;
any other id is a typed error on ``deliveryMethodId``, never a request-level failure."""
import base64

import pytest

from buying import in_english
from graphql_client import data
from marketplace.graphql.core.ids import global_id
from marketplace.testing.factories import certified_product
from test_checkout_graphql import PLACES, _checkout

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


# The fields of the storefront's CheckoutFragment that the Shipping and Payment steps read.
CHECKOUT = """
  id
  delivery { id shippingMethod { id name } }
  problems { ... on CheckoutProblemDeliveryMethodStale { __typename }
             ... on CheckoutProblemDeliveryMethodInvalid { __typename } }
  lines { id quantity variant { id translation(languageCode: $languageCode) { name } } }
  totalPrice { gross { amount currency } }
  shippingPrice { gross { amount currency } }
  subtotalPrice { gross { amount currency } }
"""
SHIPPING_ADDRESS = f"""mutation ShippingAddress($checkoutId: ID!, $shippingAddress: AddressInput!,
                                                 $languageCode: LanguageCodeEnum!) {{
  checkoutShippingAddressUpdate(id: $checkoutId, shippingAddress: $shippingAddress) {{
    errors {{ message field code }} checkout {{ {CHECKOUT} }} }}
}}"""
CALCULATE = """mutation Calculate($id: ID!) {
  deliveryOptionsCalculate(id: $id) {
    deliveries { id shippingMethod { id name active price { currency amount }
                                     minimumDeliveryDays maximumDeliveryDays } }
    errors { field message code }
  }
}"""
CHOOSE = f"""mutation Choose($checkoutId: ID!, $deliveryMethodId: ID!, $languageCode: LanguageCodeEnum!) {{
  checkoutDeliveryMethodUpdate(id: $checkoutId, deliveryMethodId: $deliveryMethodId) {{
    errors {{ message field code }} checkout {{ {CHECKOUT} }} }}
}}"""
CLEAR = """mutation Clear($checkoutId: ID!) {
  checkoutDeliveryMethodUpdate(id: $checkoutId, deliveryMethodId: null) {
    errors { code } checkout { delivery { id } shippingPrice { gross { amount } } } }
}"""
RELOAD = f"""query Reload($id: ID!, $languageCode: LanguageCodeEnum!) {{ checkout(id: $id) {{ {CHECKOUT} }} }}"""


def _addressed(client, channel="th-thb", place="TH", product=None):
    checkout = _checkout(client, channel, product or certified_product(price="350.00"))
    shipped = data(SHIPPING_ADDRESS, {"checkoutId": checkout["id"], "shippingAddress": PLACES[place],
                                      "languageCode": "EN_US"}, client=client)["checkoutShippingAddressUpdate"]
    assert shipped["errors"] == []
    return checkout["id"]


def _choose(client, checkout_id, delivery_method_id):
    return data(CHOOSE, {"checkoutId": checkout_id, "deliveryMethodId": delivery_method_id, "languageCode": "EN_US"},
                client=client)["checkoutDeliveryMethodUpdate"]


@pytest.mark.parametrize("channel, place", [("th-thb", "TH"), ("intl-usd", "JP")])
def test_the_delivery_id_from_delivery_options_is_the_one_to_choose(client, channel, place):
    # given a checkout with a shipping address, and the deliveries the storefront's Shipping step lists
    checkout_id = _addressed(client, channel, place)
    calculated = data(CALCULATE, {"id": checkout_id}, client=client)["deliveryOptionsCalculate"]
    assert calculated["errors"] == [] and len(calculated["deliveries"]) == 1
    offered = calculated["deliveries"][0]

    # when the shopper picks it and the storefront sends the Delivery's id back
    chosen = _choose(client, checkout_id, offered["id"])

    # then it is the checkout's delivery, priced into the totals, with nothing for the storefront to warn about
    assert chosen["errors"] == []
    checkout = chosen["checkout"]
    assert checkout["delivery"] == {"id": offered["id"], "shippingMethod": {
        "id": offered["shippingMethod"]["id"], "name": offered["shippingMethod"]["name"]}}
    price = offered["shippingMethod"]["price"]
    assert checkout["shippingPrice"]["gross"] == price
    assert checkout["totalPrice"]["gross"]["amount"] == pytest.approx(
        checkout["subtotalPrice"]["gross"]["amount"] + price["amount"])
    assert checkout["problems"] == []

    # and when the storefront reloads the checkout, the saved delivery matches an offered one (it preselects it)
    reloaded = data(RELOAD, {"id": checkout_id, "languageCode": "EN_US"}, client=client)["checkout"]
    assert reloaded["delivery"]["id"] == offered["id"] and reloaded["totalPrice"] == checkout["totalPrice"]


def test_the_shipping_method_id_and_this_apis_earlier_delivery_id_still_work(client):
    checkout_id = _addressed(client)
    offered = data(CALCULATE, {"id": checkout_id}, client=client)["deliveryOptionsCalculate"]["deliveries"][0]

    by_method = _choose(client, checkout_id, offered["shippingMethod"]["id"])
    by_old_id = _choose(client, checkout_id, global_id("Delivery", "otop-parcels"))

    assert by_method["errors"] == [] and by_method["checkout"]["delivery"]["id"] == offered["id"]
    assert by_old_id["errors"] == [] and by_old_id["checkout"]["delivery"]["id"] == offered["id"]


def _b64(text):
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("delivery_method_id, code", [
    ("not base64 at all!", "INVALID"),
    (_b64("no colon in here"), "INVALID"),
    ("", "INVALID"),
    (global_id("Product", 1), "INVALID"),
    (global_id("CheckoutDelivery", ""), "INVALID"),
    (global_id("CheckoutDelivery", "express-courier"), "DELIVERY_METHOD_NOT_APPLICABLE"),
    (global_id("ShippingMethod", "42"), "DELIVERY_METHOD_NOT_APPLICABLE"),
    (global_id("Warehouse", "b3f0c7e2-0000-4000-8000-000000000000"), "DELIVERY_METHOD_NOT_APPLICABLE"),
])
def test_an_id_that_is_not_an_offered_delivery_is_a_typed_error(client, delivery_method_id, code):
    # given a checkout whose parcel delivery is already chosen
    checkout_id = _addressed(client)
    offered = data(CALCULATE, {"id": checkout_id}, client=client)["deliveryOptionsCalculate"]["deliveries"][0]
    assert _choose(client, checkout_id, offered["id"])["errors"] == []

    # when the client sends an id that names no delivery this checkout is offered
    refused = _choose(client, checkout_id, delivery_method_id)

    # then it is told so on that argument, and the chosen delivery stays
    assert refused["checkout"] is None
    assert [(error["field"], error["code"]) for error in refused["errors"]] == [("deliveryMethodId", code)]
    assert refused["errors"][0]["message"]
    reloaded = data(RELOAD, {"id": checkout_id, "languageCode": "EN_US"}, client=client)["checkout"]
    assert reloaded["delivery"]["id"] == offered["id"]


def test_a_delivery_the_address_cannot_have_is_not_applicable_and_says_why(client):
    # given a product without packaging size, which cannot be priced for a parcel abroad
    product = certified_product(name_th="ผ้าไหมยกดอก", name_en="Brocade silk")
    product.packaging.width_cm = None
    product.packaging.save()
    checkout_id = _addressed(client, "intl-usd", "JP", product)

    refused = _choose(client, checkout_id, global_id("CheckoutDelivery", "otop-parcels"))

    assert refused["errors"][0]["code"] == "DELIVERY_METHOD_NOT_APPLICABLE"
    assert "ผ้าไหมยกดอก" in refused["errors"][0]["message"]


def test_a_delivery_before_the_address_is_refused(client):
    checkout = _checkout(client, "th-thb", certified_product())

    refused = _choose(client, checkout["id"], global_id("CheckoutDelivery", "otop-parcels"))

    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("deliveryMethodId", "SHIPPING_ADDRESS_NOT_SET")]


def test_no_delivery_id_clears_the_choice(client):
    checkout_id = _addressed(client)
    offered = data(CALCULATE, {"id": checkout_id}, client=client)["deliveryOptionsCalculate"]["deliveries"][0]
    _choose(client, checkout_id, offered["id"])

    cleared = data(CLEAR, {"checkoutId": checkout_id}, client=client)["checkoutDeliveryMethodUpdate"]

    assert cleared == {"errors": [], "checkout": {"delivery": None, "shippingPrice": {"gross": {"amount": 0.0}}}}


OLD_STYLE = """mutation($id: ID!, $method: ID) {
  checkoutShippingMethodUpdate(id: $id, shippingMethodId: $method) {
    errors { field code } checkout { shippingMethod { id } shippingPrice { gross { amount } } } }
}"""


def test_an_older_saleor_client_chooses_the_shipping_method_from_the_checkouts_list(client):
    # given a checkout with its address, which lists its shipping methods (Saleor's older clients read them there)
    checkout_id = _addressed(client)
    listed = data('query($id: ID!) { checkout(id: $id) { shippingMethods { id } } }', {"id": checkout_id},
                  client=client)["checkout"]["shippingMethods"]

    # when the client chooses the first with checkoutShippingMethodUpdate, then clears it
    chosen = data(OLD_STYLE, {"id": checkout_id, "method": listed[0]["id"]}, client=client)["checkoutShippingMethodUpdate"]
    cleared = data(OLD_STYLE, {"id": checkout_id, "method": None}, client=client)["checkoutShippingMethodUpdate"]

    # then the checkout has it, priced, and then has none, as with checkoutDeliveryMethodUpdate
    assert chosen["errors"] == [] and chosen["checkout"]["shippingMethod"]["id"] == listed[0]["id"]
    assert chosen["checkout"]["shippingPrice"]["gross"]["amount"] > 0
    assert cleared == {"errors": [], "checkout": {"shippingMethod": None, "shippingPrice": {"gross": {"amount": 0.0}}}}


@pytest.mark.parametrize("method, code", [("not an id", "INVALID"), (global_id("ShippingMethod", "42"),
                                                                    "DELIVERY_METHOD_NOT_APPLICABLE")])
def test_the_older_mutation_refuses_on_its_own_argument(client, method, code):
    refused = data(OLD_STYLE, {"id": _addressed(client), "method": method}, client=client)["checkoutShippingMethodUpdate"]
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("shippingMethodId", code)]
