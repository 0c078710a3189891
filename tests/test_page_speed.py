"""What Lighthouse (bench/bench_lighthouse.py, issue 16) measures on a phone that a page's HTML decides:
no script holds up the first paint, the first row of a listing's pictures loads at once (the largest
thing a phone paints there) and the rest lazily, and the header's language-and-currency button is named
by the words it shows."""
import re
from html import unescape

import pytest
from django.utils import translation

from marketplace.catalog.models import CategoryNames, OtopCategory
from marketplace.testing.factories import certified_product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _card_pictures(html):
    """The <img> of each product card, in the page's order, as a dict of its attributes."""
    cards = re.findall(r'<a class="product-card__picture"[^>]*>(.*?)</a>', html, flags=re.S)
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', re.search(r"<img\b[^>]*>", card).group(0))) for card in cards]


@pytest.fixture
def five_in_household():
    products = [certified_product(name_th=f"ชามเขียนลาย {n}", category=OtopCategory.HOUSEHOLD, stars=5 - n % 2)
                for n in range(5)]
    from marketplace.search import service

    service.index_products([product.pk for product in products])  # the category pages read the search index
    return products


def _category_url():
    return CategoryNames.objects.select_related("category").get(code=OtopCategory.HOUSEHOLD).category.get_absolute_url()


@pytest.mark.parametrize("where", ["home", "category", "all products"])
def test_a_listing_loads_its_first_row_of_pictures_at_once_and_the_others_lazily(client, five_in_household, where):
    # when a shopper opens a page whose main content is a grid of five cards
    url = {"home": "/", "category": _category_url(), "all products": "/catalogue/"}[where]
    pictures = _card_pictures(_page(client, url))

    # then the first two (a phone's first row) load at once with a high priority, the others lazily
    assert len(pictures) == 5
    assert [(p["loading"], p.get("fetchpriority")) for p in pictures] == [
        ("eager", "high"), ("eager", "high"), ("lazy", None), ("lazy", None), ("lazy", None)]


def test_the_product_pages_other_products_load_their_pictures_lazily(client, five_in_household):
    # given a shopper who has looked at four products
    for product in five_in_household[:4]:
        _page(client, product.get_absolute_url())

    # when they open the fifth, below which the ones they viewed are listed
    html = _page(client, five_in_household[4].get_absolute_url())

    # then only the product's own picture is eager; the listed ones are lazy
    pictures = _card_pictures(html)
    assert len(pictures) == 4
    assert {(p["loading"], p.get("fetchpriority")) for p in pictures} == {("lazy", None)}
    assert html.count('fetchpriority="high"') == 1


@pytest.mark.parametrize("page", ["home", "category", "product"])
def test_no_script_holds_up_the_first_paint(client, five_in_household, page):
    # when a shopper opens the home, a category or a product page
    url = {"home": "/", "category": _category_url(), "product": five_in_household[0].get_absolute_url()}[page]
    html = _page(client, url)

    # then every script file is deferred (a parser-blocking script, even at the end of the body, held up a
    # phone's first paint by half a second), jQuery first, in the page's order
    scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
    sources = [re.search(r'src="([^"]+)"', tag).group(1) for tag in scripts]
    assert sources[:3] == ["/static/oscar/js/jquery/jquery.min.js", "/static/oscar/js/bootstrap4/bootstrap.bundle.min.js",
                           "/static/oscar/js/oscar/ui.js"]
    assert [tag for tag in scripts if not re.search(r"\sdefer[\s>]", tag)] == []
    # and the stylesheet is the one render-blocking file
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == ["/static/storefront_theme/css/shop.css"]


@pytest.mark.parametrize("language, shown, described", [
    ("th", "TH · ฿", "ภาษาและสกุลเงิน: ภาษาไทย, THB"),
    ("en", "EN · ฿", "Language and currency: English, THB"),
], ids=["th", "en"])
def test_the_language_and_currency_button_is_named_by_the_words_it_shows(client, language, shown, described):
    # when a shopper opens the home page
    with translation.override(language):
        html = _page(client, "/" if language == "th" else "/en/")

    # then the button's accessible name is its visible text (speech input users say what they see), and
    # what the short text stands for is its description
    summary = re.search(r'<details class="header-menu locale-menu" id="locale_menu">\s*(<summary[^>]*>)(.*?)</summary>',
                        html, flags=re.S)
    tag, content = summary.group(1), summary.group(2)
    assert "aria-label" not in tag and "aria-hidden" not in content
    assert " ".join(unescape(re.sub(r"<[^>]+>", "", content)).replace("\xa0", " ").split()) == shown
    description_id = re.search(r'aria-describedby="([^"]+)"', tag).group(1)
    description = re.search(rf'<span id="{description_id}" hidden>([^<]*)</span>', html).group(1)
    assert unescape(description) == described
