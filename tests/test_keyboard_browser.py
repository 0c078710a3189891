"""Keyboard use of the storefront in a real browser (Debian's Chromium through Playwright): the
skip link comes first, every header control is reached by Tab with a visible focus, the product
page's add-to-basket works from the keyboard, and the checkout's address form — with Thailand's
province list — is filled in and sent without a mouse."""
import pytest
from oscar.core.loading import get_model

from marketplace.testing.factories import certified_product
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush
from test_checkout_browser import guest_to_address_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
Basket = get_model("basket", "Basket")
MAX_TABS = 120

FOCUSED = """() => { const el = document.activeElement; if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: (el.innerText || el.value || "").trim(),
          href: el.getAttribute("href"), key: el.dataset.tabKey || null,
          visible: el.getBoundingClientRect().width > 1 && el.getBoundingClientRect().height > 1,
          ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== "none"}; }"""

MARK_HEADER = """() => { const found = [];
  document.querySelectorAll("header a[href], header button, header input:not([type=hidden]), header select, header summary")
    .forEach((el, i) => { const box = el.getBoundingClientRect();
      const folded = el.tagName !== "SUMMARY" && el.closest("details:not([open])");  // reached once its menu opens
      if (box.width > 0 && box.height > 0 && !el.disabled && el.tabIndex >= 0 && !folded) { el.dataset.tabKey = "h" + i; found.push("h" + i); } });
  return found; }"""


def _tab_until(page, wanted, limit=MAX_TABS):
    """Press Tab until ``wanted(focused)`` holds; every focused element on the way, in order."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if focused and wanted(focused):
            return seen
    raise AssertionError(f"not reached by Tab in {limit} presses; focus went through {seen[:40]}")


def test_the_skip_link_comes_first_and_every_header_control_is_reached_with_a_visible_focus(live_server, page):
    # given the home page in English
    page.goto(live_server.url + "/en/")
    header_controls = set(page.evaluate(MARK_HEADER))

    # when the visitor presses Tab once, then keeps pressing it through the header
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    reached, seen = set(), [first]
    for _ in range(MAX_TABS):
        if header_controls <= reached:
            break
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if focused and focused["key"]:
            reached.add(focused["key"])

    # then the skip link came first, visible once focused, and every header control was reached, each showing focus
    assert "skip-link" in first["cls"] and first["href"] == "#main" and first["visible"]
    assert first["text"] == "Skip to main content"
    assert header_controls and header_controls <= reached
    assert [f for f in seen if f and f["key"] and not f["ring"]] == []


def test_add_to_basket_from_the_keyboard(live_server, page):
    # given a listed product
    product = certified_product(name_en="Lamphun brocade silk")

    # when a shopper tabs to its add-to-basket button and presses Enter
    page.goto(live_server.url + "/en" + product.get_absolute_url())
    _tab_until(page, lambda f: f["tag"] == "button" and page.evaluate(
        "() => !!document.activeElement.closest('#add_to_basket_form')"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # then the product is in their basket
    assert Basket.objects.filter(lines__product=product).exists()


def _focus_and_type(page, field_id, text):
    _tab_until(page, lambda f: f["id"] == field_id)
    page.keyboard.type(text)


def test_the_checkout_address_form_lists_the_provinces_and_is_filled_in_from_the_keyboard(live_server, page):
    # given a product in the basket and a guest at the address step, in Thai
    product = certified_product()
    guest_to_address_step(page, live_server, live_server.url + product.get_absolute_url(), language_prefix="")

    # when she looks at the province list and fills in the form with the keyboard alone
    options = page.eval_on_selector_all("#id_province option", "els => els.map(e => e.textContent.trim())")
    has_country = page.locator("#id_country").count() == 1
    if has_country:
        page.select_option("#id_country", "JP")
        abroad = (page.is_visible("#id_state"), page.is_visible("#id_province"))
        page.select_option("#id_country", "TH")
    thai = (page.locator("#id_state").count() and page.is_visible("#id_state"), page.is_visible("#id_province"))
    page.focus("#id_first_name")
    page.keyboard.type("สมศรี")
    _focus_and_type(page, "id_last_name", "ใจดี")
    _focus_and_type(page, "id_line1", "12 ถนนนิมมานเหมินท์")
    _focus_and_type(page, "id_line4", "เมืองเชียงใหม่")
    _tab_until(page, lambda f: f["id"] == "id_province")
    for _ in range(len(options)):  # down the closed list with the arrow key, as a keyboard user does
        if page.eval_on_selector("#id_province", "el => el.options[el.selectedIndex].text") == "เชียงใหม่":
            break
        page.keyboard.press("ArrowDown")
    _focus_and_type(page, "id_postcode", "50200")
    chosen = page.eval_on_selector("#id_province", "el => el.options[el.selectedIndex].text")
    _tab_until(page, lambda f: f["tag"] == "button" and page.evaluate(
        "() => document.activeElement.type === 'submit' && !!document.activeElement.form.querySelector('#id_postcode')"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    problems = page.eval_on_selector_all(".error-block, .invalid-feedback, .alert-danger",
                                         "els => els.map(e => e.textContent.trim())")

    # then the list had the 77 provinces by their Thai names, Thailand had no state field, and the address was taken
    assert len(options) == 78 and "เชียงใหม่" in options and "กรุงเทพมหานคร" in options
    assert thai == (False, True) and chosen == "เชียงใหม่"
    assert "shipping-address" not in page.url, problems
    if has_country:
        assert abroad == (True, False)
