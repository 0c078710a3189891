"""The producer portal (/producer/…): each page shows one producer's data to that producer's users
only; another producer's page is a 404, even when both producers share a name. The products page
explains each product's state by the listing rule; prices and stock apply at once through their
rule homes (``channels.pricing.set_price``, ``catalog.stock.set_stock``)."""
import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from oscar.core.loading import get_model

from marketplace.catalog import listing, stock
from marketplace.certification.models import CertificationStatus
from marketplace.channels import availability, pricing
from marketplace.channels.models import DOMESTIC_CHANNEL_SLUG, INTERNATIONAL_CHANNEL_SLUG, Channel
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


@pytest.fixture
def twins():
    """Two producers with the same name in different provinces, each with its own member and product."""
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    lamphun = ProducerFactory(name_th="กลุ่มทอผ้าบ้านดอน", name_en="Ban Don Weavers", slug="ban-don-lamphun",
                              province=province("TH-51"), users=[alice])
    loei = ProducerFactory(name_th="กลุ่มทอผ้าบ้านดอน", name_en="Ban Don Weavers", slug="ban-don-loei",
                           province=province("TH-42"), users=[bob])
    own = certified_product(producer=lamphun, name_th="ผ้าซิ่นลำพูน", name_en="Lamphun sarong", price="350.00")
    theirs = certified_product(producer=loei, name_th="ผ้าซิ่นเลย", name_en="Loei sarong", price="500.00",
                               num_in_stock=9)
    return {"alice": alice, "bob": bob, "lamphun": lamphun, "loei": loei, "own": own, "theirs": theirs}


def text(response):
    return response.content.decode()


def channel(slug):
    return Channel.objects.get(slug=slug)


def prices_url(producer, product, language="th"):
    with translation.override(language):
        return reverse("portal:prices", kwargs={"producer_slug": producer.slug, "pk": product.pk})


def products_url(producer, language="th"):
    with translation.override(language):
        return reverse("portal:products", kwargs={"producer_slug": producer.slug})


def price_form(thb="350.00", usd="", stock_units="20"):
    return {f"price_{channel(DOMESTIC_CHANNEL_SLUG).pk}": thb, f"price_{channel(INTERNATIONAL_CHANNEL_SLUG).pk}": usd,
            "stock": stock_units}


# --- the way in -------------------------------------------------------------------------------

def test_the_portal_asks_a_visitor_to_sign_in(client, twins):
    for url in ("/producer/", products_url(twins["lamphun"]), prices_url(twins["lamphun"], twins["own"])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_user_of_one_producer_goes_straight_to_its_products(client, twins):
    client.force_login(twins["alice"])
    response = client.get("/producer/")
    assert response.status_code == 302
    assert response["Location"] == products_url(twins["lamphun"])


def test_a_user_of_several_producers_chooses_one_by_name_and_province(client, twins):
    twins["loei"].partner.users.add(twins["alice"])
    client.force_login(twins["alice"])
    response = client.get("/en/producer/")
    assert response.status_code == 200
    page = text(response)
    assert products_url(twins["lamphun"], "en") in page and products_url(twins["loei"], "en") in page
    assert "Lamphun" in page and "Loei" in page


def test_a_user_of_no_producer_is_told_how_to_get_in(client):
    client.force_login(UserFactory())
    response = client.get("/en/producer/")
    assert response.status_code == 200
    assert "does not act for a producer" in text(response)


def test_each_portal_page_says_whose_data_it_shows(client, twins):
    client.force_login(twins["alice"])
    for url in (products_url(twins["lamphun"], "en"), prices_url(twins["lamphun"], twins["own"], "en")):
        owner = re.search(r'id="portal-owner">(.*?)</p>', text(client.get(url)), re.S).group(1)
        assert "Ban Don Weavers" in owner and "Lamphun" in owner and "Loei" not in owner


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_portal_names_its_producer_once(client, twins, language):
    client.force_login(twins["alice"])
    producer = twins["lamphun"]
    name = producer.name_th if language == "th" else producer.name_en
    owner = re.search(r'id="portal-owner">(.*?)</p>', text(client.get(products_url(producer, language))), re.S).group(1)
    assert owner.count(name) == 1 and "<strong>" in owner, owner


def test_the_account_menu_links_the_portal_for_a_producer_s_users_only(client, twins):
    client.force_login(twins["alice"])
    assert 'id="producer_portal_link"' in text(client.get(reverse("home")))
    client.force_login(UserFactory())
    assert 'id="producer_portal_link"' not in text(client.get(reverse("home")))


# --- the cross-producer matrix ------------------------------------------------------------------

def _portal_routes():
    """Every URL pattern served under /producer/<producer_slug>/ (the portal's and those other
    parts mount there later: orders, sales, editing)."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<slug:producer_slug>" in route:
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return found


def _fill(route, values):
    route = re.sub(r"^\^?[a-z]{2}/", "", route)  # the language prefix of i18n_patterns
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), values["pk"])), route)


def test_the_portal_s_routes_are_all_in_the_matrix():
    routes = {route.split("producer/", 1)[1] for route in _portal_routes()}
    assert {"<slug:producer_slug>/", "<slug:producer_slug>/products/",
            "<slug:producer_slug>/products/<int:pk>/prices/"} <= routes


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_producer_s_user_gets_404_on_every_portal_url_of_a_same_named_producer(client, twins, language):
    # given Alice of Ban Don Weavers (Lamphun), and Ban Don Weavers of Loei with its product
    client.force_login(twins["alice"])
    loei, theirs = twins["loei"], twins["theirs"]
    prefix = "/en" if language == "en" else ""
    # when she opens or posts to each portal address of Loei's, and Loei's product under her own slug
    urls = [prefix + _fill(route, {"producer_slug": loei.slug, "pk": theirs.pk}) for route in _portal_routes()]
    urls += [prefix + _fill(route, {"producer_slug": twins["lamphun"].slug, "pk": theirs.pk})
             for route in _portal_routes() if "<int:pk>" in route]
    assert len(urls) >= 4 and any("/prices/" in url and "ban-don-lamphun" in url for url in urls)
    for url in urls:
        for response in (client.get(url), client.post(url, price_form(thb="1.00", usd="1.00", stock_units="0"))):
            # then each is a 404 that shows nothing of Loei's
            assert response.status_code == 404, url
            assert "Loei sarong" not in text(response) and "ผ้าซิ่นเลย" not in text(response)
            assert theirs.profile.programme_code not in text(response)
    # and nothing of Loei's changed
    theirs = Product.objects.get(pk=theirs.pk)
    assert pricing.base_price(theirs) == Decimal("500.00") and stock.quantity_available(theirs) == 9
    assert not theirs.channel_listings.exists()


def test_a_producer_s_products_page_lists_its_own_products_only(client, twins):
    client.force_login(twins["bob"])
    page = text(client.get(products_url(twins["loei"], "en")))
    assert twins["theirs"].profile.programme_code in page
    assert twins["own"].profile.programme_code not in page


# --- state and why --------------------------------------------------------------------------------

def _product_states(response):
    """programme code -> (listed?, [reason codes], [warning codes]) as the page shows them."""
    states = {}
    item = r'data-code="([^"]+)" id="product-\d+">(.*?)(?=<li class="portal-card portal-product"|</ol>)'
    for match in re.finditer(item, text(response), re.S):
        block = match.group(2)
        reasons, _, warnings = block.partition("listing-warnings")
        states[match.group(1)] = ('badge-success">' in block, re.findall(r'<li data-code="(\w+)">', reasons),
                                  re.findall(r'data-code="(\w+)">', warnings))
    return states


def test_each_product_shows_its_state_and_why_as_the_listing_rule_decides(client, twins):
    # given Alice's producer with products in each state the rule knows
    today = timezone.localdate()
    lamphun = twins["lamphun"]
    ended = today - datetime.timedelta(days=10)
    made = {
        "listed": twins["own"],
        "expired": certified_product(producer=lamphun, valid_from=ended - datetime.timedelta(days=700),
                                     valid_until=ended),
        "revoked": certified_product(producer=lamphun, status=CertificationStatus.REVOKED),
        "no_price": certified_product(producer=lamphun, price=None),
        "hidden": certified_product(producer=lamphun, is_public=False),
        "ending": certified_product(producer=lamphun, valid_until=today + datetime.timedelta(days=30)),
        "sold_out": certified_product(producer=lamphun, num_in_stock=0),
    }
    client.force_login(twins["alice"])
    # when she opens her products page in English
    response = client.get(products_url(lamphun, "en"))
    states = _product_states(response)
    # then each product is "listed" exactly when the listing rule lists it, with the rule's reasons
    listable = set(listing.listable(Product.objects.filter(pk__in=[p.pk for p in made.values()]))
                   .values_list("pk", flat=True))
    unmet = listing.unmet_condition([p.pk for p in made.values()])
    for name, product in made.items():
        listed, reasons, _warnings = states[product.profile.programme_code]
        assert listed == (product.pk in listable), name
        assert bool(reasons) == (product.pk in unmet), name
    code = lambda name: made[name].profile.programme_code  # noqa: E731
    assert states[code("expired")][1] == [listing.EXPIRED]
    assert states[code("revoked")][1] == [listing.REVOKED]
    assert states[code("no_price")][1] == [listing.PRICED]
    assert states[code("hidden")][1] == [listing.HIDDEN]
    assert states[code("ending")][:2] == (True, []) and states[code("ending")][2] == [listing.ENDING_SOON]
    assert states[code("sold_out")][:2] == (True, []) and states[code("sold_out")][2] == [listing.OUT_OF_STOCK]
    # and the dates are the certification's own
    page = text(response)
    with translation.override("en"):
        ends = today + datetime.timedelta(days=30)
        assert f"certification expired on {date_format(ended)}" in page
        assert f"certification ends on {date_format(ends)}, in 30 days" in page


def test_an_inactive_producer_s_products_say_so_in_thai(client, twins):
    twins["lamphun"].active = False
    twins["lamphun"].save()
    client.force_login(twins["alice"])
    page = text(client.get(products_url(twins["lamphun"])))
    assert "ไม่ได้วางขาย" in page and "ผู้ผลิตถูกระงับการใช้งาน" in page


def test_thai_portal_pages_show_no_untranslated_interface_text(client, twins):
    from test_i18n import untranslated

    twins["loei"].partner.users.add(twins["alice"])
    certified_product(producer=twins["lamphun"], price=None)
    client.force_login(twins["alice"])
    for url in ("/producer/", products_url(twins["lamphun"]), prices_url(twins["lamphun"], twins["own"])):
        response = client.get(url)
        assert response.status_code == 200
        assert untranslated(response) == [], url


def test_a_change_waiting_for_approval_is_shown(client, twins):
    changes = pytest.importorskip("marketplace.moderation.changes")
    changes.submit(twins["own"], twins["alice"], fields={"name_en": "Lamphun sarong, hand-woven"})
    client.force_login(twins["alice"])
    page = text(client.get(products_url(twins["lamphun"], "en")))
    assert "waiting for approval" in page


def test_the_products_page_costs_the_same_queries_for_1_and_30_products(client, twins, django_assert_num_queries):
    client.force_login(twins["alice"])
    url = products_url(twins["lamphun"])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    one = len(captured)  # now: the next request empties the connection's query log
    for n in range(29):
        certified_product(producer=twins["lamphun"], price=None if n % 3 == 0 else "100.00", stars=1 + n % 5)
    client.get(url)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(_product_states(response)) == 30


# --- price per channel and stock ------------------------------------------------------------------

def test_the_price_page_shows_certification_star_level_and_code_read_only(client, twins):
    client.force_login(twins["alice"])
    own = twins["own"]
    page = text(client.get(prices_url(twins["lamphun"], own, "en")))
    facts = re.search(r'id="portal-read-only">(.*?)</dl>', page, re.S).group(1)
    assert own.profile.programme_code in facts and "4 stars" in facts
    # and posting them changes nothing: the form has no such fields
    client.post(prices_url(twins["lamphun"], own), {**price_form(), "programme_code": "X", "star_level": "5"})
    own.profile.refresh_from_db()
    assert own.profile.programme_code != "X" and own.certifications.get().star_level == 4


def test_a_new_price_and_stock_reach_shoppers_at_once(client, twins):
    # given Alice's sarong at 350 baht, 20 in stock
    own = twins["own"]
    client.force_login(twins["alice"])
    # when she sets 420 baht, 12.50 dollars and 7 units
    response = client.post(prices_url(twins["lamphun"], own), price_form(thb="420", usd="12.50", stock_units="7"))
    assert response.status_code == 302
    # then a shopper sees them on the product page, in the search and through the API
    shopper = client.__class__()
    assert "420.00" in text(shopper.get(own.get_absolute_url()))
    found = text(shopper.get(reverse("otop_search:search"), {"q": "ผ้าซิ่นลำพูน"}))
    assert own.profile.programme_code in found and "420.00" in found and "350.00" not in found
    own = Product.objects.prefetch_related("stockrecords", "channel_listings").get(pk=own.pk)
    assert pricing.price_in(own, channel(DOMESTIC_CHANNEL_SLUG)) == Decimal("420.00")
    assert pricing.price_in(own, channel(INTERNATIONAL_CHANNEL_SLUG)) == Decimal("12.50")
    assert stock.quantity_available(own) == 7
    shopper.post(reverse("otop_basket:currency"), {"currency": "USD", "next": "/"})
    assert "$12.50" in text(shopper.get(own.get_absolute_url()))


def test_a_product_without_a_price_is_listed_once_its_producer_prices_it(client, twins):
    unpriced = certified_product(producer=twins["lamphun"], price=None, name_th="ผ้าขาวม้า", name_en="Loincloth")
    shopper = client.__class__()
    assert shopper.get(unpriced.get_absolute_url()).status_code == 404
    client.force_login(twins["alice"])
    client.post(prices_url(twins["lamphun"], unpriced), price_form(thb="199", stock_units="5"))
    assert listing.is_listable(unpriced)
    page = text(shopper.get(unpriced.get_absolute_url()))
    assert "199.00" in page


@pytest.mark.parametrize("field, value, message", [
    ("thb", "-5", "The price in THB cannot be below zero."),
    ("thb", "12.345", "A price in THB has at most 2 decimal places."),
    ("thb", "cheap", "The price in THB must be a number, not “cheap”."),
    ("thb", "", "Enter a price in THB."),
    ("usd", "1.999", "A price in USD has at most 2 decimal places."),
    ("stock_units", "-1", "Stock cannot be below zero."),
    ("stock_units", "2.5", "Stock must be a whole number of units, not “2.5”."),
])
def test_bad_input_is_refused_at_its_field_and_nothing_changes(client, twins, field, value, message):
    own = twins["own"]
    client.force_login(twins["alice"])
    response = client.post(prices_url(twins["lamphun"], own, "en"), price_form(**{field: value}))
    assert response.status_code == 200
    assert message in text(response)
    own = Product.objects.get(pk=own.pk)
    assert pricing.base_price(own) == Decimal("350.00") and stock.quantity_available(own) == 20
    assert not own.channel_listings.exists()


def test_bad_input_is_explained_in_thai(client, twins):
    own = twins["own"]
    client.force_login(twins["alice"])
    page = text(client.post(prices_url(twins["lamphun"], own), price_form(thb="-5")))
    assert "ราคาเป็น THB ติดลบไม่ได้" in page


def test_a_fixed_dollar_price_keeps_the_product_on_sale_in_baht_and_clearing_it_derives_it_again(settings, twins):
    settings.OTOP_USD_PER_THB, settings.OTOP_USD_PRICE_ROUNDING = "0.029", "0.99"
    own, thb, usd = twins["own"], channel(DOMESTIC_CHANNEL_SLUG), channel(INTERNATIONAL_CHANNEL_SLUG)
    pricing.set_price(own, usd, "15", by=twins["alice"])
    own = Product.objects.prefetch_related("stockrecords", "channel_listings").get(pk=own.pk)
    assert availability.is_sold_in(own, thb) and pricing.price_in(own, usd) == Decimal("15.00")
    pricing.set_price(own, usd, None)
    own = Product.objects.prefetch_related("stockrecords", "channel_listings").get(pk=own.pk)
    assert availability.is_sold_in(own, thb) and pricing.price_in(own, usd) == Decimal("10.99")


def test_a_baht_price_replaces_a_fixed_baht_listing_price_so_shoppers_see_the_new_one(twins):
    from marketplace.channels.models import ProductChannelListing

    own, thb = twins["own"], channel(DOMESTIC_CHANNEL_SLUG)
    ProductChannelListing.objects.create(product=own, channel=thb, price=Decimal("280.00"))
    pricing.set_price(own, thb, "300")
    own = Product.objects.prefetch_related("stockrecords", "channel_listings").get(pk=own.pk)
    assert pricing.price_in(own, thb) == Decimal("300.00")


def test_stock_for_a_product_without_a_record_goes_to_a_record_of_its_own_producer(twins):
    unpriced = certified_product(producer=twins["lamphun"], price=None)
    record = stock.set_stock(unpriced, 12)
    assert record.partner == twins["lamphun"].partner and record.num_in_stock == 12 and record.price is None
    pricing.set_price(unpriced, channel(DOMESTIC_CHANNEL_SLUG), "99.50")
    unpriced = Product.objects.prefetch_related("stockrecords").get(pk=unpriced.pk)
    assert stock.quantity_available(unpriced) == 12 and pricing.base_price(unpriced) == Decimal("99.50")
