"""The buyer says a parcel arrived, in a real browser (Debian's Chromium through Playwright) at a
phone's width, in Thai: the order page's button, then the parcel delivered. Screenshots:
docs/screenshots/order-shipped-th.png (the button), order-received-th.png (after it)."""
from pathlib import Path

import pytest
from django.conf import settings

from buying import order_for
from marketplace.orders import fulfilment
from marketplace.orders.models import Carrier
from marketplace.orders.placement import mark_paid
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush
from test_content_security_browser import _log_in, _watched

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def test_a_buyer_marks_a_shipped_parcel_received_from_a_phone(live_server, page):
    # given a shopper's paid order whose parcel the producer shipped
    shopper = UserFactory()
    producer = ProducerFactory(name_th="กลุ่มจักสานบ้านดง", name_en="Ban Dong Basketry")
    basket = certified_product(producer=producer, name_th="ตะกร้าไม้ไผ่", name_en="Bamboo basket", price="450.00")
    order = order_for((basket, 1), country="TH", user=shopper, email=shopper.email)
    mark_paid(order)
    parcel = fulfilment.mark_shipped(order.producer_shipments.get(), "EF582621386TH", Carrier.THAILAND_POST)
    console = _watched(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, shopper)

    # when they open the order in Thai and say the parcel arrived
    page.goto(f"{live_server.url}/accounts/orders/{order.number}/")
    assert page.locator(".shipment-status").inner_text() == "จัดส่งแล้ว"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "order-shipped-th.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="ได้รับพัสดุนี้แล้ว").click()

    # then the page thanks them and shows the parcel delivered, with no button left, within the screen
    assert page.locator(".shipment-status").inner_text() == "ได้รับแล้ว"
    assert page.get_by_text("ขอบคุณ: บันทึกว่าคุณได้รับพัสดุนี้แล้ว").is_visible()
    assert page.get_by_role("button", name="ได้รับพัสดุนี้แล้ว").count() == 0
    parcel.refresh_from_db()
    assert parcel.status == "delivered"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SCREENSHOTS / "order-received-th.png"), full_page=True)
    console += [f"violation: {v}" for v in page.evaluate("window.__violations")]
    assert console == [], "\n".join(console)
