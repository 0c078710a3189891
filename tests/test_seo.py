"""What search engines and link previews read: meta description, Open Graph, canonical and
hreflang on the storefront's pages, a product's JSON-LD priced by the shop's own price rule, the
sitemap (listed products only) and robots.txt."""
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from marketplace.certification.models import CertificationStatus
from marketplace.provinces.models import Province
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db


def _json_ld(html):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def _shown_price(html):
    """The number in the product page's price (฿350.00, $10.99 …)."""
    shown = re.search(r'<p class="price_color">([^<]*)</p>', html).group(1)
    return Decimal(re.sub(r"[^0-9.]", "", shown))


def _offers(html):
    (product,) = _json_ld(html)
    return {offer["priceCurrency"]: offer for offer in product.get("offers", [])}


def test_the_json_ld_price_is_the_price_on_the_page_in_baht_and_in_dollars(client):
    # given a listed product at 350 baht
    product = certified_product(price="350.00")
    url = product.get_absolute_url()

    # when a shopper looks at it in baht, then switches to dollars
    in_baht = client.get(url).content.decode()
    client.post(reverse("otop_basket:currency"), {"currency": "USD"})
    in_dollars = client.get(url).content.decode()

    # then each page's JSON-LD offer in that currency carries the price the page shows
    assert _shown_price(in_baht) == Decimal("350.00")
    assert Decimal(_offers(in_baht)["THB"]["price"]) == _shown_price(in_baht)
    assert Decimal(_offers(in_dollars)["USD"]["price"]) == _shown_price(in_dollars)
    assert "$" in re.search(r'<p class="price_color">([^<]*)</p>', in_dollars).group(1)
    assert _offers(in_baht)["THB"]["availability"] == "https://schema.org/InStock"


def test_a_sold_out_product_is_offered_out_of_stock(client):
    product = certified_product(num_in_stock=0)

    offers = _offers(client.get(product.get_absolute_url()).content.decode())

    assert {offer["availability"] for offer in offers.values()} == {"https://schema.org/OutOfStock"}


def test_an_unlisted_product_has_no_offer_and_is_not_in_the_sitemap(client):
    # given a listed product and one whose certification expired, which staff can still open
    listed = certified_product()
    unlisted = certified_product(status=CertificationStatus.EXPIRED, name_th="ผ้าหมดอายุ")
    staff = get_user_model().objects.create_user("staff@example.com", "staff@example.com", "pw", is_staff=True,
                                                 is_superuser=True)
    client.force_login(staff)

    # when staff opens the unlisted product and a crawler reads the sitemap
    page = client.get(unlisted.get_absolute_url())
    client.logout()
    sitemap = client.get("/sitemap.xml").content.decode()

    # then the page describes the product without offering it, and the sitemap names only the listed one
    assert page.status_code == 200
    (data,) = _json_ld(page.content.decode())
    assert data["name"] == "ผ้าหมดอายุ" and "offers" not in data
    assert f"http://testserver{listed.get_absolute_url()}</loc>" in sitemap
    assert f"http://testserver/en{listed.get_absolute_url()}</loc>" in sitemap
    assert unlisted.get_absolute_url() not in sitemap


def test_the_sitemap_has_categories_and_provinces_in_thai_and_english_with_alternates(client):
    chiang_mai = Province.objects.get(iso_code="TH-50")

    sitemap = client.get("/sitemap.xml")

    body = sitemap.content.decode()
    assert sitemap["Content-Type"].startswith("application/xml")
    assert f"<loc>http://testserver{chiang_mai.get_absolute_url()}</loc>" in body
    assert f"<loc>http://testserver/en{chiang_mai.get_absolute_url()}</loc>" in body
    assert "/catalogue/category/" in body
    assert 'hreflang="en" href="http://testserver/en/provinces/' in body


def test_the_sitemap_costs_the_same_queries_for_one_product_as_for_many(client, django_assert_max_num_queries):
    certified_product()
    with django_assert_max_num_queries(50) as one:
        client.get("/sitemap.xml")
    for _ in range(5):
        certified_product()
    with django_assert_max_num_queries(len(one.captured_queries)):
        many = client.get("/sitemap.xml")
    assert many.content.decode().count("/catalogue/") >= 12  # six products, two languages each


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client):
    robots = client.get("/robots.txt")

    lines = robots.content.decode().splitlines()
    assert robots["Content-Type"].startswith("text/plain")
    for path in ("/basket/", "/checkout/", "/accounts/", "/dashboard/", "/en/basket/", "/en/checkout/",
                 "/en/accounts/", "/en/dashboard/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def _head(html, pattern):
    return re.findall(pattern, html)


@pytest.mark.parametrize("where", ["home", "product", "category", "province", "content page"])
def test_each_page_has_a_description_open_graph_canonical_and_hreflang(client, where):
    # given a page of each kind, read in English
    product = certified_product(name_en="Lamphun brocade silk")
    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site

    for url in ("/about-otop/", "/en/about-otop/"):  # the Thai page and its English version
        FlatPage.objects.create(url=url, title="About OTOP", content="<p>One Tambon One Product.</p>").sites.add(
            Site.objects.get_current())
    paths = {"home": "/", "product": product.get_absolute_url(),
             "category": product.categories.first().get_absolute_url(),
             "province": Province.objects.get(iso_code="TH-51").get_absolute_url(), "content page": "/about-otop/"}

    # when it is opened in English
    response = client.get("/en" + paths[where])

    # then it names itself for search engines and link previews, with absolute addresses
    html = response.content.decode()
    assert response.status_code == 200
    (description,) = _head(html, r'<meta name="description" content="([^"]+)">')
    assert description.strip()
    assert _head(html, r'<link rel="canonical" href="([^"]+)">') == [f"http://testserver/en{paths[where]}"]
    assert _head(html, r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">') == [
        ("th", f"http://testserver{paths[where]}"), ("en", f"http://testserver/en{paths[where]}")]
    og = dict(_head(html, r'<meta property="og:(\w+)" content="([^"]*)">'))
    assert og["url"] == f"http://testserver/en{paths[where]}"
    assert og["image"].startswith("http://testserver/") and og["title"] and og["locale"] == "en_US"
    if where == "product":
        assert og["type"] == "product" and og["title"] == "Lamphun brocade silk"
        assert og["image"] == "http://testserver/placeholder/1024/original/"  # no photo yet: the drawn placeholder
