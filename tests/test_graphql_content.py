"""Content through /graphql/ as Saleor's storefront asks for it: pages from flatpages (Thai, with
an English version at /en/<slug>/), the footer menu of pages and the category menu of OTOP
categories with Thai and English names."""
import json

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from oscar.core.loading import get_model

from graphql_client import data, post
from marketplace.graphql.core.ids import global_id

pytestmark = pytest.mark.django_db
Category = get_model("catalogue", "Category")
CategoryNames = get_model("otop_catalog", "CategoryNames")

PAGE = """query($slug: String!, $lang: LanguageCodeEnum!) { page(slug: $slug) {
  id slug title seoTitle content isPublished pageType { slug }
  translation(languageCode: $lang) { title slug content } en: translation(languageCode: EN) { title }
  ja: translation(languageCode: JA) { slug } } }"""
ITEM = "id name level translation(languageCode: EN) { name } category { slug name } page { slug title } url"
MENU = f"""query($slug: String!) {{ menu(slug: $slug, channel: "th-thb") {{ slug items {{ {ITEM}
  children {{ {ITEM} children {{ {ITEM} }} }} }} }} }}"""


def _flatpage(url, title, content, **extra):
    page = FlatPage.objects.create(url=url, title=title, content=content, **extra)
    page.sites.add(Site.objects.get_current())
    return page


@pytest.fixture
def about():
    page = _flatpage("/about/", "เกี่ยวกับเรา", "<p>ตลาดสินค้าโอทอป</p>\n\n<p>จากชุมชนทั่วไทย</p>")
    _flatpage("/en/about/", "About us", "<p>A marketplace of OTOP products.</p>")
    return page


def test_a_page_by_slug_in_thai_with_its_english_version(about):
    # when the storefront opens /about in English
    page = data(PAGE, {"slug": "about", "lang": "EN"})["page"]

    # then the base page is Thai, the translation is the /en/ flatpage, other languages have none
    assert page["id"] == global_id("Page", about.pk) and page["slug"] == "about"
    assert (page["title"], page["isPublished"], page["pageType"]["slug"]) == ("เกี่ยวกับเรา", True, "content-page")
    blocks = json.loads(page["content"])["blocks"]
    assert [block["data"]["text"] for block in blocks] == ["ตลาดสินค้าโอทอป", "จากชุมชนทั่วไทย"]
    assert page["translation"]["title"] == "About us" and page["translation"]["slug"] == "about"
    assert json.loads(page["translation"]["content"])["blocks"][0]["data"]["text"] == "A marketplace of OTOP products."
    assert page["ja"] is None


def test_a_page_without_english_version_has_no_english_translation_and_unknown_slugs_are_null():
    _flatpage("/shipping/", "การจัดส่ง", "ส่งทั่วประเทศ")
    page = data(PAGE, {"slug": "shipping", "lang": "TH"})["page"]
    assert page["translation"]["title"] == "การจัดส่ง" and page["en"] is None
    assert data(PAGE, {"slug": "no-such-page", "lang": "TH"})["page"] is None


def test_pages_by_slugs_leave_out_pages_that_need_a_login(about):
    # given a members-only page next to public ones
    _flatpage("/terms/", "ข้อกำหนด", "ข้อกำหนดการใช้งาน")
    _flatpage("/members/", "สมาชิก", "เฉพาะสมาชิก", registration_required=True)

    # when the storefront asks for three slugs
    answer = data("""query($slugs: [String!]!) { pages(channel: "th-thb", where: {slug: {oneOf: $slugs}}, first: 20)
                     { totalCount edges { node { slug isPublished assignedAttributes { attribute { slug } } } } } }""",
                  {"slugs": ["about", "terms", "members"]})["pages"]

    # then it gets the two public ones, by URL order, without attributes
    assert answer["totalCount"] == 2
    assert [edge["node"]["slug"] for edge in answer["edges"]] == ["about", "terms"]
    assert answer["edges"][0]["node"]["assignedAttributes"] == []


def test_pages_need_a_page_size_and_a_well_formed_id():
    _, without_first = post('{ pages { edges { node { slug } } } }')
    _, bad_id = post('{ pages(first: 5, filter: {ids: ["nonsense"]}) { edges { node { slug } } } }')
    _, both = post('{ page(id: "x", slug: "about") { slug } }')
    assert "first" in without_first["errors"][0]["message"]
    assert "Invalid ID 'nonsense'" in bad_id["errors"][0]["message"]
    assert "exactly one" in both["errors"][0]["message"]


def test_the_footer_menu_lists_the_pages_with_english_names(about):
    menu = data(MENU, {"slug": "footer"})["menu"]
    assert menu["slug"] == "footer"
    assert [(item["name"], item["translation"]["name"], item["page"]["slug"], item["level"])
            for item in menu["items"]] == [("เกี่ยวกับเรา", "About us", "about", 0)]


def _subcategory(parent_code, code, name_th, name_en):
    parent = CategoryNames.objects.get(code=parent_code).category
    child = parent.add_child(name=name_en, slug=code)
    CategoryNames.objects.create(category=child, code=code, name_th=name_th, name_en=name_en)
    return child


def test_the_navbar_menu_is_the_otop_category_tree_in_thai_and_english():
    # given a sub-category of food and a hidden one
    _subcategory("food", "snacks", "ขนม", "Snacks")
    _subcategory("food", "hidden-one", "ซ่อน", "Hidden").__class__.objects.filter(slug="hidden-one").update(
        is_public=False)

    # when the storefront reads the navbar menu
    items = data(MENU, {"slug": "navbar"})["menu"]["items"]

    # then the five OTOP categories are there in Thai, food with its public child, all with English names
    by_slug = {item["category"]["slug"]: item for item in items}
    assert {"food", "beverages", "textiles", "household", "herbal"} <= set(by_slug)
    food = by_slug["food"]
    assert (food["name"], food["translation"]["name"], food["level"]) == ("อาหาร", "Food", 0)
    assert [(child["name"], child["translation"]["name"], child["level"]) for child in food["children"]] == [
        ("ขนม", "Snacks", 1)]


def test_the_category_menu_costs_the_same_queries_with_more_categories(django_assert_num_queries):
    # given the menu read once, then three more sub-categories
    with django_assert_num_queries(1) as before:
        data(MENU, {"slug": "navbar"})
    for number in range(3):
        _subcategory("beverages", f"tea-{number}", f"ชา {number}", f"Tea {number}")

    # when it is read again, then it costs the same
    with django_assert_num_queries(len(before.captured_queries)):
        data(MENU, {"slug": "navbar"})


def test_an_unknown_menu_is_null():
    assert data(MENU, {"slug": "sidebar"})["menu"] is None


def test_pages_with_translations_cost_the_same_for_one_page_or_five(about, django_assert_num_queries):
    query = """{ pages(first: 20) { edges { node { slug title translation(languageCode: EN) { title } } } } }"""
    with django_assert_num_queries(2):  # the Thai pages, their English versions
        assert len(data(query)["pages"]["edges"]) == 1
    for number in range(4):
        _flatpage(f"/page-{number}/", f"หน้า {number}", "เนื้อหา")
        _flatpage(f"/en/page-{number}/", f"Page {number}", "Content")
    with django_assert_num_queries(2):
        titles = [edge["node"]["translation"]["title"] for edge in data(query)["pages"]["edges"]]
    assert titles == ["About us", "Page 0", "Page 1", "Page 2", "Page 3"]
