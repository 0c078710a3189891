"""The producer portal on a phone-sized screen (390 px wide) in a real browser (Debian's Chromium):
the products page and the price-and-stock page fit the width (no sideways scrolling), their buttons
are large enough to tap, and a new price saved there is what a shopper then sees. The screenshots
are kept in docs/screenshots/ (linked from the README)."""
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from marketplace.certification.models import CertificationStatus
from marketplace.channels.models import DOMESTIC_CHANNEL_SLUG, Channel
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
# How far the page scrolls sideways (0 when it fits), and the smallest height of its buttons.
LAYOUT = """() => [document.documentElement.scrollWidth - document.documentElement.clientWidth,
  Math.min(...[...document.querySelectorAll("#portal .btn, .portal-nav a")]
    .map(e => e.getBoundingClientRect().height))]"""


@pytest.fixture
def member(live_server, page):
    """A member of a weaving group of Lamphun, signed in on a phone-sized tab, and its products."""
    today = timezone.localdate()
    user = UserFactory(username="somsri")
    producer = ProducerFactory(name_th="วิสาหกิจชุมชนทอผ้าไหมบ้านหนองเงือก", name_en="Ban Nong Ngueak Silk Weavers",
                               slug="ban-nong-ngueak", province=province("TH-51"), users=[user])
    products = {
        "listed": certified_product(producer=producer, name_th="ผ้าไหมยกดอกลายพิกุล",
                                    name_en="Pikul brocade silk", price="1850.00", stars=5),
        "ending": certified_product(producer=producer, name_th="ผ้าซิ่นตีนจก", name_en="Teen chok sarong",
                                    price="2400.00", valid_until=today + datetime.timedelta(days=45)),
        "expired": certified_product(producer=producer, name_th="ผ้าพันคอไหมมัดหมี่", name_en="Mudmee silk scarf",
                                     price="650.00", stars=3, valid_from=today - datetime.timedelta(days=800),
                                     valid_until=today - datetime.timedelta(days=20)),
        "no_price": certified_product(producer=producer, name_th="กระเป๋าผ้าไหม", name_en="Silk handbag",
                                      price=None),
        "revoked": certified_product(producer=producer, name_th="หมอนขิด", name_en="Khit pillow", price="450.00",
                                     status=CertificationStatus.REVOKED),
    }
    client = Client()
    client.force_login(user)
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    return {"producer": producer, "products": products}


def _fits_the_phone(page):
    sideways, smallest_button = page.evaluate(LAYOUT)
    assert sideways == 0, f"the page scrolls {sideways} px sideways at 390 px"
    assert smallest_button >= 44, f"a button is {smallest_button} px high"


def test_the_products_page_on_a_phone_in_thai_and_english(live_server, page, member):
    base = f"/producer/{member['producer'].slug}/products/"
    # when the member opens the portal from the account menu on a phone
    page.goto(live_server.url + "/")
    page.click(".account-menu summary")  # the header's account menu
    page.click("#producer_portal_link")
    page.wait_for_url(live_server.url + base)
    # then the page says whose data it is, each product's state and why, in Thai, and fits the phone
    assert "วิสาหกิจชุมชนทอผ้าไหมบ้านหนองเงือก" in page.inner_text("#portal-owner")
    assert "ลำพูน" in page.inner_text("#portal-owner")
    expired = page.inner_text(f"#product-{member['products']['expired'].pk}")
    assert "ไม่ได้วางขาย" in expired and "การคัดสรรหมดอายุเมื่อ" in expired
    assert "ยังไม่มีราคา" in page.inner_text(f"#product-{member['products']['no_price'].pk}")
    assert "การคัดสรรจะหมดอายุวันที่" in page.inner_text(f"#product-{member['products']['ending'].pk}")
    _fits_the_phone(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "portal-products-th.png"), full_page=True)

    # and in English the same page reads in English
    page.goto(live_server.url + "/en" + base)
    assert "Ban Nong Ngueak Silk Weavers" in page.inner_text("#portal-owner")
    assert "certification expired on" in page.inner_text(f"#product-{member['products']['expired'].pk}")
    assert "certification revoked" in page.inner_text(f"#product-{member['products']['revoked'].pk}")
    _fits_the_phone(page)
    page.screenshot(path=str(SCREENSHOTS / "portal-products-en.png"), full_page=True)


def test_the_price_and_stock_page_on_a_phone_saves_at_once(live_server, page, member):
    listed = member["products"]["listed"]
    thb = Channel.objects.get(slug=DOMESTIC_CHANNEL_SLUG)
    # when the member opens a product's price and stock from the products page
    page.goto(live_server.url + f"/producer/{member['producer'].slug}/products/")
    page.click(f"#product-{listed.pk} >> text=ราคาและสต็อก")
    _fits_the_phone(page)
    assert listed.profile.programme_code in page.inner_text("#portal-read-only")
    # and first types a price with too many decimals
    page.fill(f"#id_price_{thb.pk}", "1790.555")
    page.fill("#id_stock", "14")
    page.click("#portal-price-stock button[type=submit]")
    # then the field says what is wrong, in Thai, and the page still fits
    assert "มีทศนิยมได้ไม่เกิน 2 ตำแหน่ง" in page.inner_text("#portal-price-stock")
    _fits_the_phone(page)
    # when they correct it and save
    page.fill(f"#id_price_{thb.pk}", "1790")
    page.click("#portal-price-stock button[type=submit]")
    # then it is saved at once and a shopper sees the new price
    assert "บันทึกแล้ว" in page.inner_text("#portal")
    assert page.input_value("#id_stock") == "14"
    page.screenshot(path=str(SCREENSHOTS / "portal-prices-th.png"), full_page=True)
    shopper = Client()
    assert "1,790.00" in shopper.get(listed.get_absolute_url()).content.decode()
