"""The producer's "Edit listing" page on a phone (390 px wide, Debian's Chromium): a producer
changes the English name and adds a photo from a file, sends it for approval, and sees it waiting;
shoppers still see the approved name. Screenshots in Thai and English are kept in docs/screenshots/."""
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from marketplace.moderation import changes
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])


def fits_the_phone(page):
    return page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_producer_sends_an_edit_with_a_photo_from_the_phone(live_server, page, settings, tmp_path):
    # given a producer's member and their silk scarf
    settings.MEDIA_ROOT = tmp_path / "media"
    member = UserFactory()
    producer = ProducerFactory(name_th="กลุ่มทอผ้าบ้านดอน", name_en="Ban Don Weavers", users=[member])
    scarf = certified_product(producer=producer, name_th="ผ้าพันคอไหม", name_en="Silk scarf")
    picture = tmp_path / "ผ้าพันคอ.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (150, 40, 60)).save(buffer, "JPEG")
    picture.write_bytes(buffer.getvalue())
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, member)

    # when they open the page in Thai on a phone, change the English name and add a photo
    page.goto(f"{live_server.url}/producer/{producer.slug}/products/{scarf.pk}/edit/")
    assert "แก้ไขข้อมูลสินค้า" in page.inner_text("h1")
    assert page.get_attribute("input[type=file]", "capture") == "environment"
    page.fill("#id_name_en", "Hand-woven silk scarf")
    page.fill("#id_net_weight_g", "๑๘๐")  # Thai digits, as a Thai keyboard types them
    page.set_input_files("input[type=file]", str(picture))
    page.fill("#id_new_photo_alt", "ผ้าพันคอสีแดง พับสองทบ")
    page.click("#listing-form button[type=submit]")

    # then the page says the change waits for approval, with the new photo, and fits the phone
    page.wait_for_selector("#pending-change")
    assert "รออนุมัติ" in page.inner_text("#pending-change")
    assert page.evaluate("() => document.querySelector('#pending-change img').naturalWidth") == 800
    assert fits_the_phone(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "moderation-edit-th.png"), full_page=True)
    change = changes.pending_for(scarf)
    assert change.fields == {"name_en": "Hand-woven silk scarf", "net_weight_g": "180.00"}
    assert change.photo_ops.get().alt_text == "ผ้าพันคอสีแดง พับสองทบ"

    # and in English the same page reads in English
    page.goto(f"{live_server.url}/en/producer/{producer.slug}/products/{scarf.pk}/edit/")
    assert "Waiting for approval" in page.inner_text("#pending-change")
    assert fits_the_phone(page)
    page.screenshot(path=str(SCREENSHOTS / "moderation-edit-en.png"), full_page=True)

    # while shoppers still see the approved name
    page.goto(f"{live_server.url}/en{scarf.get_absolute_url().removeprefix('/en')}")
    assert "Silk scarf" in page.inner_text("main, body") and "Hand-woven" not in page.content()
