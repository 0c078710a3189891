"""The Thai address rule (``marketplace.provinces.addresses``): a province of the 77, no state, a
five-digit postcode that belongs to the province — one rule for the storefront's address form and
the API's checkout address mutations; other countries keep their own fields."""
import pytest
from django.urls import reverse

from buying import address_form, in_english
from graphql_client import data
from marketplace.graphql.core.ids import global_id
from marketplace.provinces.addresses import (
    POSTCODE, POSTCODE_PREFIXES, PROVINCE, AddressError, AddressErrorCode, check_thai_address)
from marketplace.provinces.models import Province
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db


def _refusal(*args):
    with pytest.raises(AddressError) as refused:
        check_thai_address(*args)
    return refused.value


def test_the_province_may_be_written_in_thai_english_or_as_its_iso_code():
    names = ["เชียงใหม่", "Chiang Mai", "TH-50", "จ.เชียงใหม่"]

    assert {check_thai_address("TH", name, "50200").iso_code for name in names} == {"TH-50"}


def test_every_province_has_its_postcode_prefixes():
    assert set(POSTCODE_PREFIXES) == set(Province.objects.values_list("iso_code", flat=True))
    assert len(POSTCODE_PREFIXES) == 77


def test_bangkok_and_samut_prakan_share_the_postcodes_beginning_with_10():
    assert check_thai_address("TH", "Bangkok", "10110").iso_code == "TH-10"
    assert check_thai_address("TH", "Samut Prakan", "10270").iso_code == "TH-11"


def test_a_postcode_of_another_province_is_refused_naming_the_postcode_field():
    in_english()

    refusal = _refusal("TH", "Chiang Mai", "10110")

    assert (refusal.code, refusal.field) == (AddressErrorCode.INVALID, POSTCODE)
    assert refusal.message == ("Postcode: 10110 is not a postcode of Chiang Mai; its postcodes begin with 50.")


@pytest.mark.parametrize("postcode", ["5020", "502000", "5O200", "", "๕๐๒๐๐x"])
def test_a_postcode_without_five_digits_is_refused(postcode):
    in_english()

    refusal = _refusal("TH", "Chiang Mai", postcode)

    assert refusal.field == POSTCODE and refusal.message.startswith("Postcode: a Thai postcode has five digits")


def test_a_thai_address_needs_a_province_of_thailand():
    in_english()

    missing, unknown = _refusal("TH", "", "50200"), _refusal("TH", "Texas", "50200")

    assert (missing.code, missing.field) == (AddressErrorCode.REQUIRED, PROVINCE)
    assert (unknown.code, unknown.field) == (AddressErrorCode.INVALID, PROVINCE)
    assert unknown.message == "Province: “Texas” is not one of Thailand's provinces."


def test_other_countries_keep_their_own_fields():
    assert check_thai_address("JP", "", "542-0076") is None
    assert check_thai_address("US", "Texas", "73301") is None


# --- the API: checkoutShippingAddressUpdate and checkoutBillingAddressUpdate ---------------------------

CREATE = """mutation C($lines: [CheckoutLineInput!]!) { checkoutCreate(input: {channel: "th-thb", lines: $lines,
  email: "shopper@example.com"}) { checkout { id } errors { field code message } } }"""
SHIP = """mutation S($id: ID!, $address: AddressInput!) { checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {
  errors { field code message } checkout { shippingAddress { countryArea postalCode } } } }"""
BILL = """mutation B($id: ID!, $address: AddressInput!) { checkoutBillingAddressUpdate(id: $id, billingAddress: $address) {
  errors { field code message } } }"""
CHIANG_MAI = {"firstName": "Somsri", "lastName": "Jaidee", "streetAddress1": "12 Nimmanhaemin Road",
              "city": "Mueang Chiang Mai", "countryArea": "Chiang Mai", "postalCode": "50200", "country": "TH"}


def _checkout_id():
    product = certified_product()
    lines = [{"quantity": 1, "variantId": global_id("ProductVariant", product.pk)}]
    created = data(CREATE, {"lines": lines})["checkoutCreate"]
    assert created["errors"] == []
    return created["checkout"]["id"]


def test_the_api_refuses_a_postcode_of_another_province_with_a_typed_error_on_postal_code():
    # given a checkout
    checkout = _checkout_id()

    # when an API client ships it to Chiang Mai with a Bangkok postcode, and bills it without a province
    shipped = data(SHIP, {"id": checkout, "address": dict(CHIANG_MAI, postalCode="10110")})
    billed = data(BILL, {"id": checkout, "address": dict(CHIANG_MAI, countryArea="")})

    # then both are refused on the field concerned, in Saleor's codes
    errors = shipped["checkoutShippingAddressUpdate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("postalCode", "INVALID")]
    assert "10110" in errors[0]["message"]
    assert [(e["field"], e["code"]) for e in billed["checkoutBillingAddressUpdate"]["errors"]] == [
        ("countryArea", "REQUIRED")]


def test_the_api_keeps_the_province_it_recognised_and_leaves_other_countries_alone():
    checkout = _checkout_id()

    thai = data(SHIP, {"id": checkout, "address": dict(CHIANG_MAI, countryArea="TH-50")})
    billed_abroad = data(BILL, {"id": checkout, "address": {
        "firstName": "Haruka", "lastName": "Tanaka", "streetAddress1": "1-2-3 Namba", "city": "Osaka",
        "postalCode": "542-0076", "country": "JP"}})

    shipped = thai["checkoutShippingAddressUpdate"]
    assert shipped["errors"] == []
    assert shipped["checkout"]["shippingAddress"] == {"countryArea": "เชียงใหม่", "postalCode": "50200"}
    assert billed_abroad["checkoutBillingAddressUpdate"]["errors"] == []


# --- the storefront's address form ------------------------------------------------------------------

def _to_address_step(client):
    product = certified_product()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "shopper@example.com", "options": "anonymous"})


def test_the_address_form_lists_the_provinces_in_the_page_s_language(client):
    _to_address_step(client)

    thai = client.get(reverse("checkout:shipping-address")).context["form"]
    in_english()
    english = client.get(reverse("checkout:shipping-address")).context["form"]

    assert len(thai.fields["province"].choices) == 78  # "Choose a province" and the 77
    assert ("TH-50", "เชียงใหม่") in thai.fields["province"].choices
    assert ("TH-50", "Chiang Mai") in english.fields["province"].choices


def test_the_address_form_refuses_a_postcode_of_another_province_on_the_postcode_field(client):
    _to_address_step(client)
    in_english()

    answer = client.post(reverse("checkout:shipping-address"), dict(address_form("TH"), postcode="10110"))

    assert answer.status_code == 200
    assert answer.context["form"].errors == {
        "postcode": ["Postcode: 10110 is not a postcode of Chiang Mai; its postcodes begin with 50."]}


def test_the_address_form_keeps_the_chosen_province_as_the_state(client):
    _to_address_step(client)

    answer = client.post(reverse("checkout:shipping-address"), address_form("TH"))

    assert answer.status_code == 302
    assert client.session["checkout_data"]["shipping"]["new_address_fields"]["state"] == "เชียงใหม่"


RULES = """query R($country: CountryCode!) { addressValidationRules(countryCode: $country) {
  requiredFields countryAreaType countryAreaChoices { raw verbose } } }"""


def test_a_saleor_client_is_offered_the_provinces_it_must_choose_from_in_its_language():
    # a storefront builds its address form from these rules: a Thai address needs one of the 77 provinces
    english = data(RULES, {"country": "TH"}, language="en")["addressValidationRules"]
    thai = data(RULES, {"country": "TH"}, language="th")["addressValidationRules"]
    japan = data(RULES, {"country": "JP"}, language="en")["addressValidationRules"]

    assert "countryArea" in english["requiredFields"] and english["countryAreaType"] == "province"
    assert len(english["countryAreaChoices"]) == Province.objects.count() == 77
    assert {"raw": "TH-50", "verbose": "Chiang Mai"} in english["countryAreaChoices"]
    assert {"raw": "TH-50", "verbose": "เชียงใหม่"} in thai["countryAreaChoices"]
    assert japan["countryAreaChoices"] == [] and "countryArea" not in japan["requiredFields"]


def test_the_province_a_client_picked_from_the_rules_is_taken_by_the_checkout():
    checkout = _checkout_id()
    picked = data(RULES, {"country": "TH"})["addressValidationRules"]["countryAreaChoices"]
    chiang_mai = next(choice["raw"] for choice in picked if choice["raw"] == "TH-50")

    shipped = data(SHIP, {"id": checkout, "address": dict(CHIANG_MAI, countryArea=chiang_mai)})

    assert shipped["checkoutShippingAddressUpdate"]["errors"] == []
    assert shipped["checkoutShippingAddressUpdate"]["checkout"]["shippingAddress"]["postalCode"] == "50200"
