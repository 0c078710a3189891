"""`make demo` gives the shop its content: the programmes' fairs and campaigns as collections (Thai and
English, a drawn banner, published in their channels, "featured-products" for Saleor's storefront home)
and the pages about, shipping, returns, privacy, terms and contact in Thai and English, linked from the
Django shop's footer in the shopper's language. Running it again changes nothing staff edited."""
import re

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.management import call_command
from oscar.core.loading import get_model
from PIL import Image

from catalog_import.demo_content.pages import DEMO_PAGES
from marketplace.catalog.models import CollectionProfile, OtopCategory
from marketplace.certification.models import StandardType
from marketplace.provinces.models import Province
from marketplace.testing.factories import ProducerFactory, certified_product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]
Range = get_model("offer", "Range")
PAGE_SLUGS = ["about", "shipping", "returns", "privacy", "terms", "contact"]


@pytest.fixture
def catalogue():
    """A Lampang rooster bowl (five stars), a Halal snack and a gift set (three stars)."""
    lampang = ProducerFactory(province=Province.objects.get(name_en="Lampang"))
    bowl = certified_product(producer=lampang, name_th="ชามตราไก่ เขียนลายมือ", name_en="Rooster bowl", stars=5,
                             category=OtopCategory.HOUSEHOLD)
    snack = certified_product(name_th="ข้าวแต๋น", name_en="Rice crackers", stars=4, category=OtopCategory.FOOD,
                              standards=((StandardType.HALAL, "H-1"),))
    gift = certified_product(name_th="ผ้าไหม รุ่นของขวัญ", name_en="Silk gift edition", stars=3)
    return bowl, snack, gift


def _products(slug):
    return list(Range.objects.get(slug=slug).included_products.order_by("rangeproduct__display_order"))


def test_the_command_creates_collections_and_pages_and_a_second_run_keeps_what_staff_changed(catalogue, capsys):
    bowl, snack, gift = catalogue

    # when the demo content is loaded
    call_command("load_demo_content")

    # then every page is there in Thai and English
    for slug in PAGE_SLUGS:
        assert FlatPage.objects.get(url=f"/{slug}/").sites.exists()
        assert FlatPage.objects.get(url=f"/en/{slug}/").title
    # and the fairs and campaigns hold the products their rule picks, best rated first
    assert _products("featured-products") == [snack, bowl, gift]  # one category after another
    assert _products("lampang-ceramics-fair-bangkok") == [bowl]
    assert _products("five-star-selection") == [bowl]
    assert _products("halal-selection") == [snack]
    assert _products("new-year-gifts") == [gift]
    fair = CollectionProfile.objects.get(range__slug="lampang-ceramics-fair-bangkok")
    assert (fair.name_th, fair.name_en) == ("งานเซรามิกลำปาง ณ กรุงเทพฯ", "Lampang Ceramics Fair in Bangkok")
    assert [channel.slug for channel in fair.channels.all()] == ["th-thb"]  # the fair is in Bangkok
    with fair.background_image.open() as stored, Image.open(stored) as banner:
        assert banner.size == (1600, 600)

    # given staff then rewrite a page and rename a collection
    FlatPage.objects.filter(url="/about/").update(content="<p>ของเราเอง</p>")
    CollectionProfile.objects.filter(range__slug="new-year-gifts").update(name_en="Gifts 2570")

    # when the command runs again (make run runs it at every start)
    capsys.readouterr()
    call_command("load_demo_content")

    # then it creates nothing and keeps what staff wrote
    assert "0 pages created" in capsys.readouterr().out
    assert FlatPage.objects.count() == len(DEMO_PAGES) * 2 == 12
    assert FlatPage.objects.get(url="/about/").content == "<p>ของเราเอง</p>"
    assert CollectionProfile.objects.get(range__slug="new-year-gifts").name_en == "Gifts 2570"
    assert Range.objects.count() == 5 and _products("halal-selection") == [snack]


def _footer_links(html):
    footer = html[html.index("<footer"):html.index("</footer>")]
    return dict((name.strip(), href) for href, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer))


@pytest.mark.parametrize("home, about, shipping, contact", [
    ("/", ("เกี่ยวกับเรา", "/about/"), ("การจัดส่ง", "/shipping/"), ("ติดต่อเรา", "/contact/")),
    ("/en/", ("About us", "/en/about/"), ("Shipping", "/en/shipping/"), ("Contact us", "/en/contact/")),
])
def test_the_shop_footer_links_the_pages_in_the_shoppers_language_and_they_open(client, catalogue, home, about,
                                                                                 shipping, contact):
    call_command("load_demo_content")

    # when a shopper opens the home page in Thai or English
    links = _footer_links(client.get(home).content.decode())

    # then the footer links the pages in that language, and the fair
    for name, href in (about, shipping, contact):
        assert links[name] == href
    fair = "งานเซรามิกลำปาง ณ กรุงเทพฯ" if home == "/" else "Lampang Ceramics Fair in Bangkok"
    assert links[fair].endswith("/catalogue/ranges/lampang-ceramics-fair-bangkok/")
    for slug in ("privacy", "terms", "returns"):
        assert f"{home}{slug}/" in links.values()
    # and each opens the page, with its title in that language, the fair with its name and description
    for name, href in (about, shipping, contact, (fair, links[fair])):
        page = client.get(href)
        assert page.status_code == 200 and f"<h1>{name}</h1>" in page.content.decode()
    description = "ชามตราไก่และเซรามิกจากเตาลำปาง" if home == "/" else "Rooster bowls and ceramics from Lampang"
    assert description in client.get(links[fair]).content.decode()


def test_a_page_without_an_english_version_is_linked_in_thai_from_the_english_footer(client, catalogue):
    call_command("load_demo_content")
    FlatPage.objects.filter(url="/en/terms/").delete()
    links = _footer_links(client.get("/en/").content.decode())
    assert links["ข้อกำหนดการใช้บริการ"] == "/terms/"
    assert client.get("/en/terms/").status_code == 404 and client.get("/terms/").status_code == 200
