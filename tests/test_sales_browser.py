"""The Sales page in a real browser (Debian's Chromium through Playwright) at a phone's width:
Chart.js, served by this site, draws the charts under the Content-Security-Policy without one
violation, in Thai and in English. Screenshots: docs/screenshots/sales-th.png, sales-en.png."""
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from buying import order_for
from marketplace.orders.placement import mark_paid
from marketplace.sales.page_views import count_view
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush
from test_content_security_browser import _log_in, _watched

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
CHART_JS = Path(settings.BASE_DIR) / "marketplace" / "sales" / "static" / "sales" / "vendor" / "chart.umd.min.js"

# Whether the canvas holds drawn pixels (an empty canvas is all transparent).
CANVAS_DRAWN = """(id) => {
  const canvas = document.getElementById(id);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
  return {drawn: canvas.dataset.drawn === "true", painted: painted, width: canvas.getBoundingClientRect().width};
}"""


def test_the_sales_charts_are_drawn_at_390_px_in_thai_and_english_under_the_policy(live_server, page):
    assert CHART_JS.is_file(), "run `make static-deps` (npm ci) first: the page serves Chart.js from this site"
    # given a producer's member, two products sold and viewed
    member = UserFactory()
    producer = ProducerFactory(users=[member], name_th="กลุ่มทอผ้าบ้านหนองเงือก", name_en="Ban Nong Ngueak Weavers")
    silk = certified_product(producer=producer, name_th="ผ้าไหมยกดอก", name_en="Brocade silk", price="1200.00")
    scarf = certified_product(producer=producer, name_th="ผ้าพันคอฝ้าย", name_en="Cotton scarf", price="250.00")
    mark_paid(order_for((silk, 1), (scarf, 3), country="TH"))
    mark_paid(order_for((scarf, 2), country="JP"))
    for product in (silk, silk, scarf):
        count_view(product.pk)
    console = _watched(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, member)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    for language, heading in (("th", "ยอดขายของ กลุ่มทอผ้าบ้านหนองเงือก"), ("en", "Sales of Ban Nong Ngueak Weavers")):
        # when the member opens the Sales page on a phone
        with translation.override(language):
            url = live_server.url + reverse("sales:sales", kwargs={"producer_slug": producer.slug})
        page.goto(url)
        page.wait_for_function("document.getElementById('chart-products').dataset.drawn === 'true'")

        # then both charts are drawn within the screen's width, and the table says the same
        assert page.get_by_role("heading", name=heading).is_visible()
        for chart in ("chart-months", "chart-products"):
            state = page.evaluate(CANVAS_DRAWN, chart)
            assert state["drawn"] and state["painted"] > 1000 and state["width"] <= 390, (chart, state)
        product_rows = page.locator("#sales-by-product tbody tr")
        assert product_rows.count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(SCREENSHOTS / f"sales-{language}.png"), full_page=True)

    # and the policy blocked nothing
    console += [f"violation: {v}" for v in page.evaluate("window.__violations")]
    assert console == [], "\n".join(console)


def test_a_producer_ships_a_parcel_from_a_phone(live_server, page):
    # given a paid order with the producer's product
    member = UserFactory()
    producer = ProducerFactory(users=[member], name_th="กลุ่มจักสานบ้านดง", name_en="Ban Dong Basketry")
    basket = certified_product(producer=producer, name_th="ตะกร้าไม้ไผ่", name_en="Bamboo basket", price="450.00")
    order = order_for((basket, 2), country="TH")
    mark_paid(order)
    parcel = order.producer_shipments.get()
    console = _watched(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, member)

    # when the member opens the order from the portal's Orders page, in Thai, and ships it
    page.goto(live_server.url + reverse("otop_orders:shipment-list", kwargs={"producer_slug": producer.slug}))
    page.get_by_role("link", name=order.number).click()
    page.get_by_label("บริษัทขนส่ง").select_option("thailand_post")
    page.get_by_label("เลขพัสดุ").fill("EF582621386TH")
    page.screenshot(path=str(SCREENSHOTS / "sales-orders-th.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกว่าจัดส่งแล้ว").click()

    # then the parcel is shipped with its carrier and tracking number, shown on the page
    parcel.refresh_from_db()
    assert (parcel.status, parcel.carrier, parcel.tracking_number) == ("shipped", "thailand_post", "EF582621386TH")
    assert "ไปรษณีย์ไทย EF582621386TH" in page.locator(".shipment-tracking").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    console += [f"violation: {v}" for v in page.evaluate("window.__violations")]
    assert console == [], "\n".join(console)
