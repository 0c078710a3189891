"""Saleor's ``shop`` query: what a storefront asks about the shop as a whole — its name in Thai with an
English translation, its address, its languages, the countries of an address form (all, or those a
parcel can go to, named in the language asked for), its currencies and payment gateway."""
import pytest

from graphql_client import data, post
from marketplace.channels.models import Channel
from marketplace.shipping.models import ShippingZone, ZoneCountry

pytestmark = pytest.mark.django_db

STRIPE = "saleor.app.payment.stripe"  # the gateway id Saleor's storefront knows

SHOP = """
query {
  shop {
    id name description headerText
    domain { host sslEnabled url }
    defaultCountry { code country }
    languages { code language }
    channelCurrencies
    includeTaxesInPrices displayGrossPrices defaultWeightUnit passwordLoginMode schemaVersion
    availableExternalAuthentications { id }
    translation(languageCode: EN) { language { code } headerText description }
  }
}
"""
COUNTRIES = "query($lang: LanguageCodeEnum, $filter: CountryFilterInput) { shop { countries(languageCode: $lang, filter: $filter) { code country } } }"
GATEWAYS = "query($channel: String, $currency: String) { shop { availablePaymentGateways(channel: $channel, currency: $currency) { id currencies } } }"


def _countries(**variables):
    return data(COUNTRIES, variables)["shop"]["countries"]


def test_a_storefront_reads_the_shop_in_thai_with_its_english_translation(settings):
    # given the shop's public address
    settings.OTOP_SITE_URL = "https://otop.example.org"

    # when a storefront asks about the shop (no sign-in)
    shop = data(SHOP)["shop"]

    # then it gets the shop's Thai name and tagline, and English ones in the translation
    assert shop["name"] == "ตลาดสินค้าโอทอป" and shop["description"] == shop["headerText"]
    assert shop["translation"] == {"language": {"code": "EN"}, "headerText": "Certified community products of Thailand",
                                   "description": "Certified community products of Thailand"}
    # its address, languages and default country
    assert shop["domain"] == {"host": "otop.example.org", "sslEnabled": True, "url": "https://otop.example.org/"}
    assert shop["languages"] == [{"code": "TH", "language": "Thai"}, {"code": "EN", "language": "English"}]
    assert shop["defaultCountry"] == {"code": "TH", "country": "Thailand"}
    # prices as the shop shows them: baht and dollars, VAT included, weights in grams
    assert shop["channelCurrencies"] == ["THB", "USD"]
    assert shop["includeTaxesInPrices"] is shop["displayGrossPrices"] is True
    assert (shop["defaultWeightUnit"], shop["passwordLoginMode"], shop["schemaVersion"]) == ("G", "ENABLED", "3.23")
    assert shop["availableExternalAuthentications"] == [] and shop["id"]


def test_the_address_form_countries_are_every_country_or_those_a_parcel_can_go_to():
    # when a storefront asks for the countries of its address form
    every = _countries()
    codes = [country["code"] for country in every]

    # then it gets every country, by ISO code, named in English — not CLDR's reserved codes
    assert {"TH": "Thailand", "JP": "Japan", "XK": "Kosovo"}.items() <= {c["code"]: c["country"] for c in every}.items()
    assert not {"ZZ", "UN", "QO", "EZ", "AC"} & set(codes)
    assert codes == sorted(codes) and len(codes) == 251

    # and, filtered, those the shipping zones reach, or the others
    zoned = sorted(ZoneCountry.objects.values_list("country", flat=True))
    attached = [c["code"] for c in _countries(filter={"attachedToShippingZones": True})]
    others = [c["code"] for c in _countries(filter={"attachedToShippingZones": False})]
    assert attached == zoned and "TH" in attached
    assert sorted(attached + others) == codes and not set(attached) & set(others)


def test_a_country_staff_add_to_a_zone_joins_the_countries_parcels_reach():
    zone = ShippingZone.objects.get(countries__country="GB")
    assert "IS" not in [c["code"] for c in _countries(filter={"attachedToShippingZones": True})]
    ZoneCountry.objects.create(zone=zone, country="IS")
    assert "IS" in [c["code"] for c in _countries(filter={"attachedToShippingZones": True})]


@pytest.mark.parametrize("language, japan, kosovo", [("TH", "ญี่ปุ่น", "โคโซโว"), ("EN_GB", "Japan", "Kosovo"),
                                                     ("JA", "日本", "コソボ"), ("FR_FR", "Japon", "Kosovo")])
def test_countries_are_named_in_the_language_asked_for(language, japan, kosovo):
    named = {country["code"]: country["country"] for country in _countries(lang=language)}
    assert (named["JP"], named["XK"]) == (japan, kosovo)


def test_the_payment_gateway_follows_the_channels_staff_switch_on_and_off():
    # given both channels on: the one gateway, Stripe, for either channel or currency
    assert [g["id"] for g in data(GATEWAYS, {"channel": "intl-usd"})["shop"]["availablePaymentGateways"]] == [STRIPE]
    assert [g["id"] for g in data(GATEWAYS, {"currency": "usd"})["shop"]["availablePaymentGateways"]] == [STRIPE]
    assert data(GATEWAYS, {"currency": "EUR"})["shop"]["availablePaymentGateways"] == []

    # when staff switch the dollar channel off
    usd = Channel.objects.get(slug="intl-usd")
    usd.is_active = False
    usd.save()

    # then dollars are neither a currency of the shop nor paid through any gateway
    assert data("{ shop { channelCurrencies } }")["shop"]["channelCurrencies"] == ["THB"]
    assert data(GATEWAYS, {"currency": "USD"})["shop"]["availablePaymentGateways"] == []
    # and asking for the channel by name is a GraphQL error naming it, not a 500
    status, body = post(GATEWAYS, {"channel": "intl-usd"})
    assert status == 200 and body["errors"][0]["message"] == "Channel with 'intl-usd' slug does not exist or is not active."


def test_the_whole_shop_query_reads_a_few_rows(django_assert_max_num_queries):
    data(SHOP)  # the process's kept channels, read once
    with django_assert_max_num_queries(2):  # the channels' currencies; the zones' countries
        data(SHOP.replace("channelCurrencies", "channelCurrencies countries(filter: {attachedToShippingZones: true}) { code }"))


GATEWAY = [{"id": STRIPE, "currencies": ["THB", "USD"]}]
NOT_A_CHANNEL = "Channel with '{}' slug does not exist or is not active."


@pytest.mark.parametrize("variables, answer, error", [
    ({}, GATEWAY, None), ({"channel": None, "currency": None}, GATEWAY, None),
    ({"channel": "x" * 300}, None, NOT_A_CHANNEL.format("x" * 300)), ({"channel": "th-THB"}, None, NOT_A_CHANNEL.format("th-THB")),
    ({"currency": ""}, [], None), ({"currency": "\u202eDSU"}, [], None), ({"currency": "x" * 10_000}, [], None),
    ({"currency": " thb "}, GATEWAY, None),
])
def test_odd_gateway_arguments_get_an_answer_or_a_graphql_error_never_a_500(variables, answer, error):
    status, body = post(GATEWAYS, variables)
    assert status == 200
    if error:
        assert body["errors"][0]["message"] == error
    else:
        assert body["data"]["shop"]["availablePaymentGateways"] == answer


def test_a_nul_in_an_argument_is_refused_before_anything_runs():
    status, body = post(GATEWAYS, {"currency": "a\x00b"})
    assert status == 400 and "NUL" in body["errors"][0]["message"]


@pytest.mark.parametrize("variables", [{"lang": "KLINGON"}, {"lang": ""}, {"filter": {"attachedToShippingZones": "yes"}},
                                       {"filter": {"nope": True}}, {"filter": None}])
def test_odd_country_arguments_are_a_graphql_error_or_every_country(variables):
    status, body = post(COUNTRIES, variables)
    if "errors" in body:
        assert status == 400 and body["errors"][0]["message"]
    else:
        assert len(body["data"]["shop"]["countries"]) == 251
