"""What a new user met on the demo shop: error pages, product pictures in the basket and checkout, the
import's file-format page, the dashboard's scripts and the favicon."""
import re
from decimal import Decimal
from unittest import mock

import pytest

from marketplace.testing.factories import UserFactory

INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
LANGUAGES = [("", "th"), ("/en", "en")]


def _page(response):
    return response.content.decode()


def _assert_error_page(html, language, english_text, thai_text, layout_marker):
    assert f'lang="{language}"' in html
    assert (thai_text if language == "th" else english_text) in html, html[:3000]
    assert layout_marker in html  # the shop's own frame, not Oscar's plain page
    assert 'href="' + ("/en/" if language == "en" else "/") + '"' in html  # a plain link home
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html)
    assert "Permission denied!" not in html and "history.go" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("prefix,language", LANGUAGES)
def test_the_403_page_is_the_shops_in_its_language_without_inline_handlers(client, prefix, language):
    client.force_login(UserFactory())
    response = client.get(f"{prefix}/officer/")
    assert response.status_code == 403
    _assert_error_page(_page(response), language, "You may not open this page", "คุณไม่มีสิทธิ์เปิดหน้านี้",
                       'class="site-header"')
    assert "site-footer" in _page(response) or "<footer" in _page(response)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix,language", LANGUAGES)
def test_the_404_page_is_the_shops_in_its_language_without_inline_handlers(client, prefix, language):
    response = client.get(f"{prefix}/no-such-page-here/")
    assert response.status_code == 404
    _assert_error_page(_page(response), language, "Page not found", "ไม่พบหน้านี้", 'class="site-header"')


@pytest.mark.django_db
@pytest.mark.parametrize("prefix,language", LANGUAGES)
def test_the_400_page_is_the_shops_in_its_language_without_inline_handlers(client, settings, prefix, language):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.post(f"{prefix}/accounts/login/", {f"field{i}": "x" for i in range(10)})
    assert response.status_code == 400
    _assert_error_page(_page(response), language, "This request could not be understood",
                       "ไม่เข้าใจคำขอนี้", "storefront_theme/css/shop.css")


@pytest.mark.django_db
@pytest.mark.parametrize("prefix,language", LANGUAGES)
def test_the_500_page_is_the_shops_in_its_language_without_inline_handlers(client, prefix, language):
    client.raise_request_exception = False
    with mock.patch("marketplace.catalog.views.HomeView.get", side_effect=RuntimeError("boom")):
        response = client.get(f"{prefix}/")
    assert response.status_code == 500
    _assert_error_page(_page(response), language, "Sorry, something went wrong on our side.",
                       "ขออภัย", "storefront_theme/css/shop.css")


def test_no_error_template_has_an_inline_handler():
    from django.template.loader import get_template

    for name in ("400.html", "403.html", "404.html", "500.html", "oscar/error.html", "oscar/403.html",
                 "oscar/404.html", "oscar/500.html", "otop/standalone_error.html"):
        source = open(get_template(name).origin.name, encoding="utf-8").read()
        assert not INLINE_HANDLER.search(source), name


# --- product pictures: one rule everywhere a product is shown -------------------------------------

PICTURE_WORDS = ("primary_image", "oscar_thumbnail", "get_missing_image", "sorl", "image_not_found")


def _storefront_template_names():
    """Every template Oscar ships outside its dashboard (and the form widgets staff use), and ours."""
    from pathlib import Path

    import oscar

    names = set()
    for root in (Path(oscar.__file__).parent / "templates", Path(__file__).parent.parent / "storefront_theme" / "templates"):
        for path in root.rglob("*"):
            name = path.relative_to(root).as_posix()
            if path.suffix in (".html", ".txt") and "/dashboard/" not in name and "/forms/widgets/" not in name:
                names.add(name)
    return sorted(names)


def test_no_storefront_template_shows_oscars_missing_image_or_thumbnails():
    from django.template.loader import get_template

    offenders = []
    for name in _storefront_template_names():
        source = open(get_template(name).origin.name, encoding="utf-8").read()
        offenders += [f"{name}: {word}" for word in PICTURE_WORDS if word in source]
    assert not offenders


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_basket_shows_the_catalogues_drawn_placeholder(client, prefix):
    from marketplace.testing.factories import certified_product

    product = certified_product(name_th="ชาใบหม่อน", name_en="Mulberry leaf tea")
    added = client.post(f"{prefix}/basket/add/{product.pk}/", {"quantity": 1}, follow=True)
    html = added.content.decode()
    assert added.status_code == 200 and "basket_formset" in html
    assert 'class="otop-placeholder' in html and "/placeholder/" in html
    assert "image_not_found" not in html and "/media/cache/" not in html


@pytest.mark.django_db
def test_an_order_line_shows_the_catalogues_drawn_placeholder():
    from django.template.loader import render_to_string

    from buying import order_for
    from marketplace.testing.factories import certified_product

    order = order_for((certified_product(name_th="ชาใบหม่อน"), 1))
    html = render_to_string("otop/partials/line_picture_and_name.html", {"line": order.lines.get(), "size": "100x100"})
    assert 'class="otop-placeholder' in html and 'sizes="100px"' in html
    assert "image_not_found" not in html


# --- dashboard scripts, TinyMCE's licence, the favicon ---------------------------------------------

def _page_script_calls(html):
    """The ``oscar.…(`` functions the page's inline (nonce) script calls."""
    scripts = re.findall(r"<script nonce=[^>]*>(.*?)</script>", html, flags=re.S)
    return sorted(set(re.findall(r"\b(oscar(?:\.\w+)+)\s*\(", "\n".join(scripts))))


def _defined_in_oscars_scripts(dotted, html=""):
    """Whether Oscar's scripts (or the page's own script, ``html``) define the function ``dotted`` names."""
    from django.contrib.staticfiles import finders

    source = "".join(open(finders.find(f"oscar/js/oscar/{name}.js"), encoding="utf-8").read()
                     for name in ("ui", "dashboard"))
    *owners, name = dotted.split(".")[1:]
    if re.search(rf"{re.escape(dotted)}\s*=\s*[^=]", html):
        return True
    return all(re.search(rf"\b{owner}\s*[:=]\s*[{{(]", source) for owner in owners) and \
        re.search(rf"\b{name}\s*:\s*function\b", source) is not None


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_the_dashboard_order_page_calls_only_functions_oscars_scripts_define(staff_client):
    from buying import order_for
    from marketplace.testing.factories import certified_product

    order = order_for((certified_product(), 1))
    html = staff_client.get(f"/dashboard/orders/{order.number}/").content.decode()
    calls = _page_script_calls(html)
    assert "oscar.dashboard.init" in calls and "oscar.dashboard.orders.initTabs" in calls
    assert [call for call in calls if not _defined_in_oscars_scripts(call, html)] == []


@pytest.mark.django_db
def test_the_dashboard_starts_tinymce_with_its_open_source_licence_key(staff_client):
    from marketplace.testing.factories import certified_product

    product = certified_product()
    html = staff_client.get(f"/dashboard/catalogue/products/{product.pk}/").content.decode()
    assert "wysiwyg" in html  # the description is edited with TinyMCE
    assert "'license_key': 'gpl'" in html
    assert [call for call in _page_script_calls(html) if not _defined_in_oscars_scripts(call, html)] == []


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_favicon_ico_is_the_shops_icon(client, prefix):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/oscar/favicon.ico"
    assert finders.find("oscar/favicon.ico")
    page = client.get(f"{prefix}/").content.decode()
    assert 'rel="shortcut icon" href="/static/oscar/favicon.ico"' in page


# --- the demo catalog's packages --------------------------------------------------------------------

def test_a_demo_package_fits_its_product():
    from catalog_import.demo_packaging import demo_package

    tea = demo_package("beverages", "ถุง", 38)
    assert max(tea) <= 15 and tea[0] * tea[1] * tea[2] < 600
    honey = demo_package("food", "ขวด", 1000)
    assert 1000 / Decimal("0.35") <= honey[0] * honey[1] * honey[2] < 6000
    scarf = demo_package("textiles", "ผืน", 141)
    assert min(scarf) == scarf[2]  # flat, folded cloth
    assert demo_package("herbal", "", None) == demo_package("herbal", "", 150)  # no weight: the category's usual


@pytest.mark.django_db
def test_shipping_a_demo_product_abroad_costs_what_a_real_shop_charges():
    from io import StringIO

    from django.core.management import call_command

    from marketplace.catalog import listing
    from marketplace.shipping import pricing

    call_command("load_demo_catalog", stdout=StringIO())
    listed = list(listing.listable().select_related("profile", "packaging"))
    costs = {product.profile.programme_code: pricing.quote([(product, 1)], "JP").total_thb for product in listed}
    light = [product for product in listed if product.packaging.net_weight_g and product.packaging.net_weight_g <= 100]
    assert light
    # a parcel of a small light product (a 38 g tea) costs what a small packet costs, not a 7 kg box
    assert max(costs[product.profile.programme_code] for product in light) < 1200, costs
    # and no demo parcel is charged for air: its volumetric weight is about its weight (a small parcel, at most)
    for product in listed:
        gross, _estimated = pricing.gross_weight_g(product)
        assert pricing.item_chargeable_weight_g(product) <= max(gross * Decimal("1.25"), Decimal(500)), (
            product.profile.programme_code, product.packaging.size_cm, gross)


# --- the home page's collection cards ---------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_collection_without_a_picture_has_a_drawn_placeholder_on_the_home_page(client, prefix):
    from oscar.core.loading import get_model

    get_model("offer", "Range").objects.create(name="Songkran gifts", slug="songkran-gifts", is_public=True)
    html = client.get(f"{prefix}/").content.decode()
    card = re.search(r'<a class="fair-card" href="[^"]*songkran-gifts/">(.*?)</a>', html, flags=re.S).group(1)
    src = re.search(r'<img src="([^"]+)"', card).group(1)
    assert "/placeholder/" in src
    assert client.get(src).status_code == 200
