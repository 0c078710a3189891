"""The catalogue through the Saleor-compatible API: the storefront's operations return the OTOP catalogue."""
import json
from decimal import Decimal

import pytest

from graphql_client import (
    BY_CATEGORY, CATEGORIES, CHANNELS, DETAILS, LISTING, SEARCH, SHORT_LISTING, VARIANTS, data, post, token_for,
)
from marketplace.certification.models import CertificationStatus, StandardType
from marketplace.channels.models import Channel, ProductChannelListing
from marketplace.catalog.models import OtopCategory
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db


def _names(products):
    return [edge["node"]["translation"]["name"] for edge in products["edges"]]


def _listing(token=None, **variables):
    return data(LISTING, {"first": 20, "channel": "th-thb", "lang": "EN", **variables}, token=token)["products"]


def test_channels_list_gives_the_thb_and_usd_channels():
    channels = data(CHANNELS)["channels"]
    assert [(c["slug"], c["currencyCode"], c["isActive"]) for c in channels] == [
        ("th-thb", "THB", True), ("intl-usd", "USD", True)]


def test_short_listing_shows_listable_products_with_card_fields():
    # given a listable silk scarf
    product = certified_product(name_en="Brocade silk scarf", price="350.00")
    # when the storefront's home listing asks for nine cards
    edges = data(SHORT_LISTING, {"channel": "th-thb", "lang": "EN"})["products"]["edges"]
    # then the card holds the product in Thai, its English translation, the price and the category
    node = edges[0]["node"]
    assert node["slug"] == f"{product.slug}-{product.pk}"  # Oscar's slug and the id: unique
    assert node["name"] == "ผ้าไหมยกดอกลำพูน"
    assert node["translation"]["name"] == "Brocade silk scarf"
    assert node["pricing"]["priceRange"]["start"]["gross"] == {"amount": 350.0, "currency": "THB"}
    assert node["category"]["slug"] == "textiles"
    assert node["category"]["translation"]["name"] == "Textiles and apparel"
    assert node["productVariants"]["totalCount"] == 1
    assert node["flagA"] is None  # no "bestseller" attribute in the OTOP catalogue


def test_unlisted_products_are_hidden_from_shoppers_but_staff_with_a_token_see_them():
    # given one product of each kind the listing rule refuses, and one listable product
    listed = certified_product(name_en="Listed")
    certified_product(name_en="Revoked", status=CertificationStatus.REVOKED)
    certified_product(name_en="Inactive producer", producer=ProducerFactory(active=False))
    certified_product(name_en="Unpublished", is_public=False)
    staff = UserFactory(is_staff=True)
    # when an anonymous client and a staff member list products
    anonymous = _listing()
    as_staff = _listing(token=token_for(staff))
    # then only staff see the unlisted ones
    assert _names(anonymous) == ["Listed"]
    assert sorted(_names(as_staff)) == ["Inactive producer", "Listed", "Revoked", "Unpublished"]
    # and product(slug) follows the same rule
    hidden = certified_product(name_th="ซ่อน", name_en="Hidden", status=CertificationStatus.EXPIRED)
    details = {"slug": hidden.slug, "channel": "th-thb", "lang": "EN"}
    assert data(DETAILS, details)["product"] is None
    seen = data(DETAILS, details, token=token_for(staff))["product"]
    assert seen["isAvailable"] is False
    assert data(DETAILS, {**details, "slug": listed.slug})["product"]["isAvailable"] is True


def test_usd_channel_prices_in_dollars_and_respects_channel_listings(settings):
    settings.OTOP_USD_PER_THB = "0.029"
    settings.OTOP_USD_PRICE_ROUNDING = "0.99"
    certified_product(name_en="Everywhere", price="350.00")
    domestic = certified_product(name_en="Domestic only")
    ProductChannelListing.objects.create(product=domestic, channel=Channel.objects.get(slug="th-thb"))
    fixed = certified_product(name_en="Fixed dollar price", price="1000.00")
    ProductChannelListing.objects.create(product=fixed, channel=Channel.objects.get(slug="intl-usd"),
                                         price=Decimal("25.00"))
    usd = _listing(channel="intl-usd", sortBy={"field": "PRICE", "direction": "ASC"})
    prices = {e["node"]["translation"]["name"]: e["node"]["pricing"]["priceRange"]["start"]["gross"]
              for e in usd["edges"]}
    assert prices == {"Everywhere": {"amount": 10.99, "currency": "USD"},
                      "Fixed dollar price": {"amount": 25.0, "currency": "USD"}}
    assert _names(usd) == ["Everywhere", "Fixed dollar price"]
    assert "Domestic only" in _names(_listing(channel="th-thb"))


def test_star_level_filter_the_saleor_way():
    certified_product(name_en="Three stars", stars=3)
    certified_product(name_en="Four stars", stars=4)
    certified_product(name_en="Five stars", stars=5)
    at_least_four = {"attributes": [{"slug": "star-level", "valuesRange": {"gte": 4}}]}
    assert sorted(_names(_listing(filter=at_least_four))) == ["Five stars", "Four stars"]
    where = {"attributes": [{"slug": "star-level", "value": {"numeric": {"range": {"lte": 3}}}}]}
    assert _names(_listing(where=where)) == ["Three stars"]


def test_filters_by_standard_province_category_price_ids_and_slugs():
    certified_product(name_th="ขนมฮาลาล", name_en="Halal snack", category=OtopCategory.FOOD, price="80.00",
                      standards=((StandardType.HALAL, "H-1"),))
    silk = certified_product(name_th="ผ้าไหม", name_en="Silk")
    standards = {"attributes": [{"slug": "standards", "values": ["halal"]}]}
    assert _names(_listing(filter=standards)) == ["Halal snack"]
    assert _names(_listing(filter={"price": {"lte": 100}})) == ["Halal snack"]
    assert _names(_listing(where={"price": {"range": {"gte": 100}}})) == ["Silk"]
    food = data(CATEGORIES, {"slugs": ["food"]})["categories"]["edges"][0]["node"]["id"]
    assert _names(_listing(filter={"categories": [food]})) == ["Halal snack"]
    assert _names(_listing(where={"category": {"oneOf": [food]}})) == ["Halal snack"]
    assert _names(_listing(filter={"slugs": [silk.slug]})) == ["Silk"]
    province = {"attributes": [{"slug": "province", "values": ["lamphun"]}]}
    assert sorted(_names(_listing(filter=province))) == ["Halal snack", "Silk"]
    ids = [edge["node"]["id"] for edge in _listing(filter=standards)["edges"]]
    assert _names(_listing(filter={"ids": ids})) == ["Halal snack"]
    either = {"OR": [{"attributes": [{"slug": "standards", "values": ["halal"]}]}, {"slug": {"eq": silk.slug}}]}
    assert sorted(_names(_listing(where=either))) == ["Halal snack", "Silk"]


def test_sorting_by_name_price_and_creation():
    certified_product(name_th="ข", name_en="B", price="200.00")
    certified_product(name_th="ก", name_en="A", price="300.00")
    certified_product(name_th="ค", name_en="C", price="100.00")
    assert _names(_listing(sortBy={"field": "NAME", "direction": "ASC"})) == ["A", "B", "C"]
    assert _names(_listing(sortBy={"field": "PRICE", "direction": "DESC"})) == ["A", "B", "C"]
    assert _names(_listing(sortBy={"field": "PRICE", "direction": "ASC"})) == ["C", "B", "A"]
    assert _names(_listing(sortBy={"field": "CREATED_AT", "direction": "DESC"})) == ["C", "A", "B"]


def test_pagination_with_cursors_and_total_count():
    for i in range(5):
        certified_product(name_th=f"สินค้า {i}", name_en=f"P{i}")
    order = {"field": "NAME", "direction": "ASC"}
    first = _listing(first=2, sortBy=order)
    assert (_names(first), first["totalCount"], first["pageInfo"]["hasNextPage"]) == (["P0", "P1"], 5, True)
    second = _listing(first=2, after=first["pageInfo"]["endCursor"], sortBy=order)
    assert _names(second) == ["P2", "P3"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    last = _listing(first=None, last=2, sortBy=order)
    assert _names(last) == ["P3", "P4"]
    assert last["pageInfo"]["hasNextPage"] is False


def test_search_goes_through_the_search_interface_and_ranks():
    certified_product(name_en="Indigo cotton shirt", name_th="เสื้อผ้าฝ้ายย้อมคราม")
    certified_product(name_en="Chilli paste", name_th="น้ำพริกเผา", category=OtopCategory.FOOD)
    found = data(SEARCH, {"search": "cotton", "sortBy": "RANK", "sortDirection": "DESC", "first": 10,
                          "channel": "th-thb", "lang": "EN"})["products"]
    assert _names(found) == ["Indigo cotton shirt"]
    assert found["totalCount"] == 1


def test_product_details_carry_otop_facts_as_saleor_attributes():
    product = certified_product(stars=5, standards=((StandardType.MPC, "123/2565"), (StandardType.HALAL, "H-9")))
    found = data(DETAILS, {"slug": product.slug, "channel": "th-thb", "lang": "EN", "slugLang": "EN"})["product"]
    assigned = {a["attribute"]["slug"]: a for a in found["assignedAttributes"]}
    assert assigned["star-level"]["number"] == 5.0
    assert assigned["star-level"]["attribute"]["translation"]["name"] == "Star level"
    assert [(c["slug"], c["translation"]) for c in assigned["standards"]["many"]] == [
        ("halal", "Halal H-9"), ("mpc", "Thai Community Product Standard 123/2565")]
    assert assigned["province"]["one"] == {"name": "ลำพูน", "slug": "lamphun", "translation": "Lamphun"}
    assert assigned["hs-code"]["text"] == "5007.20"
    assert assigned["units-per-carton"]["number"] == 20.0
    assert found["en"] == {"slug": f"{product.slug}-{product.pk}"}
    assert found["pl"] is None
    description = json.loads(found["translation"]["description"])
    assert description["blocks"][0] == {"id": "story-1", "type": "paragraph",
                                      "data": {"text": "The story of village silk."}}
    assert found["productType"] == {"slug": "otop-product"}
    assert found["productVariants"] == {"totalCount": 1}


def test_variant_is_the_product_with_programme_code_as_sku_and_stock():
    product = certified_product(code="5101-2568-0042", num_in_stock=7, price="120.00")
    found = data(VARIANTS, {"slug": product.slug, "channel": "intl-usd", "lang": "EN", "first": 10})["product"]
    variants = found["productVariants"]
    node = variants["edges"][0]["node"]
    assert (variants["totalCount"], node["sku"], node["quantityAvailable"]) == (1, "5101-2568-0042", 7)
    assert node["picked"] == []
    assert node["pricing"]["price"]["gross"]["currency"] == "USD"
    assert {a["attribute"]["slug"] for a in node["other"]} >= {"net-weight-g", "length-cm"}


def test_category_page_lists_its_products():
    certified_product(name_en="Rice crackers", category=OtopCategory.FOOD)
    certified_product(name_en="Silk", category=OtopCategory.TEXTILES)
    category = data(BY_CATEGORY, {"slug": "food", "channel": "th-thb", "lang": "EN", "first": 10})["category"]
    assert (category["name"], category["translation"]["name"]) == ("อาหาร", "Food")
    assert _names(category["products"]) == ["Rice crackers"]
    assert category["products"]["totalCount"] == 1


def test_otop_extension_fields_and_producer_queries():
    product = certified_product(stars=4)
    hidden_producer = ProducerFactory(active=False, slug="closed-group")
    query = """query($slug: String!) {
      product(slug: $slug, channel: "th-thb") {
        programmeCode
        certification { starLevel selectionYear validUntil standards { type number } province { isoCode } }
        certifications { starLevel }
        packaging { netWeightG unitsPerCarton hsCode }
        producer { slug name(languageCode: EN) province { slug } }
        province { nameEn }
      }
      producers(first: 100) { edges { node { slug } } }
      hidden: producer(slug: "closed-group") { slug }
      provinces { isoCode }
    }"""
    found = data(query, {"slug": product.slug})
    p = found["product"]
    assert p["certification"]["starLevel"] == 4
    assert p["certification"]["standards"] == [{"type": "MPC", "number": "123/2565"}]
    assert p["packaging"] == {"netWeightG": 250.0, "unitsPerCarton": 20, "hsCode": "5007.20"}
    assert p["province"] == {"nameEn": "Lamphun"}
    assert p["producer"]["slug"] == product.profile.producer.slug
    slugs = [e["node"]["slug"] for e in found["producers"]["edges"]]
    assert product.profile.producer.slug in slugs and hidden_producer.slug not in slugs
    assert found["hidden"] is None
    assert len(found["provinces"]) == 77


def test_token_create_refresh_verify_and_me():
    user = UserFactory(email="somsri@example.com")
    create = """mutation($email: String!, $password: String!) {
      tokenCreate(email: $email, password: $password) { token refreshToken user { email } errors { field code message } }
    }"""
    bad = data(create, {"email": "somsri@example.com", "password": "wrong"})["tokenCreate"]
    assert bad["token"] is None
    assert bad["errors"] == [{"field": "email", "code": "INVALID_CREDENTIALS",
                              "message": "Please, enter valid credentials"}]
    good = data(create, {"email": "somsri@example.com", "password": "correct horse battery staple"})["tokenCreate"]
    assert good["errors"] == [] and good["user"] == {"email": user.email}
    me = data("{ me { email isStaff } }", token=good["token"])["me"]
    assert me == {"email": "somsri@example.com", "isStaff": False}
    assert data("{ me { email } }")["me"] is None
    refreshed = data("""mutation($t: String) { tokenRefresh(refreshToken: $t) { token errors { code } } }""",
                     {"t": good["refreshToken"]})["tokenRefresh"]
    assert refreshed["errors"] == [] and refreshed["token"]
    verify = "mutation($t: String!) { tokenVerify(token: $t) { isValid payload user { email } errors { code } } }"
    assert data(verify, {"t": refreshed["token"]})["tokenVerify"]["isValid"] is True
    broken = data(verify, {"t": refreshed["token"][:-3] + "abc"})["tokenVerify"]
    assert broken["isValid"] is False and broken["errors"] == [{"code": "JWT_INVALID_TOKEN"}] or \
        broken["errors"] == [{"code": "JWT_DECODE_ERROR"}]
    wrong_kind = data("""mutation($t: String) { tokenRefresh(refreshToken: $t) { token errors { code } } }""",
                      {"t": good["token"]})["tokenRefresh"]
    assert wrong_kind == {"token": None, "errors": [{"code": "JWT_INVALID_TOKEN"}]}
    status, body = post("{ me { email } }", token="garbage")
    assert body["data"]["me"] is None


def test_collections_are_oscar_ranges_of_listable_products():
    from oscar.core.loading import get_model

    # given a public range with a listable and an unlisted product, and a product outside it
    gift = certified_product(name_th="ของขวัญ", name_en="Gift box")
    revoked = certified_product(name_th="ถูกเพิกถอน", name_en="Revoked", status=CertificationStatus.REVOKED)
    certified_product(name_th="อื่น", name_en="Other")
    gifts = get_model("offer", "Range").objects.create(name="New Year gifts", slug="new-year-gifts", is_public=True)
    gifts.add_product(gift)
    gifts.add_product(revoked)
    query = """query($slug: String!, $lang: LanguageCodeEnum!) {
      collection(slug: $slug, channel: "intl-usd") {
        id name slug translation(languageCode: $lang) { name }
        products(first: 10) { totalCount edges { node { translation(languageCode: $lang) { name }
          pricing { priceRange { start { gross { currency } } } } } } }
      }
    }"""
    # when a shopper opens the collection
    found = data(query, {"slug": "new-year-gifts", "lang": "EN"})["collection"]
    # then only its listable product shows, priced in the collection's channel
    assert (found["name"], found["translation"]["name"]) == ("New Year gifts", "New Year gifts")
    assert _names(found["products"]) == ["Gift box"]
    assert found["products"]["edges"][0]["node"]["pricing"]["priceRange"]["start"]["gross"]["currency"] == "USD"
    assert _names(_listing(filter={"collections": [found["id"]]})) == ["Gift box"]


def test_staff_can_filter_on_availability():
    certified_product(name_th="ขายได้", name_en="For sale")
    certified_product(name_th="หมดอายุ", name_en="Expired", status=CertificationStatus.EXPIRED)
    token = token_for(UserFactory(is_staff=True))
    assert _names(_listing(token=token, filter={"isAvailable": True})) == ["For sale"]
    assert _names(_listing(token=token, where={"isAvailable": False})) == ["Expired"]
    assert _names(_listing(filter={"isAvailable": False})) == []


def test_readme_examples_run():
    # given the two queries the README offers newcomers for GraphiQL
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    api_section = readme.split("## The GraphQL API", 1)[1]
    listing_example, product_example = re.findall(r"```graphql\n(.*?)```", api_section, re.S)[:2]
    product = certified_product(stars=5)
    # when they run
    listed = data(listing_example)["products"]
    found = data(product_example.replace("SLUG", product.slug))["product"]
    # then they show the product
    assert listed["edges"][0]["node"]["stars"] == {"value": 5.0}
    assert listed["edges"][0]["node"]["pricing"]["priceRange"]["start"]["gross"]["currency"] == "USD"
    assert found["productVariants"]["edges"][0]["node"]["sku"] == product.profile.programme_code
    assert found["certification"]["starLevel"] == 5


def test_product_variant_by_sku_and_product_by_id():
    product = certified_product(code="5101-2568-0777", price="90.00")
    query = """query($sku: String!, $id: ID!) {
      productVariant(sku: $sku, channel: "th-thb") { id sku product { slug } pricing { price { gross { amount } } } }
      product(id: $id, channel: "th-thb") { slug }
    }"""
    found = data(query, {"sku": "5101-2568-0777", "id": _global_id("Product", product.pk)})
    assert found["productVariant"]["sku"] == "5101-2568-0777"
    assert found["productVariant"]["id"] == _global_id("ProductVariant", product.pk)
    assert found["productVariant"]["pricing"]["price"]["gross"]["amount"] == 90.0
    assert found["product"]["slug"] == f"{product.slug}-{product.pk}"


def _global_id(type_name, pk):
    import base64

    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def test_filter_and_where_together_are_refused():
    status, body = post(LISTING, {"first": 5, "channel": "th-thb", "lang": "EN", "filter": {"slugs": ["a"]},
                                  "where": {"slug": {"eq": "a"}}})
    assert body["errors"][0]["message"] == "Use either `filter` or `where`, not both."


def test_producers_by_province_and_categories_by_level():
    chiang_mai = ProducerFactory(province=province("TH-50"))
    ProducerFactory()
    found = data("""{ producers(first: 10, province: "TH-50") { totalCount edges { node { slug } } }
                      categories(first: 10, level: 0) { totalCount } }""")
    assert [e["node"]["slug"] for e in found["producers"]["edges"]] == [chiang_mai.slug]
    assert found["categories"]["totalCount"] == 5


def test_a_session_cookie_does_not_authenticate_the_api(client):
    # given a staff member signed in to the shop (a session cookie) and an unlisted product
    client.force_login(UserFactory(is_staff=True))
    certified_product(name_th="ถูกเพิกถอน", name_en="Revoked", status=CertificationStatus.REVOKED)
    # when the browser (or a page of another site, the endpoint being CSRF-exempt) calls the API
    found = data("{ me { email } products(first: 5) { edges { node { slug } } } }", client=client)
    # then only a bearer token would act for the user
    assert found == {"me": None, "products": {"edges": []}}


def test_sorting_by_an_attribute_star_level_or_net_weight():
    certified_product(name_th="สาม", name_en="Three", stars=3)
    certified_product(name_th="ห้า", name_en="Five", stars=5)
    certified_product(name_th="สี่", name_en="Four", stars=4)
    by_stars = {"attributeId": _global_id("Attribute", "star-level"), "direction": "DESC"}
    assert _names(_listing(sortBy=by_stars)) == ["Five", "Four", "Three"]
    status, body = post(LISTING, {"first": 5, "channel": "th-thb", "lang": "EN",
                                  "sortBy": {"attributeId": _global_id("Attribute", "standards"), "direction": "ASC"}})
    assert body["errors"][0]["message"] == "Products cannot be sorted by attribute 'standards'."


def test_a_producers_user_sees_its_own_unlisted_products_but_not_others():
    # given a producer's user, its revoked product and another producer's revoked product
    member = UserFactory()
    own = certified_product(name_th="ของเรา", name_en="Ours", status=CertificationStatus.REVOKED,
                            producer=ProducerFactory(users=[member]))
    certified_product(name_th="ของคนอื่น", name_en="Theirs", status=CertificationStatus.REVOKED)
    # when the user lists products with a token
    names = _names(_listing(token=token_for(member)))
    # then only its own unlisted product shows, marked unavailable
    assert names == ["Ours"]
    details = data(DETAILS, {"slug": own.slug, "channel": "th-thb", "lang": "EN"}, token=token_for(member))
    assert details["product"]["isAvailable"] is False


def test_attributes_describe_the_facets_with_their_choices():
    query = """{
      attributes(first: 50) { totalCount edges { node { slug inputType withChoices translation(languageCode: EN) { name } } } }
      standards: attribute(slug: "standards") { choices(first: 10) { edges { node { slug name translation(languageCode: EN) { name } } } } }
      provinces: attribute(slug: "province") { choices(first: 100) { totalCount } }
      stars: attribute(slug: "star-level") { inputType choices(first: 5) { totalCount } }
    }"""
    found = data(query)
    by_slug = {e["node"]["slug"]: e["node"] for e in found["attributes"]["edges"]}
    assert by_slug["star-level"] == {"slug": "star-level", "inputType": "NUMERIC", "withChoices": False,
                                     "translation": {"name": "Star level"}}
    assert by_slug["standards"]["inputType"] == "MULTISELECT"
    halal = next(e["node"] for e in found["standards"]["choices"]["edges"] if e["node"]["slug"] == "halal")
    assert halal == {"slug": "halal", "name": "ฮาลาล", "translation": {"name": "Halal"}}
    assert found["provinces"]["choices"]["totalCount"] == 77
    assert found["stars"] == {"inputType": "NUMERIC", "choices": None}


def test_products_sharing_an_oscar_slug_each_have_their_own_api_slug():
    # given two products with the same name (Oscar gives them the same slug)
    first = certified_product(name_th="ชาใบหม่อน", name_en="Mulberry tea", price="100.00")
    second = certified_product(name_th="ชาใบหม่อน", name_en="Mulberry tea", price="200.00")
    assert first.slug == second.slug
    # when the storefront lists them and opens each by the slug it was given
    slugs = [e["node"]["slug"] for e in _listing()["edges"]]
    prices = [data(DETAILS, {"slug": slug, "channel": "th-thb", "lang": "EN"})["product"]["pricing"]["priceRange"]
              ["start"]["gross"]["amount"] for slug in slugs]
    # then each slug opens its own product, and filters accept them too
    assert sorted(prices) == [100.0, 200.0]
    assert len(set(slugs)) == 2
    assert [e["node"]["slug"] for e in _listing(filter={"slugs": [slugs[1]]})["edges"]] == [slugs[1]]
    assert [e["node"]["slug"] for e in _listing(where={"slug": {"eq": slugs[0]}})["edges"]] == [slugs[0]]


def test_product_translation_gives_every_field_in_the_asked_language_with_a_fallback():
    product = certified_product(name_th="ผ้าไหมยกดอก", name_en="")
    query = """query($slug: String!, $lang: LanguageCodeEnum!) { product(slug: $slug, channel: "th-thb") {
      translation(languageCode: $lang) { id name seoTitle seoDescription slug description language { code language } }
    } }"""
    english = data(query, {"slug": product.slug, "lang": "EN"})["product"]["translation"]
    # the English name is empty, so Thai stands in; the story has an English text
    assert (english["name"], english["seoTitle"]) == ("ผ้าไหมยกดอก", "ผ้าไหมยกดอก")
    assert english["seoDescription"] == "The story of village silk."
    assert english["language"] == {"code": "EN", "language": "English"}
    assert english["slug"] == f"{product.slug}-{product.pk}"
    assert json.loads(english["description"])["blocks"][0]["data"]["text"] == "The story of village silk."
    thai = data(query, {"slug": product.slug, "lang": "TH"})["product"]["translation"]
    assert thai["seoDescription"] == "เรื่องราวของผ้าไหมจากหมู่บ้าน"
    assert thai["language"] == {"code": "TH", "language": "Thai"}
    assert thai["id"] != english["id"]


def test_product_cards_show_a_renamed_or_new_category_at_once():
    # given a product card read once (the process now keeps the categories)
    from marketplace.catalog.models import CategoryNames

    product = certified_product(category=OtopCategory.FOOD)
    query = """{ products(first: 5, channel: "th-thb") { edges { node { id
      category { name slug translation(languageCode: EN) { name } } } } } }"""

    def card_category():
        return data(query)["products"]["edges"][0]["node"]["category"]

    before = card_category()
    # when staff rename the category in English
    names = CategoryNames.objects.get(code=OtopCategory.FOOD)
    names.name_en = "Food and snacks"
    names.save()
    # then the next card shows the new name
    assert card_category()["translation"]["name"] == "Food and snacks"
    assert card_category()["slug"] == before["slug"]
    # and a product moved to a category made after that shows its new category
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    ProductCategory = get_model("catalogue", "ProductCategory")
    newer = Category.add_root(name="ผ้าทอมือ", slug="handwoven")
    ProductCategory.objects.filter(product=product).update(category=newer)
    assert card_category()["slug"] == "handwoven"
