"""The shop's chrome in a real browser (Debian's Chromium through Playwright): the one language-and-
currency menu, the one-row header and two-column grid on a phone, the footer's pages in both languages,
WCAG 2.2 AA contrast measured from the computed styles, and screenshots of the main pages in Thai and
English at desktop and phone sizes (var/screenshots/shop/, or the folder in OTOP_SCREENSHOTS:
`OTOP_SCREENSHOTS=docs/screenshots/shop` refreshes the ones the README shows)."""
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from marketplace.catalog.models import OtopCategory
from marketplace.certification.models import StandardType
from marketplace.testing.factories import UserFactory, certified_product
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush
from test_browser import choose_in_locale_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("local_media")]
ROOT = Path(__file__).resolve().parent.parent
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def shop():
    """Five products in three categories, the demo content pages and collections."""
    products = [
        certified_product(name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk", stars=5, price="1850.00"),
        certified_product(name_th="ผ้าฝ้ายทอมือ", name_en="Hand-woven cotton", stars=4, price="505.00"),
        certified_product(name_th="ชามตราไก่ เขียนลายมือ", name_en="Hand-painted rooster bowl", stars=5,
                          category=OtopCategory.HOUSEHOLD, price="240.00"),
        certified_product(name_th="ข้าวแต๋นน้ำแตงโม", name_en="Watermelon rice crackers", stars=4,
                          category=OtopCategory.FOOD, price="70.00", standards=((StandardType.HALAL, "H-1"),)),
        certified_product(name_th="ผ้าไหมมัดหมี่", name_en="Mudmee silk", stars=3, price="1250.00"),
    ]
    call_command("load_demo_content", stdout=open(os.devnull, "w"))
    from marketplace.search import service

    service.index_products([p.pk for p in products])  # the category pages read the search index
    return products


def _tab(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="th-TH", **options)
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith(
        ("http://127.0.0.1", "http://localhost", "data:")) else route.continue_())
    return context, context.new_page()


def _english(path):
    return "/en" + path


# --- the language-and-currency menu ---------------------------------------------------------------

def test_the_one_language_and_currency_menu_switches_language_then_currency(live_server, page, shop):
    # given a shopper on the Thai home page: one menu, no "Go" button anywhere in the header
    page.goto(live_server.url + "/")
    assert page.locator("header form button", has_text="Go").count() == 0
    assert page.locator("header select").count() == 0
    assert page.locator("#locale_menu").count() == 1

    # when they open the menu and choose English
    choose_in_locale_menu(page, "language_selector", "en")

    # then the same page is in English
    assert page.url == live_server.url + "/en/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Certified community products of Thailand"
    assert "฿1,850.00" in page.locator(".featured-products").inner_text()

    # when they open it again and choose US dollars
    choose_in_locale_menu(page, "currency_selector", "USD")

    # then they stay on the English page and prices are in dollars; the menu says which are chosen
    assert page.url == live_server.url + "/en/"
    assert "$" in page.locator(".featured-products .price_color").first.inner_text()
    assert "฿" not in page.locator(".featured-products").inner_text()
    assert page.locator("#locale_menu summary").inner_text().split() == ["EN", "·", "$"]
    page.locator("#locale_menu summary").click()
    assert page.locator("#currency_selector button[aria-current=true]").get_attribute("value") == "USD"
    assert page.locator("#language_selector button[aria-current=true]").get_attribute("value") == "en"


# --- phones first ---------------------------------------------------------------------------------

HEADER_ROWS = """() => {
  const items = [...document.querySelector('.site-header__row').children]
    .filter(item => item.getClientRects().length);
  return items.map(item => { const box = item.getBoundingClientRect();
    return {top: box.top, bottom: box.bottom, left: box.left, right: box.right}; });
}"""

# The placeholder's width in the input's own font, against the room the input leaves for text.
PLACEHOLDER_ROOM = """async () => {
  await document.fonts.ready;
  const input = document.querySelector('#id_q');
  const style = getComputedStyle(input);
  const probe = document.createElement('span');
  probe.textContent = input.placeholder;
  probe.style.cssText = `position:absolute;white-space:nowrap;font:${style.font};letter-spacing:${style.letterSpacing}`;
  document.body.appendChild(probe);
  const width = probe.getBoundingClientRect().width;
  probe.remove();
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [width, room];
}"""

GRID_COLUMNS = """() => [...document.querySelectorAll('.product-grid > li')].slice(0, 4)
  .map(item => { const box = item.getBoundingClientRect(); return [Math.round(box.left), Math.round(box.top)]; })"""


@pytest.mark.parametrize("language", ["th", "en"])
def test_on_a_phone_the_header_is_one_row_the_search_fits_and_the_grid_has_two_columns(live_server, browser, shop,
                                                                                        language):
    context, phone = _tab(browser, PHONE)
    prefix = "/en" if language == "en" else ""

    # when a shopper opens the home page on a 390 x 844 phone
    phone.goto(live_server.url + prefix + "/")

    # then the header's logo, menu, search, language-and-currency menu, basket and account share one row
    boxes = phone.evaluate(HEADER_ROWS)
    assert len(boxes) == 6
    assert max(box["top"] for box in boxes) < min(box["bottom"] for box in boxes)  # they overlap vertically
    assert all(left["right"] <= right["left"] + 0.5 for left, right in zip(boxes, boxes[1:]))  # side by side
    assert boxes[-1]["right"] <= PHONE["width"]
    assert phone.locator(".site-header").bounding_box()["height"] <= 64
    # and the search box is wide enough for its placeholder
    text_width, room = phone.evaluate(PLACEHOLDER_ROOM)
    assert 0 < text_width <= room

    # and the product grid has two columns side by side
    phone.goto(live_server.url + prefix + "/catalogue/")
    cards = phone.evaluate(GRID_COLUMNS)
    assert len(cards) == 4
    (left, top), (right, same_top), (below_left, lower) = cards[0], cards[1], cards[2]
    assert same_top == top and right > left and below_left == left and lower > top
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone
    context.close()


# --- the footer's pages ---------------------------------------------------------------------------

@pytest.mark.parametrize("language, link, heading", [
    ("th", "เกี่ยวกับเรา", "เกี่ยวกับเรา"), ("th", "การคืนสินค้า", "การคืนสินค้า"),
    ("en", "About us", "About us"), ("en", "Privacy policy", "Privacy policy"),
])
def test_the_footer_pages_open_in_the_shoppers_language(live_server, page, shop, language, link, heading):
    page.goto(live_server.url + ("/en/" if language == "en" else "/"))

    page.locator("footer").get_by_role("link", name=link, exact=True).click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("article").inner_text().strip()
    assert page.locator("link[rel=stylesheet]").evaluate_all("links => links.map(l => l.getAttribute('href'))") == [
        "/static/storefront_theme/css/shop.css"]


# --- contrast ---------------------------------------------------------------------------------------

# WCAG 2.2's contrast ratio of each element's text colour on the colour behind it (the first ancestor
# with an opaque background), from the computed styles. Disabled buttons are exempt.
CONTRAST = """(selector) => {
  const rgb = text => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = element => {
    for (let node = element; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length < 4 || colour[3] === 1) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll(selector)]
    .filter(element => element.getClientRects().length && element.innerText.trim() && !element.disabled)
    .map(element => {
      const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(background(element))];
      return {text: element.innerText.trim().slice(0, 40), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
    });
}"""
CHECKED = ".price_color, main a, footer a, .breadcrumb-item, .breadcrumb-item a, .btn, .star-level, .site-header a"


@pytest.mark.parametrize("language", ["th", "en"])
def test_prices_links_breadcrumbs_and_buttons_have_aa_contrast(live_server, page, shop, language):
    product = shop[0]
    with translation.override(language):
        paths = ["/" if language == "th" else "/en/", product.categories.get().get_absolute_url(),
                 product.get_absolute_url()]

    buttons = 0
    for path in paths:
        page.goto(live_server.url + path)
        measured = page.evaluate(CONTRAST, CHECKED)
        prices, links, breadcrumbs = (page.locator(kind).count() for kind in (".price_color", "main a", ".breadcrumb"))
        assert prices and links and (breadcrumbs or path in ("/", "/en/")), path  # there is something to measure
        buttons += page.locator(".btn").count()
        assert [item for item in measured if item["ratio"] < 4.5] == [], path
    assert buttons


# --- screenshots ----------------------------------------------------------------------------------

def _screenshot_folder():
    folder = Path(os.environ.get("OTOP_SCREENSHOTS") or ROOT / "var" / "screenshots" / "shop")
    folder = folder if folder.is_absolute() else ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _to_checkout(tab, base, product_path, prefix):
    tab.goto(base + product_path)
    tab.locator("#add_to_basket_form button[type=submit]").click()
    tab.wait_for_load_state()
    tab.goto(base + prefix + "/basket/")
    basket = tab.screenshot(full_page=True)
    tab.goto(base + prefix + "/checkout/")
    tab.fill("#id_username", "somsri@example.com")
    tab.locator("input[name=options][value=anonymous]").check()
    tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_url("**/checkout/shipping-address/")
    return basket


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots_of_the_main_pages_in_thai_and_english(live_server, browser, shop, size):
    folder = _screenshot_folder()
    product = shop[0]
    written = []
    for language in ("th", "en"):
        context, tab = _tab(browser, DESKTOP if size == "desktop" else PHONE)
        prefix = "/en" if language == "en" else ""
        with translation.override(language):
            category_path, product_path = product.categories.get().get_absolute_url(), product.get_absolute_url()
        for name, path in (("home", prefix + "/"), ("category", category_path), ("product", product_path)):
            tab.goto(live_server.url + path)
            assert tab.locator("html").get_attribute("lang") == language
            written.append(folder / f"{name}-{language}-{size}.png")
            tab.screenshot(path=str(written[-1]), full_page=size == "desktop")
        basket = _to_checkout(tab, live_server.url, product_path, prefix)
        written.append(folder / f"basket-{language}-{size}.png")
        written[-1].write_bytes(basket)
        written.append(folder / f"checkout-{language}-{size}.png")
        tab.screenshot(path=str(written[-1]), full_page=size == "desktop")
        context.close()

    assert [path.name for path in written if path.stat().st_size > 10_000] == [path.name for path in written]


# --- deferred scripts (Lighthouse, issue 16) ----------------------------------------------------------

def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])


def test_with_every_script_deferred_oscars_scripts_still_run(live_server, page, shop):
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    # when a shopper adds a product to the basket
    page.goto(live_server.url + shop[0].get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.wait_for_load_state()

    # then the message that says so closes with its × (Bootstrap's alert plugin, which needs jQuery first)
    messages = page.locator("#messages .alert")
    messages.first.wait_for()
    shown = messages.count()
    messages.first.locator("a.close").click()
    expect(messages).to_have_count(shown - 1)

    # when a signed-in shopper opens their order history, whose date fields get Oscar's date pickers
    _log_in(page, live_server, UserFactory())
    page.goto(live_server.url + "/accounts/orders/")

    # then the date picker's scripts, deferred too, found jQuery and Bootstrap, and no page had a script error
    assert page.evaluate("typeof jQuery.fn.datetimepicker") == "function"
    assert errors == []
