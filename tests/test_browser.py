"""The storefront in a real browser (Debian's Chromium through Playwright): Thai renders as Thai
glyphs, and the header's language selector switches the shop to English."""
import pytest

from marketplace.testing.factories import certified_product
from seeded_rows import put_back_seeded_rows

# The live server reads what the test writes, so the data must be committed (pytest-django's
# live_server makes the test transactional; conftest puts the seeded rows back afterwards).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module", autouse=True)
def _reseed_after_the_flush(django_db_blocker):
    """Put back the rows the data migrations seeded (provinces, categories, zones) once the
    flush after this module's tests has emptied the tables, so that the modules after it in
    the same run find them (conftest's django_db_setup does the same once at the end of a run).
    Module scope makes this run after each test's own teardown; other transactional modules
    import it."""
    yield
    with django_db_blocker.unblock():
        put_back_seeded_rows()


def choose_in_locale_menu(page, form, value):
    """Opens the header's one language-and-currency menu and picks ``value`` in ``form``
    ("language_selector" or "currency_selector"); the page reloads with the choice."""
    page.locator("#locale_menu summary").click()
    with page.expect_navigation():
        page.locator(f"#{form} button[value={value}]").click()


# With a Thai font, a vowel mark above a consonant takes no width of its own; without one
# Chromium draws each character as a box of the same width ("tofu").
THAI_SHAPING_WIDTHS = """() => {
  const context = document.createElement("canvas").getContext("2d");
  context.font = getComputedStyle(document.body).font;
  return [context.measureText("ก").width, context.measureText("กี").width];
}"""


def test_home_page_in_thai_then_english_through_the_header_selector(live_server, page, tmp_path):
    # given a certified product with Thai and English names
    certified_product(name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk")

    # when a shopper opens the home page
    page.goto(live_server.url + "/")

    # then it is in Thai, and Thai is drawn with a Thai font
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.get_by_role("heading", level=1).inner_text() == "ผลิตภัณฑ์ชุมชนที่ผ่านการคัดสรรของไทย"
    assert page.get_by_role("link", name="ผ้าไหมยกดอกลำพูน", exact=True).is_visible()
    consonant, with_vowel = page.evaluate(THAI_SHAPING_WIDTHS)
    assert consonant > 0 and abs(with_vowel - consonant) < 0.5
    page.screenshot(path=str(tmp_path / "home-th.png"), full_page=True)

    # when they choose English in the header's language-and-currency menu
    choose_in_locale_menu(page, "language_selector", "en")

    # then the same page is in English: interface strings and product names
    assert page.url == live_server.url + "/en/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Certified community products of Thailand"
    assert page.get_by_role("link", name="Lamphun brocade silk", exact=True).is_visible()
    assert page.locator("main").get_by_role("link", name="Browse by province").is_visible()
    assert "ผ้าไหมยกดอกลำพูน" not in page.content()
    page.screenshot(path=str(tmp_path / "home-en.png"), full_page=True)

    # and following a product keeps English
    page.get_by_role("link", name="Lamphun brocade silk", exact=True).click()
    page.wait_for_load_state()
    assert "/en/catalogue/" in page.url
    assert page.get_by_text("Star level").is_visible()
