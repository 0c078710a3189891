"""The company an address is for (Saleor's ``companyName``) stays with it: a checkout's shipping and
billing addresses keep it on the order they become, a saved address keeps it in the address book
(and in a storefront checkout that ships to it), an accepted quote's order names the trade buyer's
company, and every page that shows the address (the buyer's order page, the producer's parcel page,
staff's order page) shows it under the name. Oscar's address models have no column for it: before, the API took it and
every order and saved address came back without it."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from buying import address_form, basket_with, in_english
from graphql_client import data, token_for
from marketplace.orders.models import ProducerShipment
from marketplace.orders.placement import place_order
from marketplace.shipping import companies
from marketplace.shipping.models import AddressCompany
from marketplace.testing.factories import UserFactory, certified_product
from quoting import producer_with_user
from test_checkout_graphql import PLACES, _buy
from test_checkout_storefront import _pay_by_card

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_keys")]
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")

FIELDS = "firstName lastName companyName streetAddress1 city"
ORDER = f"query Order($id: ID!) {{ order(id: $id) {{ shippingAddress {{ {FIELDS} }} billingAddress {{ {FIELDS} }} }} }}"
MY_ORDERS = "{ me { orders(first: 10) { edges { node { shippingAddress { companyName } } } } } }"
ADDRESS_CREATE = f"""mutation Add($input: AddressInput!) {{ accountAddressCreate(input: $input) {{
  errors {{ field code message }} address {{ id {FIELDS} }} }} }}"""
ADDRESS_UPDATE = f"""mutation Change($id: ID!, $input: AddressInput!) {{ accountAddressUpdate(id: $id, input: $input) {{
  errors {{ field code message }} address {{ id {FIELDS} }} }} }}"""
MY_ADDRESSES = f"{{ me {{ addresses {{ id {FIELDS} }} defaultShippingAddress {{ companyName }} }} }}"


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _order_shipped_to(company, user=None, product=None):
    """An order placed (as the checkout places it) to an address for ``company``."""
    address = ShippingAddress(first_name="Somsri", last_name="Jaidee", line1="12 Nimmanhaemin Road",
                              line4="Chiang Mai", state="Chiang Mai", postcode="50200", country_id="TH")
    companies.attach(address, company)
    return place_order(basket_with((product or certified_product(), 1), owner=user), shipping_address=address,
                       email=user.email if user else "shopper@example.com", user=user)


def test_the_companies_a_checkout_was_given_are_on_the_order_it_becomes(client):
    # given a checkout shipped to a hotel's address and billed to a trading company
    shipping = {**PLACES["TH"], "companyName": "  Rachamankha Hotel "}
    billing = {**PLACES["TH"], "companyName": "Siam Trading Co., Ltd.", "streetAddress1": "99 Sathorn Road"}

    # when it is paid and completed through Saleor's operations
    seen = _buy(client, "th-thb", "TH", certified_product(), shipping=shipping, billing=billing)
    assert seen["completed"]["errors"] == []

    # then the order answers each address with its own company (trimmed), as the storefront shows it
    order = data(ORDER, {"id": seen["completed"]["order"]["id"]})["order"]
    assert order["shippingAddress"] == {"firstName": "Somsri", "lastName": "Jaidee", "companyName": "Rachamankha Hotel",
                                        "streetAddress1": "12 Nimmanhaemin Road", "city": "Chiang Mai"}
    assert order["billingAddress"]["companyName"] == "Siam Trading Co., Ltd."
    assert order["billingAddress"]["streetAddress1"] == "99 Sathorn Road"


def test_a_checkout_without_a_company_gives_an_order_without_one(client):
    seen = _buy(client, "th-thb", "TH", certified_product())

    order = data(ORDER, {"id": seen["completed"]["order"]["id"]})["order"]
    assert order["shippingAddress"]["companyName"] == "" and order["billingAddress"]["companyName"] == ""
    assert not AddressCompany.objects.exists()


def test_the_shoppers_orders_list_their_companies_in_the_same_queries_however_many_orders():
    # given a shopper with one order to a company's address
    shopper = UserFactory()
    product = certified_product()
    _order_shipped_to("Lanna Crafts Ltd.", user=shopper, product=product)
    token = token_for(shopper)

    def counted():
        with CaptureQueriesContext(connection) as queries:
            edges = data(MY_ORDERS, token=token)["me"]["orders"]["edges"]
        return [edge["node"]["shippingAddress"]["companyName"] for edge in edges], len(queries)

    one, queries_for_one = counted()
    # when two more orders are placed, one without a company
    _order_shipped_to("Doi Tung Café", user=shopper, product=product)
    _order_shipped_to("", user=shopper, product=product)
    three, queries_for_three = counted()

    # then each order shows its own company, read with the orders, not one query per order
    assert one == ["Lanna Crafts Ltd."]
    assert three == ["", "Doi Tung Café", "Lanna Crafts Ltd."]
    assert queries_for_three == queries_for_one


def test_a_saved_address_keeps_its_company_and_changes_it_with_the_address():
    shopper = UserFactory()
    token = token_for(shopper)

    # when the shopper saves an address for their company
    created = data(ADDRESS_CREATE, {"input": {**PLACES["TH"], "companyName": "Chiang Mai Weaving Co-op"}},
                   token=token)["accountAddressCreate"]
    assert created["errors"] == []
    assert created["address"]["companyName"] == "Chiang Mai Weaving Co-op"
    # then their address book answers it, for the default address too
    me = data(MY_ADDRESSES, token=token)["me"]
    assert [a["companyName"] for a in me["addresses"]] == ["Chiang Mai Weaving Co-op"]
    assert me["defaultShippingAddress"]["companyName"] == "Chiang Mai Weaving Co-op"

    # when they rename the company, then the address has the new name
    address_id = created["address"]["id"]
    renamed = data(ADDRESS_UPDATE, {"id": address_id, "input": {**PLACES["TH"], "companyName": "Weaving Co-op 2"}},
                   token=token)["accountAddressUpdate"]
    assert renamed["errors"] == [] and renamed["address"]["companyName"] == "Weaving Co-op 2"
    assert AddressCompany.objects.get().name == "Weaving Co-op 2"

    # when they clear it, then the address is for no company, and no row is left behind
    cleared = data(ADDRESS_UPDATE, {"id": address_id, "input": {**PLACES["TH"], "companyName": ""}},
                   token=token)["accountAddressUpdate"]
    assert cleared["address"]["companyName"] == ""
    assert not AddressCompany.objects.exists()


def test_a_saved_company_is_deleted_with_its_address():
    shopper = UserFactory()
    token = token_for(shopper)
    created = data(ADDRESS_CREATE, {"input": {**PLACES["TH"], "companyName": "Mae Rim Homestay"}},
                   token=token)["accountAddressCreate"]["address"]

    deleted = data("""mutation($id: ID!) { accountAddressDelete(id: $id) { errors { code } } }""",
                   {"id": created["id"]}, token=token)["accountAddressDelete"]

    assert deleted["errors"] == []
    assert not AddressCompany.objects.exists()


def test_a_company_longer_than_an_address_line_is_refused_on_its_field():
    token = token_for(UserFactory())

    refused = data(ADDRESS_CREATE, {"input": {**PLACES["TH"], "companyName": "ก" * 256}},
                   token=token)["accountAddressCreate"]

    assert refused["address"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("companyName", "INVALID")]
    assert not UserAddress.objects.exists() and not AddressCompany.objects.exists()


def test_the_storefront_checkout_to_a_saved_address_keeps_its_company(client):
    # given a shopper whose saved address is for a company, with a product in the basket
    shopper = UserFactory()
    saved = UserAddress.objects.create(user=shopper, first_name="Somsri", last_name="Jaidee",
                                       line1="12 Nimmanhaemin Road", line4="Chiang Mai", state="Chiang Mai",
                                       postcode="50200", country_id="TH")
    companies.attach(saved, "Nimman Gallery")
    companies.keep(saved)
    client.force_login(shopper)
    client.post(f"/en/basket/add/{certified_product().pk}/", {"quantity": 1})

    # when they choose it on the storefront's address step, then the step lists it with its company
    step = client.get("/en/checkout/shipping-address/").content.decode()
    assert _in_order(step, "<span>Somsri Jaidee</span><br><span>Nimman Gallery</span><br><span>12 Nimmanhaemin Road")
    chosen = client.post("/en/checkout/shipping-address/", {"action": "ship_to", "address_id": saved.pk})
    assert chosen.status_code == 302

    # and the payment step shows the order's address with it
    page = client.get("/en/checkout/payment-details/", follow=True)
    assert page.status_code == 200 and page.redirect_chain[-1][0] == "/en/checkout/payment-details/"
    assert _in_order(page.content.decode(), "Somsri Jaidee<br/>Nimman Gallery<br/>12 Nimmanhaemin Road")

    # and when the card pays and the order is placed, the order's address is for it

    payment, _ = _pay_by_card(client, page)
    client.post("/en/checkout/payment-details/", {"action": "place_order", "payment_intent": payment.intent_id})
    assert companies.company_of(Order.objects.get().shipping_address) == "Nimman Gallery"


def test_the_producer_and_the_buyer_see_the_company_under_the_name(client):
    # given an order to a company's address, of a product of a producer with a portal account
    producer, producer_user = producer_with_user()
    shopper = UserFactory()
    order = _order_shipped_to("Rachamankha Hotel", user=shopper, product=certified_product(producer=producer))
    parcel = ProducerShipment.objects.get(order=order)

    # when the producer opens the parcel's page, then the address reads name, company, street
    client.force_login(producer_user)
    page = client.get(f"/en/producer/{producer.slug}/orders/{parcel.pk}/").content.decode()
    assert _in_order(page, "Somsri Jaidee<br>Rachamankha Hotel<br>12 Nimmanhaemin Road")

    # and so does the buyer's order page
    client.force_login(shopper)
    page = client.get(f"/en/accounts/orders/{order.number}/").content.decode()
    assert "Rachamankha Hotel" in page
    assert page.index("Somsri Jaidee") < page.index("Rachamankha Hotel") < page.index("12 Nimmanhaemin Road")


def _in_order(page, lines):
    """Whether the page shows these address lines one after the other (its markup's spaces aside)."""
    return lines in re.sub(r">\s+", ">", re.sub(r"\s+<", "<", page))


def test_an_accepted_quotes_order_is_for_the_trade_buyers_company():
    from marketplace.quotes import acceptance
    from quoting import quoted_silk_and_crackers

    quote, buyer, _producer_user = quoted_silk_and_crackers()

    order = acceptance.accept(quote, buyer).order

    address = Order.objects.get(pk=order.pk).shipping_address
    assert companies.company_of(address) == "Osaka Trading K.K."
    assert address.active_address_fields()[:2] == ["Haruka Tanaka", "Osaka"]  # the company no longer as a street


def test_the_address_book_page_shows_each_company_in_the_same_queries_however_many(client):
    shopper = UserFactory()
    client.force_login(shopper)

    def saved(n, company):
        address = UserAddress.objects.create(user=shopper, first_name="Somsri", last_name="Jaidee",
                                             line1=f"{n} Nimmanhaemin Road", line4="Chiang Mai", state="Chiang Mai",
                                             postcode="50200", country_id="TH")
        companies.attach(address, company)
        companies.keep(address)

    def page():
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/en/accounts/addresses/").content.decode()
        return html, len(queries)

    saved(1, "Nimman Gallery")
    page()  # (what a first page of the session reads once)
    one, queries_for_one = page()
    saved(2, "Doi Tung Café")
    saved(3, "")
    three, queries_for_three = page()

    assert "Nimman Gallery" in one
    assert "Nimman Gallery" in three and "Doi Tung Café" in three
    assert queries_for_three == queries_for_one


def test_a_company_typed_on_the_storefronts_checkout_is_on_the_order_and_in_the_book(client):
    # given a signed-in shopper on the storefront's address step, typing a new address for a company

    shopper = UserFactory()
    client.force_login(shopper)
    client.post(f"/en/basket/add/{certified_product().pk}/", {"quantity": 1})
    form = client.get("/en/checkout/shipping-address/").content.decode()
    assert 'name="company_name"' in form and "Company (optional)" in form
    page = client.post("/en/checkout/shipping-address/", {**address_form("TH"), "company_name": " Baan Suan Resort "},
                       follow=True)

    # then the payment step shows it under the name, and going back to the address step keeps it typed
    assert page.redirect_chain[-1][0] == "/en/checkout/payment-details/"
    assert "Baan Suan Resort" in page.content.decode()
    assert 'value="Baan Suan Resort"' in client.get("/en/checkout/shipping-address/").content.decode()

    # when the order is paid and placed
    payment, _ = _pay_by_card(client, page)
    client.post("/en/checkout/payment-details/", {"action": "place_order", "payment_intent": payment.intent_id})

    # then the order's address and the address kept in the book are for the company
    order = Order.objects.get()
    assert companies.company_of(order.shipping_address) == "Baan Suan Resort"
    assert [companies.company_of(a) for a in UserAddress.objects.filter(user=shopper)] == ["Baan Suan Resort"]


def test_choosing_a_saved_address_after_typing_a_company_drops_the_typed_one(client):

    shopper = UserFactory()
    client.force_login(shopper)
    saved = UserAddress.objects.create(user=shopper, first_name="Somsri", last_name="Jaidee", line1="5 Huay Kaew Road",
                                       line4="Chiang Mai", state="Chiang Mai", postcode="50200", country_id="TH")
    client.post(f"/en/basket/add/{certified_product().pk}/", {"quantity": 1})
    client.post("/en/checkout/shipping-address/", {**address_form("TH"), "company_name": "Baan Suan Resort"})

    client.post("/en/checkout/shipping-address/", {"action": "ship_to", "address_id": saved.pk})

    page = client.get("/en/checkout/payment-details/", follow=True).content.decode()
    assert "5 Huay Kaew Road" in page and "Baan Suan Resort" not in page


def test_the_storefronts_address_book_form_edits_the_company(client):

    shopper = UserFactory()
    client.force_login(shopper)

    # when the shopper adds an address for a company on the address book's page
    added = client.post("/en/accounts/addresses/add/", {**address_form("TH"), "company_name": "Lanna Crafts Ltd."})
    assert added.status_code == 302
    address = UserAddress.objects.get(user=shopper)
    assert companies.company_of(address) == "Lanna Crafts Ltd."
    # then the edit page shows it, and clearing it there leaves the address for no company
    edit = client.get(f"/en/accounts/addresses/{address.pk}/").content.decode()
    assert 'value="Lanna Crafts Ltd."' in edit
    cleared = client.post(f"/en/accounts/addresses/{address.pk}/", {**address_form("TH"), "company_name": ""})
    assert cleared.status_code == 302
    assert not AddressCompany.objects.exists()
    # and a company longer than an address line is refused on its field, nothing changed
    refused = client.post(f"/en/accounts/addresses/{address.pk}/", {**address_form("TH"), "company_name": "x" * 256})
    assert refused.status_code == 200 and "company_name" in refused.context["form"].errors
    assert not AddressCompany.objects.exists()


def test_the_address_book_form_refuses_an_address_saved_meanwhile_without_a_server_error(client, monkeypatch):
    # given a shopper whose same address is saved (by an order of theirs) while the form is checked
    # (played here: the form's uniqueness check passes, as it would before the other transaction committed)
    shopper = UserFactory()
    client.force_login(shopper)
    assert client.post("/en/accounts/addresses/add/", address_form("TH")).status_code == 302
    monkeypatch.setattr(UserAddress, "validate_unique", lambda self, exclude=None: None)

    # when the same address is added again, then the page says it is already there and the book has it once
    again = client.post("/en/accounts/addresses/add/", address_form("TH"))
    assert again.status_code == 200
    assert "This address is already in your address book." in again.content.decode()
    assert UserAddress.objects.filter(user=shopper).count() == 1


def test_the_checkouts_edit_address_page_is_the_address_books_form(client):
    # given a shopper at the checkout with a saved address for a company
    shopper = UserFactory()
    client.force_login(shopper)
    client.post("/en/accounts/addresses/add/", {**address_form("TH"), "company_name": "Nimman Gallery"})
    saved = UserAddress.objects.get(user=shopper)
    url = f"/en/checkout/user-address/edit/{saved.pk}/"

    # when they open "Edit address" there, then it has the province list and the company
    page = client.get(url).content.decode()
    assert 'name="province"' in page and 'value="Nimman Gallery"' in page

    # and a postcode of another province is refused there as everywhere (Oscar's own form took it)
    refused = client.post(url, {**address_form("TH"), "postcode": "10200"})
    assert refused.status_code == 200 and "postcode" in refused.context["form"].errors
    saved.refresh_from_db()
    assert saved.postcode == "50200"

    # and a new company is kept
    assert client.post(url, {**address_form("TH"), "company_name": "Lanna Crafts Ltd."}).status_code == 302
    assert companies.company_of(UserAddress.objects.get(pk=saved.pk)) == "Lanna Crafts Ltd."


def test_the_checkouts_edit_address_page_asks_a_guest_to_sign_in(client):
    answer = client.get("/en/checkout/user-address/edit/1/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_staffs_order_page_shows_the_billing_address_with_its_company_and_the_country_in_thai(client):
    # given an order billed to a trading company, placed on the English pages
    BillingAddress = get_model("order", "BillingAddress")
    billing = BillingAddress(first_name="Anong", last_name="Srisuk", line1="99 Sathorn Road", line4="Bangkok",
                             state="Bangkok", postcode="10120", country_id="TH")
    companies.attach(billing, "Siam Trading Co., Ltd.")
    shipping = ShippingAddress(first_name="Somsri", last_name="Jaidee", line1="12 Nimmanhaemin Road",
                               line4="Chiang Mai", state="Chiang Mai", postcode="50200", country_id="TH")
    order = place_order(basket_with((certified_product(), 1)), shipping_address=shipping, billing_address=billing,
                        email="shopper@example.com")
    card = get_model("payment", "SourceType").objects.create(name="Card payment (Stripe)")
    order.sources.create(source_type=card, currency=order.currency, amount_allocated=order.total_incl_tax,
                         amount_debited=order.total_incl_tax, reference="pi_3QSiamTrading")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    # when staff open the order on the Thai dashboard
    with translation.override("th"):
        page = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()

    # then the payment tab's billing address is the one the shop shows everywhere: the company under
    # the name, the country in Thai; shown once (Oscar's own lines, without them, are not printed too)
    billed = re.search(r'<p class="billing-address">(.*?)</p>', page, re.S).group(1).split("<br>")
    assert [line.strip() for line in billed if line.strip()][:3] == ["Anong Srisuk", "Siam Trading Co., Ltd.",
                                                                       "99 Sathorn Road"]
    assert "ไทย" in billed[-2] and "Thailand" not in page
    assert page.count("99 Sathorn Road") == 1
    # and the rest of Oscar's payment tab is still there
    # and the rest of Oscar's payment tab reads the same order: its payment sources
    tab = page[page.index('id="payment"'):page.index('id="discounts"')]
    assert "Card payment (Stripe)" in tab and "pi_3QSiamTrading" in tab
