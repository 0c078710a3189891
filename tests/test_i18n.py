"""Thai and English: Thai at /, English at /en/, the header's language selector, every
interface string of the shopper's pages translated, content falling back to the other language."""
import gettext
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE = BASE_DIR / "locale"
OSCAR_DIR = Path(__import__("oscar").__file__).parent
Country = get_model("address", "Country")
Category = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")

THAI = re.compile("[\u0e00-\u0e7f]")
LATIN_WORD = re.compile("[A-Za-z]{2,}")
# Latin text a Thai page may rightly show: the English option of the language selector, three
# screen-reader labels Oscar hard-codes in English, codes and addresses.
NOT_INTERFACE_TEXT = {"English", "Toggle Dropdown", "Toggle navigation", "breadcrumb", "TH"}
CODE_LIKE = re.compile(r"^(/\S*|\S+@\S+|[A-Za-z0-9]{32,}|[\w.-]*\d[\w./-]*)$")


def visible_texts(response):
    """The text a shopper sees or hears: element text plus titles, labels, placeholders, button values."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<select name="country".*?</select>', " ", page, flags=re.S)  # country names are data
    attributes = re.findall(r'\b(?:placeholder|title|alt|aria-label|data-loading-text)="([^"]*)"', page)
    attributes += re.findall(r'<input[^>]*type="submit"[^>]*value="([^"]*)"', page)
    texts = re.sub(r"<[^>]+>", "\n", page).split("\n") + attributes
    return [html.unescape(text).strip() for text in texts if text.strip()]


def untranslated(response):
    return sorted({
        text for text in visible_texts(response)
        if LATIN_WORD.search(text) and not THAI.search(text)
        and text not in NOT_INTERFACE_TEXT and not CODE_LIKE.match(text)
    })


@pytest.fixture
def shop(db):
    Country.objects.get_or_create(iso_3166_1_a2="TH", defaults=dict(
        iso_3166_1_a3="THA", iso_3166_1_numeric="764", name="Thailand", printable_name="ประเทศไทย",
        is_shipping_country=True))
    return certified_product(name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk")


# --- every interface string of the shopper's pages is Thai -------------------------------------

@pytest.mark.parametrize("page", ["home", "catalogue", "category", "product", "provinces", "province", "producer",
                                  "basket", "offers", "login", "not found", "search"])
def test_thai_pages_show_no_untranslated_interface_text(client, shop, page):
    producer = shop.profile.producer
    urls = {
        "home": reverse("home"), "catalogue": reverse("otop_catalog:index"),
        "category": shop.categories.get().get_absolute_url(), "product": shop.get_absolute_url(),
        "provinces": reverse("provinces:list"), "province": producer.province.get_absolute_url(),
        "producer": producer.get_absolute_url(), "basket": reverse("basket:summary"),
        "offers": reverse("offer:list"), "login": reverse("customer:login"), "not found": "/no-such-page/",
        "search": "/search/?q=ผ้าไหม",
    }
    if page == "basket":
        client.post(reverse("basket:add", kwargs={"pk": shop.pk}), {"quantity": 1})

    response = client.get(urls[page])

    assert response.status_code in (200, 404)
    assert untranslated(response) == []


def test_thai_checkout_pages_up_to_payment_show_no_untranslated_interface_text(client, shop):
    client.post(reverse("basket:add", kwargs={"pk": shop.pk}), {"quantity": 1})
    gateway = client.get(reverse("checkout:index"))
    address_form = client.post(reverse("checkout:index"), {"username": "a@example.com", "options": "anonymous"},
                               follow=True)
    payment = client.post(reverse("checkout:shipping-address"), {
        "first_name": "สมชาย", "last_name": "ใจดี", "line1": "99 ถนนอินทยงยศ", "line4": "ลำพูน",
        "province": "TH-51", "postcode": "51000", "country": "TH"}, follow=True)

    assert payment.redirect_chain[-1][0].endswith(reverse("checkout:payment-details"))
    for response in (gateway, address_form):  # the payment page is the payment work's (Stripe)
        assert untranslated(response) == []


@pytest.fixture
def account(client, shop):
    """A signed-in shopper with something on every account page: an order, a wish list holding the
    product, an active stock alert (for another product, sold out), an address."""
    from buying import order_for

    user = UserFactory(email="malee@example.org", password="correct horse battery staple")
    order_for((shop, 1), email=user.email, user=user)
    WishList = get_model("wishlists", "WishList")
    WishList.objects.create(owner=user, name="ของฝาก").add(shop)
    WishList.objects.create(owner=user, name="ของขวัญปีใหม่")  # a second list to move lines to
    sold_out = certified_product(name_th="ผ้าฝ้ายทอมือ", num_in_stock=0)
    get_model("customer", "ProductAlert").objects.create(user=user, product=sold_out)
    get_model("address", "UserAddress").objects.create(
        user=user, first_name="มาลี", last_name="ใจดี", line1="12 ถนนนิมมานเหมินท์", line4="เชียงใหม่",
        postcode="50200", country_id="TH")
    client.force_login(user)
    return user


@pytest.mark.parametrize("page", [
    "customer:profile-view", "customer:profile-update", "customer:change-password",
    "customer:order-list", "customer:address-list", "otop-address-add", "customer:email-list",
    "customer:notifications-inbox", "customer:notifications-archive", "customer:alerts-list",
    "customer:wishlists-list", "wishlist", "customer:wishlists-create", "customer:profile-delete", "otop-email-change"])
def test_thai_account_pages_show_no_untranslated_interface_text(client, account, page):
    if page == "wishlist":
        url = reverse("customer:wishlists-detail", kwargs={"key": account.wishlists.get(name="ของฝาก").key})
    else:
        url = reverse(page)

    response = client.get(url)

    assert response.status_code == 200
    assert untranslated(response) == []


def test_the_account_wish_list_names_its_products_in_the_page_s_language(client, account, shop):
    key = account.wishlists.get(name="ของฝาก").key
    with translation.override("en"):
        english = client.get(reverse("customer:wishlists-detail", kwargs={"key": key})).content.decode()
    thai = client.get(reverse("customer:wishlists-detail", kwargs={"key": key})).content.decode()

    assert "Lamphun brocade silk" in english and "ผ้าไหมยกดอกลำพูน" not in english
    assert "ผ้าไหมยกดอกลำพูน" in thai and "ย้ายไปยังรายการที่อยากได้ 'ของขวัญปีใหม่'" in thai


def test_thai_password_reset_pages_show_no_untranslated_interface_text(client, shop, mailoutbox):
    UserFactory(email="malee@example.org")
    form = client.get(reverse("password-reset"))
    sent = client.post(reverse("password-reset"), {"email": "malee@example.org"}, follow=True)
    link = re.search(r"https?://[^/\s]+(/\S+/password-reset/confirm/\S+/|/password-reset/confirm/\S+/)",
                     mailoutbox[0].body).group(1)
    new_password = client.get(link, follow=True)
    done = client.post(new_password.redirect_chain[-1][0], {
        "new_password1": "ข้าวหอมมะลิ ทุ่งกุลา 2026", "new_password2": "ข้าวหอมมะลิ ทุ่งกุลา 2026"}, follow=True)

    for response in (form, sent, new_password, done):
        assert response.status_code == 200
        assert untranslated(response) == []
    assert 'name="new_password1"' in new_password.content.decode()


# The staff dashboard's pages (Oscar's) that staff and officers work in: lists, forms and reports.
DASHBOARD_PAGES = [
    "dashboard:index", "dashboard:catalogue-product-list", "dashboard:catalogue-category-list",
    "dashboard:catalogue-category-create", "dashboard:catalogue-class-list", "dashboard:catalogue-class-create",
    "dashboard:catalogue-option-list", "dashboard:catalogue-attribute-option-group-list", "dashboard:stock-alert-list",
    "dashboard:order-list", "dashboard:partner-list", "dashboard:partner-create", "dashboard:offer-list",
    "dashboard:offer-metadata", "dashboard:voucher-list", "dashboard:voucher-create", "dashboard:voucher-set-list",
    "dashboard:range-list", "dashboard:range-create", "dashboard:page-list", "dashboard:page-create",
    "dashboard:reviews-list", "dashboard:users-index", "dashboard:user-alert-list", "dashboard:reports-index",
    "dashboard:comms-list", "product edit",
]
# English that Oscar's dashboard writes without gettext, so no catalog can translate it: the order
# and voucher lists' "Filters:" label, a dialog's close button's label, the category and user tables'
# columns named after their attributes, the user table's booleans; and codes staff know as they are.
OSCAR_UNTRANSLATABLE = {"Filters:", "Close", "Actions", "Name", "True", "False", "CSV", "HTML", "UPC", "UPC:", "URL"}


@pytest.mark.parametrize("page", DASHBOARD_PAGES)
def test_thai_staff_dashboard_pages_show_no_untranslated_interface_text(client, shop, page):
    # given a staff member on the dashboard in Thai
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("dashboard:catalogue-product", kwargs={"pk": shop.pk}) if page == "product edit" else reverse(page)
    # when
    response = client.get(url, follow=True)
    # then every interface string is Thai; names staff typed in (categories, product types,
    # partners) are data and stay as they were written
    data = set(Category.objects.values_list("name", flat=True)) | set(
        ProductClass.objects.values_list("name", flat=True)) | set(Partner.objects.values_list("name", flat=True))
    assert response.status_code == 200
    assert [text for text in untranslated(response) if text not in data | OSCAR_UNTRANSLATABLE] == []


def test_english_pages_show_english_interface_text(client, shop):
    with translation.override("en"):
        url = shop.get_absolute_url()

    page = client.get(url).content.decode()

    assert '<html lang="en"' in page
    assert "Star level" in page and "Selection year" in page and "In stock" in page
    assert "ระดับดาว" not in page


# --- language switch ----------------------------------------------------------------------------

def test_header_language_selector_posts_to_set_language_with_the_neutral_path(client, shop):
    with translation.override("en"):
        english_url = reverse("otop_catalog:index")

    page = client.get(english_url).content.decode()

    form = re.search(r'<form id="language_selector"[^>]*action="([^"]+)".*?</form>', page, re.S)
    assert form and form.group(1) == reverse("set_language")
    assert 'name="next" type="hidden" value="/catalogue/"' in form.group(0)
    assert re.search(r'<button type="submit" name="language" value="th" lang="th">ภาษาไทย</button>', form.group(0))


def test_set_language_switches_to_english_and_back(client, shop):
    # when the shopper picks English on the Thai catalogue page
    to_english = client.post(reverse("set_language"), {"language": "en", "next": "/catalogue/"})
    # then they land on the English page, which speaks English
    assert to_english.status_code == 302 and to_english["Location"] == "/en/catalogue/"
    english_page = client.get(to_english["Location"]).content.decode()
    assert "Lamphun brocade silk" in english_page and "All products" in english_page
    # and back to Thai
    to_thai = client.post(reverse("set_language"), {"language": "th", "next": "/catalogue/"})
    assert to_thai["Location"] == "/catalogue/"
    assert "ผ้าไหมยกดอกลำพูน" in client.get("/catalogue/").content.decode()


def test_switching_language_keeps_the_query_string(client, shop):
    page = client.get("/catalogue/?page=1").content.decode()
    next_path = html.unescape(re.search(r'name="next" type="hidden" value="([^"]*)"', page).group(1))

    response = client.post(reverse("set_language"), {"language": "en", "next": next_path})

    assert next_path == "/catalogue/?page=1"
    assert response["Location"] == "/en/catalogue/?page=1"


@pytest.mark.parametrize("page", ["category", "province", "producer", "product"])
def test_switching_language_on_any_catalogue_page_lands_on_the_same_page_in_the_other_language(client, shop, page):
    # (the category and province pages once stayed Thai: their addresses had no name to translate by)
    thai_path = {"category": shop.categories.first().get_absolute_url(),
                 "province": shop.profile.producer.province.get_absolute_url(),
                 "producer": shop.profile.producer.get_absolute_url(),
                 "product": shop.get_absolute_url()}[page] + ("?sort=price" if page in ("category", "province") else "")
    response = client.post(reverse("set_language"), {"language": "en", "next": thai_path})
    assert response.status_code == 302 and response["Location"] == "/en" + thai_path
    english = client.get(response["Location"])
    assert english.status_code == 200 and "Lamphun brocade silk" in english.content.decode()
    # and back, with what the English page's language selector sends
    next_path = html.unescape(re.search(r'name="next" type="hidden" value="([^"]*)"', english.content.decode()).group(1))
    assert client.post(reverse("set_language"), {"language": "th", "next": next_path})["Location"] == thai_path


def test_every_page_route_of_the_project_has_a_name_for_the_language_switch():
    # Django's translate_url (what the language switch uses) reverses a page's route by its name: a
    # route without one leaves the shopper on the page in the language they were leaving.
    from django.urls import URLResolver, get_resolver
    from django.urls.resolvers import LocalePrefixPattern

    def unnamed(resolver, prefix="", in_languages=False):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from unnamed(pattern, prefix + str(pattern.pattern),
                                   in_languages or isinstance(pattern.pattern, LocalePrefixPattern))
            elif in_languages and pattern.name is None and pattern.callback.__module__.split(".")[0] in (
                    "marketplace", "catalog_import", "storefront_theme"):
                yield prefix + str(pattern.pattern)

    assert list(unnamed(get_resolver())) == []


def test_unprefixed_address_is_always_thai_even_with_an_english_cookie(client, shop):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get("/").content.decode()

    assert '<html lang="th"' in page and "ผ้าไหมยกดอกลำพูน" in page


@pytest.mark.parametrize("address, target", [
    ("/th/", "/"), ("/th", "/"), ("/th/catalogue/?sort=price&page=2", "/catalogue/?sort=price&page=2"),
    ("/th/search/?q=%E0%B8%9C%E0%B9%89%E0%B8%B2", "/search/?q=%E0%B8%9C%E0%B9%89%E0%B8%B2"),
    ("/th//evil.example/", "/evil.example/"), ("/th/\\evil.example/", "/evil.example/"),
])
def test_an_address_with_the_thai_prefix_goes_to_the_same_page_without_it(client, shop, address, target):
    # given an address written with /th/, which the shop's own links never have (Thai has no prefix)
    response = client.get(address)

    # then the shopper is sent for good to the same page of this site, query kept, and it is Thai
    assert response.status_code == 301 and response["Location"] == target
    assert '<html lang="th"' in client.get("/th/", follow=True).content.decode()


def test_an_unknown_address_with_the_thai_prefix_ends_in_the_same_404_as_without_it(client, shop):
    response = client.get("/th/nope/", follow=True)
    assert response.redirect_chain == [("/nope/", 301)] and response.status_code == 404


def test_a_path_that_merely_starts_with_th_is_not_redirected(client, shop):
    assert client.get("/thumbnail/1/64/webp/").status_code != 301
    assert client.get("/thai-silk/").status_code == 404


def test_set_language_refuses_an_unknown_language_and_a_foreign_next(client):
    response = client.post(reverse("set_language"), {"language": "xx", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


# --- content falls back to the other language -------------------------------------------------

def test_product_without_english_name_and_story_shows_thai_on_english_pages(client, db):
    product = certified_product(name_th="น้ำพริกหนุ่ม", name_en="", category="food")
    product.profile.story_en = ""
    product.profile.save()
    with translation.override("en"):
        urls = [product.get_absolute_url(), reverse("otop_catalog:index")]

    detail, listing = (client.get(url).content.decode() for url in urls)

    assert "น้ำพริกหนุ่ม" in detail and "เรื่องราวของผ้าไหมจากหมู่บ้าน" in detail
    assert "น้ำพริกหนุ่ม" in listing


def test_producer_without_thai_story_shows_english_on_thai_page(client, db):
    producer = ProducerFactory(name_th="", name_en="Doi Tung Coffee Group", story_th="", story_en="Coffee from the hills.")
    certified_product(producer=producer)

    page = client.get(producer.get_absolute_url()).content.decode()

    assert "Doi Tung Coffee Group" in page and "Coffee from the hills." in page


# --- the catalogs themselves ------------------------------------------------------------------

def _po_msgids(path):
    text = path.read_text(encoding="utf-8")
    ids = set()
    for entry in text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', entry + "\n", re.M)
        if match and not entry.lstrip().startswith("#~"):
            ids.add("".join(re.findall(r'"(.*)"', match.group(1))))
    return ids - {""}


def test_every_oscar_string_we_translate_still_exists_in_oscar(tmp_path):
    # given the Oscar files our catalog names as the strings' sources
    ours_po = LOCALE / "oscar" / "th" / "LC_MESSAGES" / "django.po"
    sources = set(re.findall(r"^#: (.*)$", ours_po.read_text(encoding="utf-8"), re.M))
    for source in {name for line in sources for name in line.split()}:
        copy = tmp_path / "src" / source
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes((OSCAR_DIR.parent / source).read_bytes())
    # when the installed Oscar's strings are extracted from them as makemessages does
    (tmp_path / "locale").mkdir()
    (tmp_path / "extract_settings.py").write_text("SECRET_KEY = 'x'\nUSE_I18N = True\nLOCALE_PATHS = []\n")
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "th", "--settings=extract_settings",
                    "--ignore=extract_settings.py"], cwd=tmp_path, check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(tmp_path)})
    # then each string we translate is one of them (an Oscar upgrade that rewords one shows up here)
    ours = _po_msgids(ours_po)
    assert len(ours) > 250
    assert ours - _po_msgids(tmp_path / "locale" / "th" / "LC_MESSAGES" / "django.po") == set()


@pytest.mark.parametrize("catalog", ["th", "oscar/th"])
def test_compiled_catalogs_match_their_po_files(tmp_path, catalog):
    po = LOCALE / catalog / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)

    with open(fresh, "rb") as new, open(po.with_suffix(".mo"), "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(new)._catalog, (
            f"run: manage.py compilemessages (then commit {po.with_suffix('.mo').relative_to(BASE_DIR)})")


def test_every_project_string_has_a_thai_translation():
    po = (LOCALE / "th" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    empty = re.findall(r'^msgid "(.+)"\nmsgstr ""\n\n', po, re.M)
    fuzzy = re.findall(r"^#, fuzzy", po.split("\n\n", 1)[1], re.M)
    assert empty == [] and fuzzy == []
