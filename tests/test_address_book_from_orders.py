"""A signed-in buyer's order addresses go into their address book, as Saleor's ``checkoutComplete`` and
Oscar's checkout put them there: the next checkout offers them. Through the API each address is kept
unless its ``saveAddress`` (or ``checkoutCreate``'s ``saveShippingAddress``/``saveBillingAddress``)
said false; on the storefront the shipping address is kept. The first address of a kind becomes the
default of that kind; a place already in the book is not added twice; a guest's order keeps nothing,
and never in the book of an account whose e-mail a guest typed. Before, the API took ``saveAddress``
and ignored it, and the storefront's checkout had dropped Oscar's step: no order added anything."""
import pytest
from django.test import Client
from oscar.core.loading import get_model

from django.urls import reverse

from buying import in_english
from graphql_client import data, token_for
from marketplace.graphql.core.ids import global_id
from marketplace.orders.models import Checkout
from marketplace.shipping import companies
from marketplace.testing.factories import UserFactory, certified_product
from test_checkout_graphql import CREATE, PLACES, _buy, _finish, _variant
from test_checkout_storefront import _pay_by_card, _to_payment_step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_keys")]
UserAddress = get_model("address", "UserAddress")

BOOK = """{ me { addresses { firstName companyName streetAddress1 city isDefaultShippingAddress
                             isDefaultBillingAddress } } }"""
ADD_ADDRESS = """mutation($input: AddressInput!) { accountAddressCreate(input: $input) { errors { field code } } }"""
OFFICE = {**PLACES["TH"], "firstName": "Anong", "companyName": "Lanna Crafts Ltd.", "streetAddress1": "8 Tha Phae Road"}


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _signed_in(user):
    token = token_for(user)
    return Client(headers={"authorization": f"Bearer {token}"}), token


def _book(token):
    return data(BOOK, token=token)["me"]["addresses"]


def test_a_signed_in_buyers_checkout_addresses_go_into_their_address_book():
    # given a signed-in shopper with an empty address book
    shopper = UserFactory()
    client, token = _signed_in(shopper)

    # when they buy, shipping home and billing their office (with its company)
    seen = _buy(client, "th-thb", "TH", certified_product(), shipping=PLACES["TH"], billing=OFFICE)
    assert seen["completed"]["errors"] == []

    # then both are in their book, each the default of its kind, the office with its company
    book = {a["firstName"]: a for a in _book(token)}
    assert set(book) == {"Somsri", "Anong"}
    assert book["Somsri"]["isDefaultShippingAddress"] and not book["Somsri"]["isDefaultBillingAddress"]
    assert book["Anong"]["isDefaultBillingAddress"] and not book["Anong"]["isDefaultShippingAddress"]
    assert book["Anong"]["companyName"] == "Lanna Crafts Ltd." and book["Somsri"]["companyName"] == ""


def test_the_same_place_is_kept_once_and_counted():
    # given a shopper who buys twice, shipped and billed to the same place
    shopper = UserFactory()
    client, token = _signed_in(shopper)
    product = certified_product()

    _buy(client, "th-thb", "TH", product)
    _buy(client, "th-thb", "TH", product)

    # then the book has it once, default for both, with both orders counted
    [entry] = UserAddress.objects.filter(user=shopper)
    assert entry.is_default_for_shipping and entry.is_default_for_billing
    assert (entry.num_orders_as_shipping_address, entry.num_orders_as_billing_address) == (2, 2)
    assert len(_book(token)) == 1


def test_a_new_address_does_not_take_the_default_from_one_already_there():
    shopper = UserFactory()
    client, token = _signed_in(shopper)
    product = certified_product()
    _buy(client, "th-thb", "TH", product)

    # when the next order goes elsewhere
    _buy(client, "th-thb", "TH", product, shipping=OFFICE, billing=OFFICE)

    # then it is added, and the first stays the default
    book = {a["firstName"]: a for a in _book(token)}
    assert book["Somsri"]["isDefaultShippingAddress"] and book["Somsri"]["isDefaultBillingAddress"]
    assert not book["Anong"]["isDefaultShippingAddress"] and not book["Anong"]["isDefaultBillingAddress"]


@pytest.mark.parametrize("through", ["update mutations", "checkoutCreate"])
def test_an_address_the_buyer_said_not_to_save_stays_out_of_the_book(through):
    shopper = UserFactory()
    client, token = _signed_in(shopper)
    product = certified_product()
    if through == "checkoutCreate":
        variables = {"channel": "th-thb", "lines": [{"quantity": 1, "variantId": _variant(product)}],
                     "email": shopper.email}
        created = data("""mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
                            errors { field code } checkout { id } } }""",
                       {"input": {**variables, "shippingAddress": PLACES["TH"], "saveShippingAddress": False,
                                  "billingAddress": OFFICE, "saveBillingAddress": False}}, client=client)
        assert created["checkoutCreate"]["errors"] == []
        checkout = Checkout.objects.get(user=shopper)
    else:
        checkout = None

    # when the storefront's "save address" boxes are left unticked and the order is placed
    _buy_saying(client, product, save=False, checkout=checkout)

    # then the book stays empty
    assert _book(token) == []


def test_save_address_choices_need_their_address_on_checkout_create():
    client, _ = _signed_in(UserFactory())
    variables = {"channel": "th-thb", "lines": [{"quantity": 1, "variantId": _variant(certified_product())}]}

    answer = data("""mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
                       errors { field code message } checkout { id } } }""",
                  {"input": {**variables, "saveBillingAddress": True}}, client=client)["checkoutCreate"]

    assert answer["checkout"] is None
    assert answer["errors"] == [{"field": "saveBillingAddress", "code": "MISSING_ADDRESS_DATA",
                                 "message": "This option can only be chosen with a billing address."}]
    assert not Checkout.objects.exists()


def test_a_guests_order_keeps_no_address_even_with_an_accounts_email(client):
    # given an account, and a guest who types that account's e-mail at checkout
    account = UserFactory(email="somsri@example.com")
    created = data(CREATE, {"channel": "th-thb", "lines": [{"quantity": 1, "variantId": _variant(certified_product())}],
                            "email": "somsri@example.com"}, client=client)["checkoutCreate"]
    assert created["errors"] == []

    # when the guest's checkout is completed
    assert _finish(client, created["checkout"]["id"], PLACES["TH"], OFFICE)["completed"]["errors"] == []

    # then the account's address book is untouched (the order may be the account's: its book is not)
    assert not UserAddress.objects.filter(user=account).exists()


def test_an_order_refused_at_completion_keeps_no_address():
    # given a signed-in shopper's paid checkout for a product sold out before it completes
    shopper = UserFactory()
    client, token = _signed_in(shopper)
    product = certified_product(num_in_stock=1)
    checkout_id = _created(client, product, shopper.email)
    product.stockrecords.update(num_in_stock=0)

    # when it is completed, then it is refused and nothing went into the book
    completed = _finish(client, checkout_id, PLACES["TH"], OFFICE)["completed"]
    assert completed["errors"] and completed["order"] is None
    assert _book(token) == []


def test_the_storefronts_checkout_keeps_a_signed_in_shoppers_new_shipping_address(client):
    # given a signed-in shopper who types a new address on the storefront's checkout
    shopper = UserFactory()
    client.force_login(shopper)
    page = _to_payment_step(client, certified_product(), "TH", guest_email=None)

    # when they pay and the order is placed
    payment, _ = _pay_by_card(client, page)
    client.post(reverse("checkout:payment-details"), {"action": "place_order", "payment_intent": payment.intent_id})

    # then the address is in their book, their default, counted once
    order = get_model("order", "Order").objects.get()
    [entry] = UserAddress.objects.filter(user=shopper)
    assert entry.line1 == order.shipping_address.line1 and entry.postcode == order.shipping_address.postcode
    assert entry.is_default_for_shipping and entry.num_orders_as_shipping_address == 1
    assert companies.company_of(entry) == ""


def _buy_saying(client, product, save, checkout=None):
    """The storefront's steps with its "save address" boxes as ``save`` (a checkout made by
    checkoutCreate, with its addresses, is completed as it is)."""
    if checkout is not None:
        return _finish(client, global_id("Checkout", checkout.token))
    checkout_id = _created(client, product)
    for mutation, argument, place in (("checkoutShippingAddressUpdate", "shippingAddress", PLACES["TH"]),
                                      ("checkoutBillingAddressUpdate", "billingAddress", OFFICE)):
        answer = data(f"""mutation($id: ID!, $a: AddressInput!, $save: Boolean) {{
                            {mutation}(id: $id, {argument}: $a, saveAddress: $save) {{ errors {{ code }} }} }}""",
                      {"id": checkout_id, "a": place, "save": save}, client=client)
        assert answer[mutation]["errors"] == []
    return _finish(client, checkout_id)


def _created(client, product, email=None):
    created = data(CREATE, {"channel": "th-thb", "lines": [{"quantity": 1, "variantId": _variant(product)}],
                            "email": email or "shopper@example.com"}, client=client)["checkoutCreate"]
    assert created["errors"] == []
    return created["checkout"]["id"]


def test_the_same_place_added_by_another_order_meanwhile_does_not_stop_this_one(monkeypatch):
    # given a shopper whose other order adds the same place between this order's look-up and its insert
    # (played here: the look-up misses the row once, as it would before the other order committed)
    from buying import basket_with, address as order_address
    from marketplace.orders import remembered
    from marketplace.orders.placement import place_order

    shopper = UserFactory()
    first = place_order(basket_with((certified_product(), 1), owner=shopper), shipping_address=order_address("TH"),
                        email=shopper.email, user=shopper, remember=(remembered.SHIPPING,))
    [kept] = UserAddress.objects.filter(user=shopper)
    misses = iter([True])
    real_first = type(UserAddress.objects.all()).first

    def first_or_missed(queryset):
        if queryset.model is UserAddress and next(misses, False):
            return None
        return real_first(queryset)

    monkeypatch.setattr(type(UserAddress.objects.all()), "first", first_or_missed)

    # when this order is placed
    second = place_order(basket_with((certified_product(), 1), owner=shopper), shipping_address=order_address("TH"),
                         email=shopper.email, user=shopper, remember=(remembered.SHIPPING,))

    # then it is placed, and the place is still kept once, counted for both orders
    assert second.pk and second.pk != first.pk
    kept.refresh_from_db()
    assert UserAddress.objects.filter(user=shopper).count() == 1 and kept.num_orders_as_shipping_address == 2


def test_the_same_address_saved_twice_at_one_moment_is_refused_not_a_server_error(monkeypatch):
    # given a shopper whose address is saved (by an order of theirs) between this request's check and its insert
    # (played here: the check misses the row once, as it would before the other transaction committed)
    shopper = UserFactory()
    _, token = _signed_in(shopper)
    assert data(ADD_ADDRESS, {"input": PLACES["TH"]}, token=token)["accountAddressCreate"]["errors"] == []
    queryset = type(UserAddress.objects.all())
    misses, real_exists = iter([True]), queryset.exists
    monkeypatch.setattr(queryset, "exists", lambda qs: False if qs.model is UserAddress and next(misses, False)
                        else real_exists(qs))

    # when the same address is sent again
    answer = data(ADD_ADDRESS, {"input": PLACES["TH"]}, token=token)["accountAddressCreate"]

    # then it is the book's own refusal, and the book has it once
    assert answer["errors"] == [{"field": "input", "code": "UNIQUE"}]
    assert UserAddress.objects.filter(user=shopper).count() == 1
