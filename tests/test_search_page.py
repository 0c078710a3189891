"""The storefront search page at /search/ (Thai) and /en/search/ (English)."""
import re

import pytest

from marketplace.certification.models import CertificationStatus, StandardType
from marketplace.testing.factories import ProducerFactory, certified_product, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def products():
    lampang = ProducerFactory(province=province("TH-52"))
    return [
        certified_product(name_th="ชามตราไก่ เขียนลายมือ", name_en="Lampang rooster bowl", category="household",
                          producer=lampang, stars=5, price="250.00"),
        certified_product(name_th="ชามตราไก่ ขนาดเล็ก", name_en="", category="household", producer=lampang, stars=3,
                          price="120.00", standards=((StandardType.GI, "สช 123"),)),
        certified_product(name_th="ชามตราไก่ รุ่นเก่า", name_en="", category="household", producer=lampang,
                          status=CertificationStatus.EXPIRED),
    ]


def codes_on(response):
    return re.findall(r'data-code="([^"]+)"', response.content.decode())


def test_thai_page_lists_results_with_facets_in_thai(client, products):
    response = client.get("/search/", {"q": "ชามไก่"})
    html = response.content.decode()
    assert response.status_code == 200
    assert codes_on(response) == [products[0].profile.programme_code, products[1].profile.programme_code]
    assert "สินค้าที่ตรงกับ" in html and "ระดับดาว" in html and "เรียงตาม" in html
    assert 'data-facet="province"' in html and "ลำปาง" in html


def test_english_page_with_filter_sort_and_did_you_mean(client, products):
    response = client.get("/en/search/", {"q": "rooster bwol", "sort": "price", "min_stars": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert codes_on(response) == [products[1].profile.programme_code, products[0].profile.programme_code]
    assert 'Showing results for <a href="?min_stars=1&amp;q=rooster+bowl&amp;sort=price">rooster bowl</a>.' in html
    assert "Products matching" in html and "Lampang" in html


def test_facet_links_filter_the_results(client, products):
    page = client.get("/en/search/", {"q": "rooster bowl"}).content.decode()
    gi_link = re.search(r'data-facet="standard".*?<a href="([^"]+)"[^>]*>[^<]*GI', page, re.S).group(1)
    filtered = client.get("/en/search/" + gi_link.replace("&amp;", "&"))
    assert codes_on(filtered) == [products[1].profile.programme_code]


def test_bad_parameters_are_dropped_with_a_notice_never_an_error(client, products):
    response = client.get("/en/search/", {"q": "rooster", "min_stars": "nine", "province": "<script>",
                                          "page": "-3", "sort": "cheapest", "price_max": "abc"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be used and were left out: min_stars, page, price_max, province, sort" in html
    assert 'value="<script>"' not in html
    assert len(codes_on(response)) == 2


@pytest.mark.parametrize("q", ["", "!!!", "x" * 10_000])
def test_empty_punctuation_and_huge_queries_render_an_empty_page(client, products, q):
    response = client.get("/en/search/", {"q": q})
    assert response.status_code == 200
    assert codes_on(response) == []


def test_header_search_box_points_at_this_page(client, products):
    home = client.get("/en/").content.decode()
    assert re.search(r'<form[^>]+action="/en/search/"[^>]*role="search"', home)


def test_page_costs_the_same_queries_for_many_results_as_for_few(client, products):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(20):
        certified_product(name_th=f"ชามตราไก่ ลาย {n}", category="household")
    client.get("/en/search/", {"q": "ชามตราไก่"})  # session, basket, and the index catching up

    def queries_for(**params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/en/search/", {"q": "ชามตราไก่", **params})
        return len(captured), len(codes_on(response))

    many, few = queries_for(), queries_for(min_stars=5)
    assert (many[1], few[1]) == (22, 1)
    assert many[0] == few[0] <= 20


def test_active_filters_show_names_in_the_shoppers_language(client, products):
    thai = client.get("/search/", {"q": "ชามตราไก่", "province": "TH-52", "category": "household"}).content.decode()
    english = client.get("/en/search/", {"q": "ชามตราไก่", "province": "TH-52"}).content.decode()
    assert re.search(r'class="badge[^"]*"[^>]*>ลำปาง ×', thai)
    assert re.search(r'class="badge[^"]*"[^>]*>Lampang ×', english)


def test_few_exact_matches_are_followed_by_related_products_under_their_own_heading(client, products):
    html = client.get("/en/search/", {"q": "ชามตราไก่ เขียนลายมือ"}).content.decode()
    exact_part, related_part = html.split("Related products")
    assert codes_on_html(exact_part) == [products[0].profile.programme_code]
    assert codes_on_html(related_part) == [products[1].profile.programme_code]


def codes_on_html(html):
    return re.findall(r'data-code="([^"]+)"', html)
