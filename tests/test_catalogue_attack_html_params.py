"""Query parameters of the storefront's search, all-products, category and province pages that
name nothing, contradict each other or point past the end: the page says which it left out and
shows what the rest asks for, never an empty page that looks like "nothing matches"."""
import re

import pytest

from marketplace.testing.factories import ProducerFactory, certified_product, province

pytestmark = pytest.mark.django_db
NOTE = "Some filters could not be used and were left out: {}."


@pytest.fixture
def products():
    lampang = ProducerFactory(province=province("TH-52"))
    return [
        certified_product(name_th="ผ้าไหมมัดหมี่ ลายโบราณ", name_en="Silk scarf", category="textiles",
                          producer=lampang, stars=5, price="120.00"),
        certified_product(name_th="ผ้าไหมยกดอก", name_en="Brocade silk", category="textiles",
                          producer=lampang, stars=3, price="900.00"),
    ]


def codes_on(response):
    return re.findall(r'data-code="([^"]+)"', response.content.decode())


def all_codes(products):
    return sorted(p.profile.programme_code for p in products)


@pytest.mark.parametrize("path, params", [
    ("/en/search/", {"q": "silk"}),
    ("/en/catalogue/", {}),
])
@pytest.mark.parametrize("bad, named", [
    ({"province": "TH-99"}, "province"),  # the pattern of a code, but no province has it
    ({"province": "TH-00"}, "province"),
    ({"price_min": "500", "price_max": "100"}, "price_max, price_min"),  # no price lies between them
    ({"producer": str(2 ** 31)}, "producer"),  # past any id the database can hold
    ({"producer": "999999"}, "producer"),  # no producer has it
    ({"producer": "inactive"}, "producer"),  # one shoppers may not see (replaced by its id below)
])
def test_values_that_name_nothing_or_contradict_are_left_out_with_a_note(client, products, path, params, bad,
                                                                         named):
    if bad.get("producer") == "inactive":
        bad = {"producer": str(ProducerFactory(active=False).pk)}
    # when
    response = client.get(path, {**params, **bad})
    # then
    assert response.status_code == 200
    assert NOTE.format(named) in response.content.decode()
    assert sorted(codes_on(response)) == all_codes(products)


def test_a_producer_shoppers_may_see_still_filters(client, products):
    other = certified_product(name_th="ผ้าไหมลายน้ำไหล", name_en="Silk runner", category="textiles", price="300.00")
    response = client.get("/en/search/", {"q": "silk", "producer": other.profile.producer_id})
    assert "could not be used" not in response.content.decode()
    assert codes_on(response) == [other.profile.programme_code]


def test_a_known_province_and_a_sound_price_range_still_filter(client, products):
    response = client.get("/en/search/", {"q": "silk", "province": "TH-52", "price_min": "100", "price_max": "500"})
    assert "could not be used" not in response.content.decode()
    assert codes_on(response) == [products[0].profile.programme_code]
    elsewhere = client.get("/en/search/", {"q": "silk", "province": "TH-51"})
    assert "could not be used" not in elsewhere.content.decode() and codes_on(elsewhere) == []


@pytest.mark.parametrize("page", ["2", "9999"])
def test_a_search_page_past_the_last_shows_the_first_and_says_so(client, products, page):
    # given two results: one page
    # when
    response = client.get("/en/search/", {"q": "silk", "page": page})
    html = response.content.decode()
    # then: not "no products match" under "2 certified products"
    assert response.status_code == 200
    assert NOTE.format("page") in html
    assert sorted(codes_on(response)) == all_codes(products)
    assert "No certified products match" not in html
