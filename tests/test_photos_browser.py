"""The product page in a real browser (Debian's Chromium through Playwright): the gallery swipes one
photo at a time on a phone and zooms on a desktop, and at 390×844 the name, price, stars and the
basket button are on the first screen, above a photo that keeps its place while it loads."""
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from PIL import Image

from marketplace.testing.factories import certified_product
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the module

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("local_media")]
ProductImage = get_model("catalogue", "ProductImage")
PHONE = {"width": 390, "height": 844}


def with_photos(count, **kwargs):
    product = certified_product(name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk", **kwargs)
    for order in range(count):
        out = BytesIO()
        Image.new("RGB", (1200, 900), (40 + 60 * order, 90, 140)).save(out, format="JPEG")
        image = ProductImage(product=product, display_order=order)
        image.original.save(f"silk-{order}.jpg", ContentFile(out.getvalue()), save=True)
    return product


def csp_errors(tab):
    seen = []
    tab.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    return seen


TRACK = "document.querySelector('.otop-gallery__track')"
SLIDE = f"() => {{ const t = {TRACK}; return [t.scrollLeft, t.clientWidth]; }}"
ON_SLIDE = f"n => {{ const t = {TRACK}; return Math.abs(t.scrollLeft - n * t.clientWidth) < 1; }}"
ZOOMED = "() => new DOMMatrix(getComputedStyle(document.querySelector('#photo-3 img')).transform).a > 2"


def test_the_gallery_jumps_to_a_photo_and_zooms_on_a_desktop(live_server, page):
    # given a product with three photos
    product = with_photos(3)
    refused = csp_errors(page)
    # when a shopper opens its page on a desktop
    page.goto(live_server.url + product.get_absolute_url())
    # then the first photo is shown and has loaded
    first = page.locator("#photo-1 img")
    first.wait_for()
    page.wait_for_function("() => document.querySelector('#photo-1 img').naturalWidth > 0")
    assert page.evaluate(SLIDE)[0] == 0
    # when they pick the third small photo
    page.get_by_role("link", name="ภาพที่ 3 จาก 3", exact=True).click()
    # then the row scrolls to the third photo (and not the page) and marks it
    page.wait_for_function(ON_SLIDE, arg=2)
    assert page.get_by_role("link", name="ภาพที่ 3 จาก 3", exact=True).get_attribute("aria-current") == "true"
    assert page.get_by_role("link", name="ภาพที่ 1 จาก 3", exact=True).get_attribute("aria-current") is None
    # when they click the photo
    page.locator("#photo-3 [data-zoom]").click()
    # then it zooms in where they clicked, without leaving the page
    assert "is-zoomed" in page.locator("#photo-3").get_attribute("class")
    page.wait_for_function(ZOOMED)
    assert page.url == live_server.url + product.get_absolute_url()
    # and a second click zooms out
    page.locator("#photo-3 [data-zoom]").click()
    assert "is-zoomed" not in page.locator("#photo-3").get_attribute("class")
    assert refused == []  # the gallery's script runs under the site's Content-Security-Policy


def test_the_gallery_swipes_one_photo_at_a_time_on_a_phone(live_server, browser):
    # given a product with three photos, on a phone
    product = with_photos(3)
    context = browser.new_context(viewport=PHONE, locale="th-TH", has_touch=True, is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto(live_server.url + product.get_absolute_url())
        tab.locator("#photo-1 img").wait_for()
        # when the row is pushed a little over half a photo to the left, as a swipe does
        tab.evaluate("() => { const t = document.querySelector('.otop-gallery__track');"
                     " t.scrollBy({left: t.clientWidth * 0.6, behavior: 'instant'}); }")
        # then it settles on the second photo, whole
        tab.wait_for_function(ON_SLIDE, arg=1)
        box, frame = tab.locator("#photo-2 img").bounding_box(), tab.locator(".otop-gallery__track").bounding_box()
        assert abs(box["x"] - frame["x"]) < 1
    finally:
        context.close()


@pytest.mark.parametrize("photos", [0, 2])
def test_a_phone_shows_name_price_stars_and_basket_button_on_the_first_screen(live_server, browser, photos):
    # given a five-star product, with photos or without
    product = with_photos(photos, stars=5)
    context = browser.new_context(viewport=PHONE, locale="th-TH", has_touch=True, is_mobile=True)
    tab = context.new_page()
    try:
        # when a shopper opens its page on a 390×844 phone
        tab.goto(live_server.url + product.get_absolute_url())
        picture = tab.locator("#photo-1 img")
        before = picture.bounding_box()
        tab.wait_for_function("() => document.querySelector('#photo-1 img').complete")
        # then the picture had its place before it loaded (nothing below it moved)
        assert picture.bounding_box() == before and before["height"] > 200
        # and the name, stars, price and the basket button are all on the first screen
        for what in (tab.get_by_role("heading", level=1, name="ผ้าไหมยกดอกลำพูน"),
                     tab.locator(".product_main .star-level"), tab.locator(".product_main .price_color"),
                     tab.locator("#add_to_basket_form button[type=submit]")):
            box = what.bounding_box()
            assert box is not None and what.is_visible()
            assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], (what, box)
    finally:
        context.close()
