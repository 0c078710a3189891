"""Addresses abroad (``marketplace.provinces.addresses.check_address``): the postcode has the form of its
country's postcodes, is kept in capitals, and is required only where the country has postcodes (Hong
Kong, Macao, the Emirates and Qatar have none) — one rule for the storefront's address forms, the
API's checkout and account addresses, and the API's ``addressValidationRules`` a storefront builds
its form from. (The API checked no foreign postcode and demanded one from Hong Kong; the storefront
refused a Hong Kong address without one.)"""
import pytest
from django.urls import reverse

from buying import address_form, in_english
from graphql_client import data
from marketplace.provinces.addresses import POSTCODE, AddressError, AddressErrorCode, check_address
from test_thai_address import BILL, RULES, SHIP, _checkout_id, _to_address_step

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("country, typed, kept", [
    ("GB", " sw1a  1aa ", "SW1A 1AA"),
    ("CA", "k1a 0b1", "K1A 0B1"),
    ("NL", "1012 ab", "1012 AB"),
    ("JP", "542-0076", "542-0076"),
    ("US", "94103-1234", "94103-1234"),
    ("DE", "10115", "10115"),
    ("HK", "", ""),
    ("AE", "", ""),
    ("IE", "D02 X285", "D02 X285"),  # Eircodes: optional, and taken as given
    ("JP", "５４２－００７６", "542-0076"),  # a Japanese keyboard's wide mode
    ("JP", "542ー0076", "542-0076"),  # and its long-vowel mark for the hyphen
    ("US", "\u200b94103 ", "94103"),  # a stray zero-width space from a copy
])
def test_a_postcode_of_the_country_s_form_is_taken_and_kept_in_capitals(country, typed, kept):
    assert check_address(country, "", typed) == (None, kept)


@pytest.mark.parametrize("country, typed, code", [
    ("US", "ABCDE", AddressErrorCode.INVALID),
    ("US", "9410", AddressErrorCode.INVALID),
    ("DE", "1011", AddressErrorCode.INVALID),
    ("GB", "12345", AddressErrorCode.INVALID),
    ("JP", "5420-076", AddressErrorCode.INVALID),
    ("JP", "", AddressErrorCode.REQUIRED),
    ("CA", "   ", AddressErrorCode.REQUIRED),
    ("TH", "", AddressErrorCode.REQUIRED),
])
def test_a_postcode_not_of_the_country_s_form_or_missing_where_it_has_postcodes_is_refused(country, typed, code):
    in_english()

    with pytest.raises(AddressError) as refused:
        check_address(country, "Chiang Mai", typed, "Somewhere")

    assert (refused.value.code, refused.value.field) == (code, POSTCODE)
    assert refused.value.message == ("Postcode: addresses in Somewhere need a postcode." if code == "REQUIRED" else
                                     f"Postcode: “{typed}” is not a postcode of Somewhere.")


def test_a_thai_postcode_in_thai_digits_is_taken_as_its_arabic_digits():
    province, postcode = check_address("TH", "เชียงใหม่", "๕๐๒๐๐")

    assert (province.iso_code, postcode) == ("TH-50", "50200")


# --- the API -----------------------------------------------------------------------------------------

ABROAD = {"firstName": "Alex", "lastName": "Smith", "streetAddress1": "1 Market Street", "city": "San Francisco",
          "postalCode": "94103", "country": "US", "phone": "+14155550100"}
HONG_KONG = {"firstName": "Mei", "lastName": "Chan", "streetAddress1": "1 Queen's Road Central", "city": "Hong Kong",
             "country": "HK", "phone": "+85221234567"}


def test_the_api_refuses_a_foreign_postcode_not_of_its_country_s_form_naming_the_country():
    checkout = _checkout_id()
    in_english()

    shipped = data(SHIP, {"id": checkout, "address": dict(ABROAD, postalCode="9410")}, language="en")
    billed = data(BILL, {"id": checkout, "address": dict(ABROAD, country="GB", postalCode="12345")}, language="en")

    assert shipped["checkoutShippingAddressUpdate"]["errors"] == [
        {"field": "postalCode", "code": "INVALID", "message": "Postcode: “9410” is not a postcode of United States."}]
    assert [(e["field"], e["code"]) for e in billed["checkoutBillingAddressUpdate"]["errors"]] == [("postalCode", "INVALID")]
    # and a client asking in Thai reads it in Thai, the country named in Thai too
    thai = data(SHIP, {"id": checkout, "address": dict(ABROAD, postalCode="9410")}, language="th")
    assert [e["message"] for e in thai["checkoutShippingAddressUpdate"]["errors"]] == [
        "รหัสไปรษณีย์: “9410” ไม่ใช่รหัสไปรษณีย์ของสหรัฐอเมริกา"]


def test_the_api_takes_hong_kong_without_a_postcode_and_keeps_a_british_one_in_capitals():
    checkout = _checkout_id()

    hong_kong = data(SHIP, {"id": checkout, "address": HONG_KONG})["checkoutShippingAddressUpdate"]
    british = data(SHIP, {"id": checkout, "address": dict(ABROAD, country="GB", city="London", postalCode="sw1a 1aa",
                                                          phone="+442071234567")})["checkoutShippingAddressUpdate"]
    japan = data(SHIP, {"id": checkout, "address": dict(ABROAD, country="JP", postalCode="", phone="+81612345678")})

    assert hong_kong["errors"] == [] and hong_kong["checkout"]["shippingAddress"]["postalCode"] == ""
    assert british["errors"] == [] and british["checkout"]["shippingAddress"]["postalCode"] == "SW1A 1AA"
    assert [(e["field"], e["code"]) for e in japan["checkoutShippingAddressUpdate"]["errors"]] == [
        ("postalCode", "REQUIRED")]
    wide = data(SHIP, {"id": checkout, "address": dict(ABROAD, country="JP", postalCode="５４２－００７６",
                                                       phone="+81612345678")})["checkoutShippingAddressUpdate"]
    assert wide["errors"] == [] and wide["checkout"]["shippingAddress"]["postalCode"] == "542-0076"


def test_the_account_s_address_book_in_the_api_follows_the_same_rule():
    from graphql_client import token_for
    from marketplace.testing.factories import UserFactory

    token = token_for(UserFactory())
    create = """mutation A($address: AddressInput!) { accountAddressCreate(input: $address) {
      address { postalCode } errors { field code } } }"""

    wrong = data(create, {"address": dict(ABROAD, postalCode="ABCDE")}, token=token)["accountAddressCreate"]
    hong_kong = data(create, {"address": HONG_KONG}, token=token)["accountAddressCreate"]

    assert wrong == {"address": None, "errors": [{"field": "postalCode", "code": "INVALID"}]}
    assert hong_kong == {"address": {"postalCode": ""}, "errors": []}


def test_a_storefront_is_told_which_countries_need_a_postcode():
    rules = {country: data(RULES, {"country": country})["addressValidationRules"]["requiredFields"]
             for country in ("TH", "US", "GB", "HK", "AE")}

    assert {country: "postalCode" in fields for country, fields in rules.items()} == {
        "TH": True, "US": True, "GB": True, "HK": False, "AE": False}


# --- the storefront's address forms ------------------------------------------------------------------

def test_the_checkout_s_address_form_refuses_a_foreign_postcode_once_on_its_field(client):
    _to_address_step(client)
    in_english()

    answer = client.post(reverse("checkout:shipping-address"), dict(address_form("US"), postcode="ABCDE"))

    assert answer.status_code == 200
    assert answer.context["form"].errors == {"postcode": ["Postcode: “ABCDE” is not a postcode of United States."]}


def test_the_checkout_s_address_form_takes_hong_kong_without_a_postcode_but_not_japan(client):
    _to_address_step(client)
    in_english()

    japan = client.post(reverse("checkout:shipping-address"), dict(address_form("JP"), postcode=""))
    hong_kong = client.post(reverse("checkout:shipping-address"), dict(address_form("HK"), postcode="",
                                                                         phone_number="+85221234567"))

    assert japan.context["form"].errors == {"postcode": ["Postcode: addresses in Japan need a postcode."]}
    assert hong_kong.status_code == 302
    assert client.session["checkout_data"]["shipping"]["new_address_fields"]["postcode"] == ""
    # and a Japanese postcode typed in the keyboard's wide mode is taken in plain digits
    wide = client.post(reverse("checkout:shipping-address"), dict(address_form("JP"), postcode="５４２－００７６"))
    assert wide.status_code == 302
    assert client.session["checkout_data"]["shipping"]["new_address_fields"]["postcode"] == "542-0076"


def test_the_address_book_keeps_a_british_postcode_in_capitals(client):
    from marketplace.testing.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    fields = dict(address_form("GB"), postcode="sw1a 1aa", line4="London", phone_number="+442071234567")

    answer = client.post(reverse("customer:address-create"), fields)

    assert answer.status_code == 302, answer.context["form"].errors
    assert list(user.addresses.values_list("postcode", flat=True)) == ["SW1A 1AA"]


READ_SHIPPING = """query($id: ID!) { checkout(id: $id) { shippingAddress { firstName lastName companyName streetAddress1
  streetAddress2 city postalCode countryArea phone country { code } } } }"""


@pytest.mark.parametrize("place", ["TH", "GB", "HK"])
def test_the_shipping_address_the_api_answers_is_taken_back_as_the_billing_address(place):
    # Saleor's storefront bills "same as shipping" by sending back the shipping address the checkout answered
    from test_thai_address import CHIANG_MAI

    given = {"TH": dict(CHIANG_MAI, countryArea="TH-50", phone="+66812345678"), "HK": HONG_KONG,
             "GB": dict(ABROAD, country="GB", city="London", postalCode="sw1a 1aa", phone="+442071234567")}[place]
    checkout = _checkout_id()
    assert data(SHIP, {"id": checkout, "address": given})["checkoutShippingAddressUpdate"]["errors"] == []

    answered = data(READ_SHIPPING, {"id": checkout})["checkout"]["shippingAddress"]
    sent_back = {key: value for key, value in answered.items() if key != "country"} | {"country": answered["country"]["code"]}
    billed = data(BILL, {"id": checkout, "address": sent_back})["checkoutBillingAddressUpdate"]

    assert billed["errors"] == []
