"""A programme officer of Lampang in a real browser (Debian's Chromium): the moderation queue,
a change's diff with the proposed photo as a thumbnail, a rejection with its reason, and the
province's products and figures, in Thai then English. Screenshots for the README are written to
docs/screenshots/officers-*.png."""
import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from buying import order_for
from marketplace.moderation import changes
from marketplace.moderation.models import ChangeStatus, ContentChange
from marketplace.officers.models import ProgrammeOfficer
from marketplace.orders.models import ProducerShipment, ShipmentStatus
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def photo():
    data = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 40, 60)).save(data, "JPEG")
    return SimpleUploadedFile("scarf.jpg", data.getvalue(), content_type="image/jpeg")


def test_an_officer_reviews_the_queue_and_the_province_in_thai_and_english(live_server, page, settings, tmp_path):
    # given an officer of Lampang, a Lampang product with a proposed change and photo, and Loei's
    settings.MEDIA_ROOT = tmp_path / "media"
    officer = UserFactory(is_staff=True, first_name="สมศรี", last_name="ลำปาง")
    ProgrammeOfficer.objects.create(user=officer).provinces.set([province("TH-52")])
    member = UserFactory()
    weavers = ProducerFactory(province=province("TH-52"), users=[member], name_th="กลุ่มทอผ้าเกาะคา",
                              name_en="Ko Kha Weavers")
    scarf = certified_product(producer=weavers, name_th="ผ้าพันคอฝ้ายทอมือ", name_en="Hand-woven cotton scarf")
    certified_product(producer=weavers, name_th="ชามตราไก่", name_en="Rooster bowl", category="household", stars=5,
                      valid_until=timezone.localdate() + datetime.timedelta(days=45))
    ProducerFactory(province=province("TH-52"), name_th="วิสาหกิจชุมชนแม่ทะ", name_en="Mae Tha Enterprise")
    loei = certified_product(producer=ProducerFactory(province=province("TH-42"), users=[UserFactory()]),
                             name_th="ผ้าฝ้ายเมืองเลย", name_en="Loei cotton")
    changes.submit(loei, None, fields={"name_en": "Loei cotton cloth"})
    change = changes.submit(scarf, member, fields={"name_en": "Hand-woven indigo cotton scarf",
                                                   "story_th": "ย้อมครามธรรมชาติจากบ้านเกาะคา"},
                            photo_ops=[{"action": "add", "file": photo(), "alt": "ผ้าพันคอสีคราม"}])
    paid = order_for((scarf, 2))
    ProducerShipment.objects.filter(order=paid).update(status=ShipmentStatus.TO_SHIP)
    client = Client()
    client.force_login(officer)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])

    # when the officer opens the queue, in Thai then English
    page.goto(live_server.url + "/officer/queue/")
    rows = page.locator("#officer-queue .change-row")
    assert rows.count() == 1 and "ผ้าพันคอฝ้ายทอมือ" in rows.first.inner_text()
    assert "ผ้าฝ้ายเมืองเลย" not in page.content()
    page.screenshot(path=str(SCREENSHOTS / "officers-queue-th.png"), full_page=True)
    page.goto(live_server.url + "/en/officer/queue/")
    assert "Moderation queue" in page.inner_text("h1")
    page.screenshot(path=str(SCREENSHOTS / "officers-queue-en.png"), full_page=True)

    # then the change shows current against proposed, the new photo as a thumbnail
    page.click("#officer-queue .change-row a")
    page.wait_for_selector("#change-diff")
    assert "Hand-woven indigo cotton scarf" in page.inner_text("#change-diff")
    thumbnail = page.locator("#change-diff td.proposed img")
    assert thumbnail.count() == 1
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") == 320  # loaded, not broken

    # and a rejection without a reason is refused, with one it is recorded
    page.fill("#id_reason", "   ")
    page.click("#reject-form button[type=submit]")
    page.wait_for_selector("#reason-error")
    page.fill("#id_reason", "Please photograph the scarf in daylight.")
    page.click("#reject-form button[type=submit]")
    page.wait_for_selector("#officer-queue")
    change = ContentChange.objects.get(pk=change.pk)
    assert change.status == ChangeStatus.REJECTED and change.reason == "Please photograph the scarf in daylight."

    # the province's products and figures, Thai then English, without Loei
    page.goto(live_server.url + "/officer/")
    assert page.locator("#officer-products .product-row").count() == 2
    assert "ผ้าฝ้ายเมืองเลย" not in page.content()
    assert page.locator("#officer-ending .ending-row").count() == 1
    assert "วิสาหกิจชุมชนแม่ทะ" in page.inner_text("#officer-producers")
    assert page.inner_text("#sales-category .sales-category-textiles .revenue") == "700.00"
    page.screenshot(path=str(SCREENSHOTS / "officers-province-th.png"), full_page=True)
    page.goto(live_server.url + "/en/officer/?stars=5")
    assert page.locator("#officer-products .product-row").count() == 1
    page.goto(live_server.url + "/en/officer/")
    assert page.locator("nav a[href='/en/officer/']").count() >= 1  # the dashboard menu's link
    page.screenshot(path=str(SCREENSHOTS / "officers-province-en.png"), full_page=True)
