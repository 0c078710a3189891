"""Content through /graphql/ as Saleor's storefront asks for it: pages from flatpages (Thai, with
an English version at /en/<slug>/, their HTML as Editor.js), the footer menu's columns of collections
and pages, the category menu of OTOP categories with Thai and English names, collections with their
Thai and English face in the channels they are published in, and the placeholder of a product with
no photo."""
import json

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.utils import translation
from oscar.core.loading import get_model

from graphql_client import data, post
from marketplace.catalog.models import CollectionProfile
from marketplace.channels.models import Channel
from marketplace.graphql.core.ids import global_id
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db
Category = get_model("catalogue", "Category")
CategoryNames = get_model("otop_catalog", "CategoryNames")

PAGE = """query($slug: String!, $lang: LanguageCodeEnum!) { page(slug: $slug) {
  id slug title seoTitle content isPublished pageType { slug }
  translation(languageCode: $lang) { title slug content } en: translation(languageCode: EN) { title }
  ja: translation(languageCode: JA) { slug } } }"""
ITEM = ("id name level translation(languageCode: EN) { name } category { slug name } page { slug title } url "
        "collection { slug name translation(languageCode: EN) { name } }")
Range = get_model("offer", "Range")
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


def _thai(text):
    with translation.override("th"):
        return str(translation.gettext(text))


def _collection(slug, name_th, name_en, products=(), channels=(), **profile):
    found = Range.objects.create(name=name_en, slug=slug, is_public=True)
    for position, product in enumerate(products):
        found.add_product(product, display_order=position)
    made = CollectionProfile.objects.create(range=found, name_th=name_th, name_en=name_en, **profile)
    made.channels.set(Channel.objects.filter(slug__in=channels))
    return found


def test_the_footer_menu_has_columns_of_collections_and_pages_with_english_names(about):
    # given pages for two columns, one staff added with a slug of its own, and a collection
    _flatpage("/shipping/", "การจัดส่ง", "ส่งทั่วประเทศ")
    _flatpage("/en/shipping/", "Shipping", "We deliver across Thailand.")
    _flatpage("/faq/", "คำถามที่พบบ่อย", "ถามตอบ")
    _collection("new-year-gifts", "ของขวัญปีใหม่", "New Year gifts")

    # when the storefront reads the footer menu
    menu = data(MENU, {"slug": "footer"})["menu"]

    # then the columns are headings (level 0) with their links under them (level 1), in Thai and English
    assert menu["slug"] == "footer"
    columns = [(item["name"], item["translation"]["name"], item["level"]) for item in menu["items"]]
    assert columns == [(_thai("Shop"), "Shop", 0), (_thai("Customer service"), "Customer service", 0),
                       (_thai("About us"), "About us", 0)]
    shop, help, about_us = (item["children"] for item in menu["items"])
    assert [(link["collection"]["slug"], link["name"], link["translation"]["name"], link["level"])
            for link in shop] == [("new-year-gifts", "ของขวัญปีใหม่", "New Year gifts", 1)]
    assert [(link["page"]["slug"], link["name"], link["translation"]["name"]) for link in help] == [
        ("shipping", "การจัดส่ง", "Shipping")]
    # a page without an English version keeps its Thai name in English; pages no column names come last
    assert [(link["page"]["slug"], link["translation"]["name"]) for link in about_us] == [
        ("about", "About us"), ("faq", "คำถามที่พบบ่อย")]


def test_a_footer_column_with_nothing_to_link_is_left_out(about):
    items = data(MENU, {"slug": "footer"})["menu"]["items"]
    assert [item["translation"]["name"] for item in items] == ["About us"]


def test_page_html_reaches_clients_as_editorjs_headers_lists_and_safe_links():
    # given a page staff wrote in HTML, with a script and an unsafe link
    _flatpage("/returns/", "การคืนสินค้า", """<p>แจ้งเรา
ภายใน 7 วัน</p><h2>ข้อยกเว้น</h2><ul><li>อาหารที่<b>เปิดแล้ว</b></li><li><a href="/contact/">ติดต่อ</a></li></ul>
<script>alert(1)</script><p><a href="javascript:alert(1)">คลิก</a> &amp; จบ</p>""")

    # when the storefront opens it
    content = json.loads(data(PAGE, {"slug": "returns", "lang": "TH"})["page"]["content"])

    # then headings, lists and paragraphs are Editor.js blocks; the script and the unsafe link are gone
    assert [(block["type"], block["data"]) for block in content["blocks"]] == [
        ("paragraph", {"text": "แจ้งเรา ภายใน 7 วัน"}),
        ("header", {"text": "ข้อยกเว้น", "level": 2}),
        ("list", {"style": "unordered", "items": ["อาหารที่<b>เปิดแล้ว</b>", '<a href="/contact/">ติดต่อ</a>']}),
        ("paragraph", {"text": "คลิก &amp; จบ"}),
    ]


COLLECTIONS = """query($channel: String!) { collections(channel: $channel, first: 10) { edges { node {
  slug name description seoDescription backgroundImage { url alt }
  translation(languageCode: EN) { name description } } } } }"""


def test_collections_are_bilingual_with_a_background_image_in_the_channels_they_are_published_in(
        settings, tmp_path):
    # given a fair published in the domestic channel only and a campaign published everywhere
    settings.MEDIA_ROOT = tmp_path
    fair = _collection("lampang-ceramics-fair-bangkok", "งานเซรามิกลำปาง", "Lampang Ceramics Fair",
                       channels=["th-thb"], description_th="ชามตราไก่จากลำปาง", description_en="Rooster bowls.")
    fair.profile.background_image.save("fair.png", _png(), save=True)
    _collection("new-year-gifts", "ของขวัญปีใหม่", "New Year gifts")

    # when the storefront lists the collections of each channel
    domestic = [edge["node"] for edge in data(COLLECTIONS, {"channel": "th-thb"})["collections"]["edges"]]
    abroad = [edge["node"]["slug"] for edge in data(COLLECTIONS, {"channel": "intl-usd"})["collections"]["edges"]]

    # then the fair is only in the domestic channel, Thai in its base fields and English in translation
    assert abroad == ["new-year-gifts"]
    shown = {node["slug"]: node for node in domestic}
    assert set(shown) == {"lampang-ceramics-fair-bangkok", "new-year-gifts"}
    node = shown["lampang-ceramics-fair-bangkok"]
    assert (node["name"], node["translation"]["name"]) == ("งานเซรามิกลำปาง", "Lampang Ceramics Fair")
    assert json.loads(node["description"])["blocks"][0]["data"]["text"] == "ชามตราไก่จากลำปาง"
    assert json.loads(node["translation"]["description"])["blocks"][0]["data"]["text"] == "Rooster bowls."
    assert node["backgroundImage"]["url"].startswith("http://testserver/media/collections/fair")
    assert node["backgroundImage"]["alt"] == "งานเซรามิกลำปาง"
    assert shown["new-year-gifts"]["backgroundImage"] is None
    # and asking for the fair in the other channel finds nothing
    one = """query($channel: String!) { collection(slug: "lampang-ceramics-fair-bangkok", channel: $channel) { slug } }"""
    assert data(one, {"channel": "intl-usd"})["collection"] is None
    assert data(one, {"channel": "th-thb"})["collection"]["slug"] == "lampang-ceramics-fair-bangkok"


def _png():
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (16, 8), (200, 100, 50)).save(out, format="PNG")
    return ContentFile(out.getvalue())


FEATURED = """query($first: Int!) { collection(slug: "featured-products", channel: "th-thb") {
  products(first: $first, sortBy: {field: COLLECTION, direction: ASC}) { edges { node { name
    thumbnail(size: 512, format: WEBP) { url alt } } } } } }"""


def test_the_home_pages_featured_products_come_in_the_order_staff_gave_them_with_a_placeholder_picture(client):
    # given three products without photos, put in the featured collection in an order of their own
    first, second, third = (certified_product(name_th=f"สินค้า {n}", name_en=f"Product {n}") for n in "123")
    _collection("featured-products", "สินค้าแนะนำ", "Featured products", products=[second, third, first])

    # when the storefront's home page asks for them, sorted by collection
    nodes = [edge["node"] for edge in data(FEATURED, {"first": 12})["collection"]["products"]["edges"]]

    # then they come in that order, each with this site's placeholder (not a /placeholder.svg) saying what it is
    assert [node["name"] for node in nodes] == ["สินค้า 2", "สินค้า 3", "สินค้า 1"]
    thumbnail = nodes[0]["thumbnail"]
    assert thumbnail["url"] == "http://testserver/placeholder/512/webp/"
    with translation.override("en"):  # the API's words: English unless the client asks for Thai
        assert thumbnail["alt"] == translation.gettext("Placeholder image: no photo of %(product)s yet") % {
            "product": "สินค้า 2"}
    answer = client.get("/placeholder/512/webp/")
    assert answer.status_code == 200 and answer["Content-Type"] == "image/webp"
    from io import BytesIO

    from PIL import Image
    with Image.open(BytesIO(b"".join(answer.streaming_content if answer.streaming else [answer.content]))) as drawn:
        assert drawn.size == (512, 512)
    assert client.get("/placeholder/500/webp/").status_code == 404


def test_sorting_by_collection_outside_a_collection_is_the_default_order():
    certified_product(name_th="เก่า"), certified_product(name_th="ใหม่")
    query = """{ products(first: 5, channel: "th-thb", sortBy: {field: COLLECTION, direction: ASC}) {
      edges { node { name } } } }"""
    assert [edge["node"]["name"] for edge in data(query)["products"]["edges"]] == ["ใหม่", "เก่า"]


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


def test_the_footer_menu_costs_the_same_queries_with_more_collections_and_pages(about, django_assert_num_queries):
    # given the footer read with one collection, then with three more collections and two more pages
    _collection("new-year-gifts", "ของขวัญปีใหม่", "New Year gifts")
    with django_assert_num_queries(3) as before:  # the pages, their English versions, the collections
        data(MENU, {"slug": "footer"})
    for number in range(3):
        _collection(f"fair-{number}", f"งาน {number}", f"Fair {number}", channels=["th-thb"])
    _flatpage("/shipping/", "การจัดส่ง", "ส่งทั่วประเทศ")
    _flatpage("/en/returns/", "Returns", "Within 7 days.")

    # when it is read again, then it costs the same
    with django_assert_num_queries(len(before.captured_queries)):
        items = data(MENU, {"slug": "footer"})["menu"]["items"]
    assert len(items[0]["children"]) == 4


MENUS = """query($filter: MenuFilterInput, $sortBy: MenuSortingInput) {
  menus(first: 10, channel: "th-thb", filter: $filter, sortBy: $sortBy) { totalCount edges { node { id slug items { name } } } }
}"""
MENU_ITEMS = """query($filter: MenuItemFilterInput, $sortBy: MenuItemSortingInput, $first: Int, $after: String) {
  menuItems(first: $first, after: $after, channel: "th-thb", filter: $filter, sortBy: $sortBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name level translation(languageCode: EN) { name } } } }
}"""
MENU_ITEM = 'query($id: ID!) { menuItem(id: $id) { name category { slug } page { slug } } }'


def test_a_client_lists_the_shops_menus_and_finds_one_by_slug_or_search(about):
    listed = data(MENUS)["menus"]
    assert [edge["node"]["slug"] for edge in listed["edges"]] == ["footer", "navbar"] and listed["totalCount"] == 2
    assert listed["edges"][0]["node"]["id"] == global_id("Menu", "footer")
    by_slug = data(MENUS, {"filter": {"slugs": ["navbar", "sidebar"]}})["menus"]["edges"]
    assert [edge["node"]["slug"] for edge in by_slug] == ["navbar"]
    assert [edge["node"]["slug"] for edge in data(MENUS, {"filter": {"search": "FOOT"}})["menus"]["edges"]] == ["footer"]
    # sorted by how many items each has, most first: the five OTOP categories, then the footer's one column
    most = data(MENUS, {"sortBy": {"field": "ITEMS_COUNT", "direction": "DESC"}})["menus"]["edges"]
    assert [edge["node"]["slug"] for edge in most] == ["navbar", "footer"]


def test_every_menu_item_is_listed_paged_searched_and_found_by_its_id(about):
    _subcategory("food", "snacks", "ขนม", "Snacks")
    every = data(MENU_ITEMS, {"first": 100})["menuItems"]
    names = [edge["node"]["translation"]["name"] for edge in every["edges"]]
    # the footer's column and its page, then the category tree with the sub-category under food
    assert names[:2] == ["About us", "About us"] and {"Food", "Snacks", "Beverages"} <= set(names)
    assert every["totalCount"] == len(names)
    # paged
    first = data(MENU_ITEMS, {"first": 2})["menuItems"]
    rest = data(MENU_ITEMS, {"first": 100, "after": first["pageInfo"]["endCursor"]})["menuItems"]
    assert [e["node"]["id"] for e in first["edges"] + rest["edges"]] == [e["node"]["id"] for e in every["edges"]]
    # searched in Thai or English
    assert [e["node"]["name"] for e in data(MENU_ITEMS, {"first": 10, "filter": {"search": "snack"}})["menuItems"]["edges"]] == ["ขนม"]
    assert [e["node"]["name"] for e in data(MENU_ITEMS, {"first": 10, "filter": {"search": "ขนม"}})["menuItems"]["edges"]] == ["ขนม"]
    # one by its id; an id of no item is null, one of another type an error naming it
    snacks = next(e["node"] for e in every["edges"] if e["node"]["name"] == "ขนม")
    assert data(MENU_ITEM, {"id": snacks["id"]})["menuItem"] == {"name": "ขนม", "category": {"slug": "snacks"}, "page": None}
    assert data(MENU_ITEM, {"id": global_id("MenuItem", "category-0")})["menuItem"] is None
    status, body = post(MENU_ITEM, {"id": global_id("Menu", "footer")})
    assert status == 200 and "expected the id of a MenuItem" in body["errors"][0]["message"]


def test_menu_items_sorted_by_name():
    ascending = data(MENU_ITEMS, {"first": 100, "sortBy": {"field": "NAME", "direction": "ASC"}})["menuItems"]["edges"]
    names = [edge["node"]["name"] for edge in ascending]
    descending = data(MENU_ITEMS, {"first": 100, "sortBy": {"field": "NAME", "direction": "DESC"}})["menuItems"]["edges"]
    assert names == sorted(names, key=str.lower) and [edge["node"]["name"] for edge in descending] == names[::-1]
