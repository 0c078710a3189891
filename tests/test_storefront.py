"""The shopper's pages: home, categories, product, provinces, producers; Oscar's own pages that
show products; the basket and checkout up to payment. Every page obeys the listing rule."""
import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from marketplace.catalog.models import CategoryNames
from marketplace.certification.models import CertificationStatus, StandardType
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Range = get_model("offer", "Range")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")
Country = get_model("address", "Country")

TODAY = timezone.localdate()

# Every way a product falls out of the listing (see marketplace/catalog/listing.py).
UNLISTED_CASES = {
    "expired": dict(status=CertificationStatus.EXPIRED),
    "validity over": dict(selection_year=TODAY.year - 5, valid_from=datetime.date(TODAY.year - 5, 1, 1),
                          valid_until=TODAY - datetime.timedelta(days=1)),
    "revoked": dict(status=CertificationStatus.REVOKED),
    "no price": dict(price=None),
    "inactive producer": dict(producer_active=False),
    "unpublished": dict(is_public=False),
}


def unlisted_product(case, **kwargs):
    options = dict(UNLISTED_CASES[case])
    if options.pop("producer_active", True) is False:
        options["producer"] = ProducerFactory(active=False)
    return certified_product(name_th="สินค้าที่ไม่ควรเห็น", name_en="Product nobody should see", **options, **kwargs)


def english(url_name, **kwargs):
    with translation.override("en"):
        return reverse(url_name, kwargs=kwargs)


def category(code):
    return CategoryNames.objects.select_related("category").get(code=code).category


def text(response):
    return response.content.decode()


def product_codes(response):
    return set(re.findall(r'data-code="([^"]+)"', text(response)))


def shopper_pages(product):
    """The listing pages where ``product`` would appear if it were listed."""
    producer = product.profile.producer
    return [
        reverse("home"),
        reverse("otop_catalog:index"),
        category(product.profile.otop_category).get_absolute_url(),
        reverse("provinces:detail", kwargs={"slug": producer.province.slug}),
        producer.get_absolute_url(),
    ]


# --- home ------------------------------------------------------------------------------------

def test_home_shows_featured_products_and_the_five_categories_in_thai(client):
    # given
    certified_product(name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk", stars=5)
    # when
    response = client.get(reverse("home"))
    # then
    page = text(response)
    assert response.status_code == 200
    assert "ผ้าไหมยกดอกลำพูน" in page and "Lamphun brocade silk" not in page
    for name_th in ["อาหาร", "เครื่องดื่ม", "ผ้า เครื่องแต่งกาย", "ของใช้ ของตกแต่ง ของที่ระลึก", "สมุนไพรที่ไม่ใช่อาหาร"]:
        assert name_th in page


def test_home_in_english_shows_english_names(client):
    certified_product(name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk")

    page = text(client.get(english("home")))

    assert "Lamphun brocade silk" in page and "ผ้าไหมยกดอกลำพูน" not in page
    for name_en in ["Food", "Beverages", "Textiles and apparel", "Herbal products (non-food)"]:
        assert name_en in page


def test_home_features_the_highest_star_levels_first(client):
    three = certified_product(stars=3, name_th="สามดาว")
    five = certified_product(stars=5, name_th="ห้าดาว")

    page = text(client.get(reverse("home")))

    assert page.index(five.profile.programme_code) < page.index(three.profile.programme_code)


# --- the listing rule on every page ------------------------------------------------------------

@pytest.mark.parametrize("case", UNLISTED_CASES)
def test_unlisted_product_is_on_no_shopper_page(client, case):
    # given a listed product in the same category, province and (when active) producer
    hidden = unlisted_product(case)
    producer = hidden.profile.producer if hidden.profile.producer.active else None
    shown = certified_product(producer=producer)
    # when a shopper visits every listing page
    for url in shopper_pages(hidden):
        response = client.get(url)
        if url == hidden.profile.producer.get_absolute_url() and case == "inactive producer":
            assert response.status_code == 404
            continue
        # then the listed product is there and the unlisted one is not
        assert response.status_code == 200, url
        codes = product_codes(response)
        assert shown.profile.programme_code in codes, url
        assert hidden.profile.programme_code not in codes, url
        assert "Product nobody should see" not in text(response)
        assert "สินค้าที่ไม่ควรเห็น" not in text(response)
    # and its own page answers 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("case", ["revoked", "inactive producer"])
def test_staff_see_unlisted_product_page_with_a_notice(client, case):
    hidden = unlisted_product(case)
    client.force_login(UserFactory(is_staff=True))

    response = client.get(hidden.get_absolute_url())

    assert response.status_code == 200
    assert "unlisted-notice" in text(response)
    assert "สินค้าที่ไม่ควรเห็น" in text(response)


def test_own_producer_sees_unlisted_product_and_producer_page_with_notices(client):
    owner = UserFactory()
    producer = ProducerFactory(users=[owner], active=False)
    hidden = certified_product(producer=producer, name_th="สินค้าของเราเอง")
    client.force_login(owner)

    product_page = client.get(hidden.get_absolute_url())
    producer_page = client.get(producer.get_absolute_url())

    assert product_page.status_code == 200 and "unlisted-notice" in text(product_page)
    assert producer_page.status_code == 200
    assert hidden.profile.programme_code in product_codes(producer_page)
    assert "unlisted-notice" in text(producer_page)


def test_another_producer_does_not_see_unlisted_product(client):
    hidden = unlisted_product("revoked")
    stranger = UserFactory()
    ProducerFactory(users=[stranger])
    client.force_login(stranger)

    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_listed_product_page_has_no_unlisted_notice(client):
    product = certified_product()

    response = client.get(product.get_absolute_url())

    assert response.status_code == 200
    assert "unlisted-notice" not in text(response)


# --- product page --------------------------------------------------------------------------------

def test_product_page_shows_story_certification_standards_packaging_producer_and_province(client):
    # given
    producer = ProducerFactory(name_th="วิสาหกิจชุมชนทอผ้าไหม", name_en="Silk Weavers Enterprise")
    product = certified_product(
        producer=producer, stars=5, selection_year=TODAY.year - 1,
        standards=((StandardType.MPC, "123/2565"), (StandardType.FDA, "10-1-12345-1-0001")),
    )
    # when
    page = text(client.get(product.get_absolute_url()))
    # then
    assert "เรื่องราวของผ้าไหมจากหมู่บ้าน" in page  # story
    assert "★★★★★" in page
    assert str(TODAY.year - 1) in page and str(TODAY.year - 1 + 543) in page  # selection year, CE and BE
    assert "123/2565" in page and "10-1-12345-1-0001" in page
    assert "5007.20" in page and "30 × 20 × 5" in page  # HS code, box size
    assert "วิสาหกิจชุมชนทอผ้าไหม" in page and producer.get_absolute_url() in page
    assert "ลำพูน" in page and producer.province.get_absolute_url() in page


def test_product_page_in_english_shows_english_story(client):
    product = certified_product()

    page = text(client.get(english("catalogue:detail", product_slug=product.slug, pk=product.pk)))

    assert "The story of village silk." in page
    assert "Lamphun brocade silk" in page


def test_product_page_with_wrong_slug_redirects_to_its_address(client):
    product = certified_product()

    response = client.get(reverse("catalogue:detail", kwargs={"product_slug": "wrong", "pk": product.pk}))

    assert response.status_code == 301
    assert response["Location"] == product.get_absolute_url()


# --- categories ----------------------------------------------------------------------------------

def test_category_page_lists_its_sub_categories_products_and_a_bilingual_sidebar(client):
    # given a sub-category of textiles with its own names
    textiles = category("textiles")
    silk = Category.objects.add_child(textiles, dict(name="Silk", slug="silk"))
    CategoryNames.objects.create(category=silk, code="silk", name_th="ผ้าไหม", name_en="Silk")
    in_sub = certified_product(name_th="ผ้าไหมมัดหมี่")
    ProductCategory.objects.filter(product=in_sub).update(category=silk)
    in_root = certified_product(name_th="ผ้าฝ้าย")
    elsewhere = certified_product(category="food", name_th="น้ำพริก")
    # when
    response = client.get(textiles.get_absolute_url())
    sub_response = client.get(Category.objects.get(pk=silk.pk).get_absolute_url())
    # then
    codes = product_codes(response)
    assert {in_sub.profile.programme_code, in_root.profile.programme_code} <= codes
    assert elsewhere.profile.programme_code not in codes
    assert product_codes(sub_response) == {in_sub.profile.programme_code}
    sidebar = text(response).split('class="category-sidebar"')[1].split("</nav>")[0]
    assert "ผ้าไหม" in sidebar and "อาหาร" in sidebar
    english_sidebar = text(client.get(english("catalogue:category", category_slug="textiles", pk=textiles.pk)))
    assert "Silk" in english_sidebar and "Textiles and apparel" in english_sidebar


def test_category_page_is_paginated_by_24(client):
    products = [certified_product(category="food", name_th=f"ขนม {n}") for n in range(25)]
    food = category("food")

    first = client.get(food.get_absolute_url())
    second = client.get(food.get_absolute_url() + "?page=2")

    assert len(product_codes(first)) == 24
    # highest star level first (search.browse), then newest selection; equal ones in the order they came
    assert product_codes(second) == {products[-1].profile.programme_code}
    assert client.get(food.get_absolute_url() + "?page=3").status_code == 404


def test_each_card_shows_its_newest_certifications_stars_and_year(client):
    # given three products of different star levels, one certified again since with more stars
    three = certified_product(category="food", name_th="ขนมสามดาว", stars=3, selection_year=TODAY.year - 2)
    five = certified_product(category="food", name_th="ขนมห้าดาว", stars=5, selection_year=TODAY.year - 1)
    raised = certified_product(category="food", name_th="ขนมเลื่อนดาว", stars=2, selection_year=TODAY.year - 3)
    newest = raised.certifications.get()
    newest.pk = None
    newest.star_level, newest.selection_year = 4, TODAY.year - 1
    newest.save()
    # when
    page = text(client.get(category("food").get_absolute_url()))
    # then each card's star line is its own newest certification's
    cards = {code: card for card in page.split('<article class="product_pod')[1:]
             for code in re.findall(r'data-code="([^"]+)"', card)}
    expected = {three: ("★★★", TODAY.year - 2), five: ("★★★★★", TODAY.year - 1), raised: ("★★★★", TODAY.year - 1)}
    for product, (stars, year) in expected.items():
        line = re.search(r'class="star-level[^>]*>([★]+) <small>(\d+)</small>', cards[product.profile.programme_code])
        assert line.groups() == (stars, str(year)), product.title


def test_category_with_wrong_slug_redirects_and_unknown_or_hidden_one_is_404(client):
    food = category("food")
    hidden = Category.objects.add_child(food, dict(name="Hidden", slug="hidden", is_public=False))

    moved = client.get(reverse("catalogue:category", kwargs={"category_slug": "x", "pk": food.pk}) + "?page=1")
    assert moved.status_code == 301 and moved["Location"] == food.get_absolute_url() + "?page=1"
    assert client.get(reverse("catalogue:category", kwargs={"category_slug": "x", "pk": 999999})).status_code == 404
    assert client.get(reverse("catalogue:category", kwargs={"category_slug": "food/hidden",
                                                            "pk": hidden.pk})).status_code == 404


def test_navigation_menu_links_categories_in_the_shoppers_language_to_listing_pages(client):
    product = certified_product(category="beverages")

    thai_page = text(client.get(reverse("home")))
    menu = thai_page.split('aria-labelledby="navbarDropdown"')[1].split("</li>")[0]

    assert "เครื่องดื่ม" in menu
    beverages_url = category("beverages").get_absolute_url()
    assert beverages_url in menu
    assert product.profile.programme_code in product_codes(client.get(beverages_url))


# --- provinces and producers ---------------------------------------------------------------------

def test_province_index_groups_provinces_by_region_with_counts(client):
    certified_product()  # a Lamphun producer
    unlisted_product("revoked")

    thai = text(client.get(reverse("provinces:list")))
    english_page = text(client.get(english("provinces:list")))

    north = thai.split('id="region-north"')[1].split("</section>")[0]
    assert "ลำพูน" in north and "เชียงใหม่" in north and "ภูเก็ต" not in north
    assert re.search(r"ลำพูน</a> <span[^>]*>1</span>", north)  # the revoked one is not counted
    assert "Phuket" in english_page.split('id="region-south"')[1].split("</section>")[0]
    # Thai collation: เชียงราย (leading vowel) sorts under ช, before น่าน
    assert north.index("เชียงราย") < north.index("น่าน")


def test_province_page_lists_its_products_in_both_languages(client):
    product = certified_product()
    elsewhere = certified_product(producer=ProducerFactory(province=get_model("provinces", "Province").objects.get(
        iso_code="TH-83")))

    thai = client.get(reverse("provinces:detail", kwargs={"slug": "lamphun"}))
    english_page = client.get(english("provinces:detail", slug="lamphun"))

    assert product_codes(thai) == {product.profile.programme_code}
    assert elsewhere.profile.programme_code not in product_codes(english_page)
    assert "Certified products of Lamphun" in text(english_page)
    assert client.get(reverse("provinces:detail", kwargs={"slug": "atlantis"})).status_code == 404


def test_producer_page_shows_story_and_products(client):
    producer = ProducerFactory(story_th="เรื่องของกลุ่มเรา", story_en="Our group's story", founding_year=1998)
    product = certified_product(producer=producer)

    thai = client.get(producer.get_absolute_url())
    english_page = client.get(english("producers:detail", slug=producer.slug))

    assert "เรื่องของกลุ่มเรา" in text(thai) and "1998" in text(thai)
    assert product.profile.programme_code in product_codes(thai)
    assert "Our group&#x27;s story" in text(english_page)


def test_inactive_producer_page_is_404_for_shoppers(client):
    producer = ProducerFactory(active=False)

    assert client.get(producer.get_absolute_url()).status_code == 404
    assert client.get(reverse("producers:detail", kwargs={"slug": "nobody"})).status_code == 404


# --- Oscar's own pages that show products ---------------------------------------------------------

def _range_with(*products):
    product_range = Range.objects.create(name="OTOP week", slug="otop-week", is_public=True)
    for product in products:
        product_range.add_product(product)
    return product_range


def test_oscar_range_page_shows_only_listed_products(client):
    shown, hidden = certified_product(), unlisted_product("revoked")
    _range_with(shown, hidden)

    response = client.get(reverse("catalogue:range", kwargs={"slug": "otop-week"}))

    assert response.status_code == 200
    assert product_codes(response) == {shown.profile.programme_code}


def test_oscar_offer_page_shows_only_listed_products(client):
    shown, hidden = certified_product(), unlisted_product("no price")
    product_range = _range_with(shown, hidden)
    condition = Condition.objects.create(range=product_range, type=Condition.COUNT, value=1)
    benefit = Benefit.objects.create(range=product_range, type=Benefit.PERCENTAGE, value=10)
    ConditionalOffer.objects.create(name="Ten percent", slug="ten-percent", offer_type=ConditionalOffer.SITE,
                                    condition=condition, benefit=benefit)

    response = client.get(reverse("offer:detail", kwargs={"slug": "ten-percent"}))

    assert response.status_code == 200
    assert product_codes(response) == {shown.profile.programme_code}


def test_recently_viewed_and_recommended_leave_out_products_no_longer_listed(client):
    # given a shopper who viewed two products, both recommended from a third
    viewed_then_revoked, viewed = certified_product(), certified_product()
    page_product = certified_product()
    for ranking, other in enumerate([viewed_then_revoked, viewed]):
        ProductRecommendation.objects.create(primary=page_product, recommendation=other, ranking=ranking)
    client.get(viewed_then_revoked.get_absolute_url())
    client.get(viewed.get_absolute_url())
    # when one of them loses its certification
    for certification in viewed_then_revoked.certifications.all():  # as staff revoke it (the admin saves it)
        certification.status = CertificationStatus.REVOKED
        certification.save()
    response = client.get(page_product.get_absolute_url())
    # then neither the recommendations nor the history show it
    page = text(response)
    assert "Products you recently viewed" in page or "recently-viewed" in page
    assert product_codes(response) == {viewed.profile.programme_code}


def test_shared_wish_list_shows_only_listed_products(client):
    WishList = get_model("wishlists", "WishList")
    shown, hidden = certified_product(), unlisted_product("revoked")
    wishlist = WishList.objects.create(owner=UserFactory(), name="ของฝาก", visibility=WishList.PUBLIC)
    wishlist.add(shown)
    wishlist.add(hidden)

    response = client.get(reverse("wishlists:detail", kwargs={"key": wishlist.key}))

    assert response.status_code == 200
    assert product_codes(response) == {shown.profile.programme_code}


def test_history_cookie_with_garbage_does_not_break_the_product_page(client):
    product = certified_product()
    client.cookies["oscar_history"] = json.dumps(["x", None, 99999999999999999999, {"a": 1}])

    assert client.get(product.get_absolute_url()).status_code == 200


def test_reviews_of_an_unlisted_product_are_404(client):
    hidden, shown = unlisted_product("expired"), certified_product()

    def reviews(product):
        return client.get(reverse("catalogue:reviews-list", kwargs={"product_slug": product.slug,
                                                                    "product_pk": product.pk}))

    assert reviews(hidden).status_code == 404
    assert reviews(shown).status_code == 200


# --- basket and checkout up to payment -------------------------------------------------------------

def test_anonymous_shopper_adds_to_basket_and_reaches_the_payment_step(client):
    # given a listed product and Thailand as a shipping country
    Country.objects.get_or_create(iso_3166_1_a2="TH", defaults=dict(
        iso_3166_1_a3="THA", iso_3166_1_numeric="764", name="Thailand", printable_name="Thailand",
        is_shipping_country=True))
    product = certified_product(price="350.00")
    # when the shopper adds it from the product page
    page = text(client.get(product.get_absolute_url()))
    assert reverse("basket:add", kwargs={"pk": product.pk}) in page
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})
    basket = client.get(reverse("basket:summary"))
    assert "700.00" in text(basket)
    # and checks out as a guest
    gateway = client.post(reverse("checkout:index"), {"username": "shopper@example.com", "options": "anonymous"})
    assert gateway["Location"].endswith(reverse("checkout:shipping-address"))
    address = client.post(reverse("checkout:shipping-address"), {
        "first_name": "Somchai", "last_name": "Jaidee", "line1": "99 ถนนอินทยงยศ", "line4": "ลำพูน",
        "province": "TH-51", "postcode": "51000", "country": "TH", "phone_number": "",
    }, follow=True)
    # then the checkout arrives at the payment step
    assert address.status_code == 200
    assert address.redirect_chain[-1][0].endswith(reverse("checkout:payment-details"))


def test_unlisted_product_cannot_be_added_to_the_basket(client):
    hidden = unlisted_product("revoked")

    client.post(reverse("basket:add", kwargs={"pk": hidden.pk}), {"quantity": 1})

    assert client.get(reverse("basket:summary")).context["basket"].num_items == 0


# --- query counts ------------------------------------------------------------------------------------

def _queries(client, url):
    client.get(url)  # warm caches (category URLs, content types) so both runs compare like with like
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("currency", ["THB", "USD"])
@pytest.mark.parametrize("page", ["catalogue", "category", "province", "producer", "home"])
def test_listing_pages_cost_the_same_queries_for_1_and_24_products(client, django_assert_num_queries, page,
                                                                   currency):
    # given a shopper paying in baht or in dollars, and one product, then 24
    client.post(reverse("otop_basket:currency"), {"currency": currency, "next": "/"})
    producer = ProducerFactory()
    certified_product(producer=producer, category="food")
    urls = {
        "catalogue": reverse("otop_catalog:index"),
        "category": category("food").get_absolute_url(),
        "province": reverse("provinces:detail", kwargs={"slug": producer.province.slug}),
        "producer": producer.get_absolute_url(),
        "home": reverse("home"),
    }
    one = _queries(client, urls[page])
    for n in range(23):
        certified_product(producer=producer, category="food", stars=1 + n % 5)
    # when / then
    client.get(urls[page])
    with django_assert_num_queries(one):
        response = client.get(urls[page])
    assert len(product_codes(response)) == (12 if page == "home" else 24)


def test_product_page_costs_the_same_queries_for_1_or_6_recently_viewed_and_recommended(
        client, django_assert_num_queries):
    # given a product page with one viewed and one recommended product
    page_product, others = certified_product(), [certified_product() for _ in range(6)]
    ProductRecommendation.objects.create(primary=page_product, recommendation=others[0])
    client.get(others[0].get_absolute_url())
    one = _queries(client, page_product.get_absolute_url())
    # when there are six of each
    for other in others[1:]:
        ProductRecommendation.objects.create(primary=page_product, recommendation=other)
        client.get(other.get_absolute_url())
    client.get(page_product.get_absolute_url())
    # then the page costs the same
    with django_assert_num_queries(one):
        response = client.get(page_product.get_absolute_url())
    assert len(product_codes(response)) == 6
