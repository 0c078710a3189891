"""Sort and filters on category and province pages (issue 16): the search page's filters, sorts
and facets over the search service, as GET parameters, in Thai and English."""
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from marketplace.catalog.models import CategoryNames
from marketplace.certification.models import StandardType
from marketplace.testing.factories import ProducerFactory, certified_product, province

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def food_url():
    """The Thai address (the test client's requests in English leave English active)."""
    with translation.override("th"):
        return CategoryNames.objects.select_related("category").get(code="food").category.get_absolute_url()


def codes_on(response):
    return re.findall(r'data-code="([^"]+)"', response.content.decode())


def code(product):
    return product.profile.programme_code


@pytest.fixture
def foods():
    """Four listed foods: two from Lampang, two from Lamphun; and a Lampang textile."""
    lampang, lamphun = ProducerFactory(province=province("TH-52")), ProducerFactory(province=province("TH-51"))
    return {
        "chili": certified_product(category="food", producer=lampang, stars=5, price="250.00", selection_year=YEAR - 2,
                                   name_th="น้ำพริกหนุ่ม", standards=((StandardType.GI, "สช 1"),)),
        "cracker": certified_product(category="food", producer=lampang, stars=3, price="120.00",
                                     selection_year=YEAR - 1, name_th="ข้าวแต๋น"),
        "longan": certified_product(category="food", producer=lamphun, stars=4, price="500.00", selection_year=YEAR - 2,
                                    name_th="ลำไยอบแห้ง", standards=((StandardType.MPC, "1"), (StandardType.GI, "2"))),
        "honey": certified_product(category="food", producer=lamphun, stars=2, price="80.00", selection_year=YEAR - 1,
                                   name_th="น้ำผึ้ง"),
        "bowl": certified_product(category="household", producer=lampang, stars=5, price="300.00", name_th="ชามตราไก่"),
    }


def test_unfiltered_category_page_shows_its_products_star_level_first_with_facet_counts(client, foods):
    response = client.get(food_url())
    html = response.content.decode()
    assert codes_on(response) == [code(foods[n]) for n in ("chili", "longan", "cracker", "honey")]
    assert "4 certified products" in client.get("/en" + food_url()).content.decode()
    province_facet = html.split('data-facet="province"')[1].split("</section>")[0]
    assert re.search(r"ลำปาง</a> <span[^>]*>\(2\)", province_facet)
    assert re.search(r"ลำพูน</a> <span[^>]*>\(2\)", province_facet)
    assert 'data-facet="category"' not in html  # the page is the category
    standards = html.split('data-facet="standard"')[1].split("</section>")[0]
    assert re.search(r">\(2\)</span>", standards)  # GI: the chili and the longan


@pytest.mark.parametrize("params, expected", [
    ({"min_stars": "4"}, ["chili", "longan"]),
    ({"price_min": "100", "price_max": "300"}, ["chili", "cracker"]),
    ({"price_max": "100"}, ["honey"]),
    ({"province": "TH-51"}, ["longan", "honey"]),
    ({"standard": "gi"}, ["chili", "longan"]),
    ({"standard": ["gi", "mpc"]}, ["longan"]),
    ({"min_stars": "3", "province": "TH-52"}, ["chili", "cracker"]),
])
def test_each_filter_narrows_what_the_category_page_shows(client, foods, params, expected):
    response = client.get(food_url(), params)
    assert response.status_code == 200
    assert codes_on(response) == [code(foods[n]) for n in expected]


@pytest.mark.parametrize("sort, expected", [
    ("stars", ["chili", "longan", "cracker", "honey"]),
    ("price", ["honey", "cracker", "chili", "longan"]),
    ("-price", ["longan", "chili", "cracker", "honey"]),
    ("newest", ["cracker", "honey", "chili", "longan"]),
])
def test_each_sort_orders_the_category_page(client, foods, sort, expected):
    assert codes_on(client.get(food_url(), {"sort": sort})) == [code(foods[n]) for n in expected]


def test_facet_links_and_the_sort_form_are_bookmarkable_addresses(client, foods):
    page = client.get("/en" + food_url()).content.decode()
    lamphun = re.search(r'data-facet="province".*?<a href="([^"]+)"[^>]*>Lamphun</a>', page, re.S).group(1)
    filtered = client.get("/en" + food_url() + lamphun.replace("&amp;", "&"))
    assert codes_on(filtered) == [code(foods["longan"]), code(foods["honey"])]
    html = filtered.content.decode()
    assert 'class="listing-controls"' in html or "listing-controls" in html
    assert '<input type="hidden" name="province" value="TH-51">' in html  # the sort form keeps the filter
    assert "Lamphun ×" in html  # the filter in use, with its remove link


def test_province_page_filters_by_category_and_stars_and_sorts_by_price(client, foods):
    lampang = reverse("provinces:detail", kwargs={"slug": "lampang"})
    assert codes_on(client.get(lampang)) == [code(foods[n]) for n in ("bowl", "chili", "cracker")]
    assert codes_on(client.get(lampang, {"category": "food"})) == [code(foods["chili"]), code(foods["cracker"])]
    assert codes_on(client.get(lampang, {"min_stars": "5", "sort": "-price"})) == [
        code(foods["bowl"]), code(foods["chili"])]
    html = client.get(lampang).content.decode()
    assert 'data-facet="category"' in html and 'data-facet="province"' not in html
    assert 'data-facet="region"' not in html


def test_the_all_products_page_browses_every_listed_product_with_the_category_among_its_filters(client, foods):
    unlisted = certified_product(category="food", stars=5, price=None, name_th="ไม่มีราคา")
    all_products = reverse("otop_catalog:index")
    response = client.get(all_products)
    html = response.content.decode()
    assert codes_on(response) == [code(foods[n]) for n in ("bowl", "chili", "longan", "cracker", "honey")]
    assert code(unlisted) not in html
    category_facet = html.split('data-facet="category"')[1].split("</section>")[0]
    assert re.search(r"\(4\)", category_facet) and re.search(r"\(1\)", category_facet)  # food 4, household 1
    assert codes_on(client.get(all_products, {"category": "household"})) == [code(foods["bowl"])]
    assert codes_on(client.get(all_products, {"sort": "price", "province": "TH-52"})) == [
        code(foods[n]) for n in ("cracker", "chili", "bowl")]
    assert "5 certified products" in client.get("/en" + all_products).content.decode()


def test_pages_and_labels_in_thai_and_english(client, foods):
    thai = client.get(food_url()).content.decode()
    english = client.get("/en" + food_url()).content.decode()
    assert "เรียงตาม" in thai and "ระดับดาว" in thai and "มาตรฐาน" in thai and "ราคา (THB)" in thai
    assert "ใช้ตัวกรอง" in thai and "ราคาต่ำสุด" in thai
    assert "ไม่มีสินค้าที่ผ่านการคัดสรรตรงกับตัวกรองเหล่านี้" in client.get(food_url(), {"price_min": "9999"}).content.decode()
    assert "Sort by" in english and "Star level" in english and "Price: low to high" in english
    assert "Sort by" not in thai


@pytest.mark.parametrize("params, invalid", [
    ({"min_stars": "9"}, "min_stars"),
    ({"price_min": "abc"}, "price_min"),
    ({"price_max": "-5", "sort": "relevance"}, "price_max, sort"),
    ({"standard": "nope", "province": "<script>"}, "province, standard"),
])
def test_bad_parameters_give_the_unfiltered_page_with_a_note_never_an_error(client, foods, params, invalid):
    for prefix in ("", "/en"):
        response = client.get(prefix + food_url(), params)
        html = response.content.decode()
        assert response.status_code == 200
        assert codes_on(response) == [code(foods[n]) for n in ("chili", "longan", "cracker", "honey")]
        assert 'value="<script>"' not in html
    english = client.get("/en" + food_url(), params).content.decode()
    assert f"Some filters could not be used and were left out: {invalid}." in english
    thai = client.get(food_url(), params).content.decode()
    assert "alert-warning" in thai and invalid.split(",")[0] in thai


@pytest.mark.parametrize("page", ["x", "0", "-1", "99999999"])
def test_a_page_number_that_is_not_one_is_not_found_as_on_every_listing(client, foods, page):
    assert client.get(food_url(), {"page": page, "min_stars": "4"}).status_code == 404


def test_bad_parameters_on_a_province_page_too(client, foods):
    response = client.get(reverse("provinces:detail", kwargs={"slug": "lampang"}), {"min_stars": "9",
                                                                                    "price_max": "abc"})
    assert response.status_code == 200 and len(codes_on(response)) == 3
    assert "min_stars, price_max" in response.content.decode()


def test_paging_keeps_the_filters_and_the_sort(client):
    producer = ProducerFactory()
    for n in range(26):
        certified_product(category="food", producer=producer, stars=5 if n % 2 else 3, price=f"{100 + n}.00")
    first = client.get("/en" + food_url(), {"min_stars": "4", "sort": "-price"})  # 13 five-star ones
    assert len(codes_on(first)) == 13
    everything = client.get("/en" + food_url(), {"sort": "price"})
    html = everything.content.decode()
    assert "Page 1 of 2" in html
    next_url = re.search(r'<a class="page-link" href="\?([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "sort=price" in next_url and "page=2" in next_url
    second = client.get("/en" + food_url() + "?" + next_url)
    assert len(codes_on(second)) == 2
    assert client.get(food_url(), {"page": "3"}).status_code == 404


def test_no_match_says_so_with_a_way_back(client, foods):
    html = client.get("/en" + food_url(), {"min_stars": "5", "price_max": "100"}).content.decode()
    assert "No certified products match these filters." in html and '<a href="?">Show them all</a>' in html


def test_a_sub_category_outside_the_index_keeps_its_plain_listing(client):
    from oscar.core.loading import get_model

    Category, ProductCategory = get_model("catalogue", "Category"), get_model("catalogue", "ProductCategory")
    textiles = CategoryNames.objects.get(code="textiles").category
    silk = Category.objects.add_child(textiles, dict(name="Silk", slug="silk"))
    product = certified_product()
    ProductCategory.objects.filter(product=product).update(category=silk)
    response = client.get(Category.objects.get(pk=silk.pk).get_absolute_url(), {"min_stars": "9"})
    assert response.status_code == 200 and codes_on(response) == [code(product)]
    assert "listing-controls" not in response.content.decode()


@pytest.mark.parametrize("page", ["category", "province", "all products"])
def test_filtered_pages_cost_the_same_queries_for_1_and_24_products(client, page):
    producer = ProducerFactory(province=province("TH-52"))
    certified_product(category="food", producer=producer, stars=5, standards=((StandardType.GI, "1"),))
    url = {"category": food_url(), "province": reverse("provinces:detail", kwargs={"slug": "lampang"}),
           "all products": reverse("otop_catalog:index")}[page]
    params = {"min_stars": "4", "standard": "gi", "price_max": "1000", "sort": "-price"}
    client.get(url, params)  # warm caches
    one = _count(client, url, params)
    for n in range(30):
        certified_product(category="food", producer=producer, stars=4 + n % 2, standards=((StandardType.GI, "1"),))
    client.get(url, params)  # the new products reach the index
    assert _count(client, url, params) == one
    assert len(codes_on(client.get(url, params))) == 24


def _count(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)
