"""``channel { countries }``: the countries a channel sells to, from the shipping zones (where parcels
can go) and the currency their shoppers pay in — the storefront's checkout offers these countries."""
import pytest

from graphql_client import data
from marketplace.channels.models import Channel
from marketplace.shipping.models import ShippingZone, ZoneCountry

pytestmark = pytest.mark.django_db

COUNTRIES = 'query($slug: String) { channel(slug: $slug) { countries { code country } } }'


def _codes(slug):
    return [country["code"] for country in data(COUNTRIES, {"slug": slug})["channel"]["countries"]]


def test_the_usd_channel_lists_every_country_a_parcel_can_go_abroad():
    # when the storefront asks which countries the USD channel ships to
    codes = _codes("intl-usd")

    # then it gets the shipping zones' countries outside Thailand, named in English
    assert codes == sorted(ZoneCountry.objects.exclude(country="TH").values_list("country", flat=True))
    assert {"JP", "US", "GB", "SG"} <= set(codes) and "TH" not in codes
    japan = next(c for c in data(COUNTRIES, {"slug": "intl-usd"})["channel"]["countries"] if c["code"] == "JP")
    assert japan == {"code": "JP", "country": "Japan"}


def test_the_thb_channel_lists_thailand():
    assert _codes("th-thb") == ["TH"]


def test_a_country_staff_add_to_a_zone_is_offered_and_a_channel_list_narrows_it():
    # given staff add Iceland to the Europe zone
    zone = ShippingZone.objects.get(countries__country="GB")
    ZoneCountry.objects.create(zone=zone, country="IS")
    assert "IS" in _codes("intl-usd")

    # when the USD channel is limited to two countries
    Channel.objects.filter(slug="intl-usd").update(countries=["IS", "JP"])

    # then only those are offered
    assert _codes("intl-usd") == ["IS", "JP"]
