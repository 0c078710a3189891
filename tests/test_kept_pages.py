"""Category and province pages are kept for visitors with nothing of their own on them, and never
served stale: a change of the catalogue or the day shows at once, a visitor's basket and sign-in
are their own, and each answer carries its own CSRF token and CSP nonce (issue 17)."""
import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from test_category_filters import codes_on, food_url
from marketplace.catalog import version
from marketplace.certification.models import CertificationStatus
from marketplace.search import signals
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.OTOP_PAGE_CACHE_SECONDS = 300  # (conftest empties Django's cache around every test)


def settled(*products):
    """The search index has the test's changes (a request's search would write them, and move the
    catalogue's version while answering)."""
    signals.flush()
    return products[0] if len(products) == 1 else products


def nonce_of(response):
    return re.search(r'<script nonce="([^"]+)"', response.content.decode()).group(1)


def token_of(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_a_plain_visitor_gets_the_kept_page_with_their_own_token_and_nonce():
    product = settled(certified_product(category="food", name_th="น้ำพริกหนุ่ม"))
    first = Client().get(food_url())
    visitor = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        again = visitor.get(food_url())

    assert again.status_code == 200 and codes_on(again) == codes_on(first) == [product.profile.programme_code]
    assert len(queries) <= 2  # the catalogue's version (and the visitor's session, when there is one)
    assert nonce_of(again) != nonce_of(first) and f"'nonce-{nonce_of(again)}'" in again["Content-Security-Policy"]
    assert token_of(again) != token_of(first) and "otop-kept-page" not in again.content.decode()
    # the kept page's token is this visitor's: the language menu's form is accepted
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": food_url(),
                                              "csrfmiddlewaretoken": token_of(again)})
    assert switched.status_code == 302


@pytest.mark.parametrize("change", ["renamed", "revoked", "new product", "unpublished", "repriced"])
def test_any_change_of_the_catalogue_shows_at_once(change):
    product = certified_product(category="food", name_th="น้ำพริกหนุ่ม", price="250.00")
    before = Client().get(food_url()).content.decode()
    assert "น้ำพริกหนุ่ม" in before and "250.00" in before

    expected, gone = "น้ำพริกหนุ่ม", False
    if change == "renamed":
        product.profile.name_th = expected = "น้ำพริกหนุ่มเชียงใหม่"
        product.profile.save()
    elif change == "revoked":
        certification = product.certifications.get()
        certification.status = CertificationStatus.REVOKED
        certification.save()
        gone = True
    elif change == "new product":
        expected = certified_product(category="food", name_th="ข้าวแต๋น").profile.name_th
    elif change == "unpublished":
        product.is_public = False
        product.save()
        gone = True
    else:
        record = product.stockrecords.get()
        record.price = "275.00"
        record.save()

    after = Client().get(food_url()).content.decode()
    if gone:
        assert "น้ำพริกหนุ่ม" not in after
    else:
        assert expected in after
    if change == "repriced":
        assert "275.00" in after and "250.00" not in after


def test_the_home_page_is_kept_and_shows_a_new_star_product_at_once():
    settled(certified_product(name_th="น้ำพริกหนุ่ม", stars=5))
    Client().get("/")
    with CaptureQueriesContext(connection) as queries:
        kept_page = Client().get("/")
    assert "น้ำพริกหนุ่ม" in kept_page.content.decode() and len(queries) <= 2

    settled(certified_product(name_th="ผ้าไหมแพรวา", stars=5))
    assert "ผ้าไหมแพรวา" in Client().get("/").content.decode()


def test_a_shopper_with_a_basket_gets_the_kept_home_content_with_their_own_header():
    product = settled(certified_product(name_th="น้ำพริกหนุ่ม", stars=5))
    shopper = Client()
    assert shopper.post("/basket/add/%d/" % product.pk, {"quantity": 3}).status_code == 302
    shopper.get("/")
    with CaptureQueriesContext(connection) as queries:
        page = shopper.get("/").content.decode()
    assert "น้ำพริกหนุ่ม" in page and re.search(r'class="basket-link__count">3<', page)
    assert not any("certification" in query["sql"] for query in queries.captured_queries)  # the star products: kept

    settled(certified_product(name_th="ผ้าไหมแพรวา", stars=5))
    assert "ผ้าไหมแพรวา" in shopper.get("/").content.decode()


def test_a_certification_ending_at_midnight_is_not_shown_the_next_day(monkeypatch):
    today = timezone.localdate()
    certified_product(category="food", name_th="น้ำพริกหนุ่ม", valid_until=today)
    assert "น้ำพริกหนุ่ม" in Client().get(food_url()).content.decode()

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    assert "น้ำพริกหนุ่ม" not in Client().get(food_url()).content.decode()


def test_a_visitors_basket_and_account_stay_their_own():
    product = certified_product(category="food", name_th="น้ำพริกหนุ่ม")
    shopper = Client()
    assert shopper.post("/basket/add/%d/" % product.pk, {"quantity": 2}).status_code == 302
    with_basket = shopper.get(food_url()).content.decode()
    assert re.search(r'class="basket-link__count">2<', with_basket)

    member = Client()
    member.force_login(UserFactory())
    signed_in = member.get(food_url()).content.decode()
    assert 'id="logout_link"' in signed_in

    plain = Client().get(food_url()).content.decode()  # neither of theirs is kept for others
    assert "basket-link__count" not in plain and 'id="logout_link"' not in plain
    assert 'id="logout_link"' in member.get(food_url()).content.decode()


def test_each_language_and_currency_is_its_own_page():
    certified_product(category="food", name_th="น้ำพริกหนุ่ม", name_en="Young chili dip", price="250.00")
    thai = Client().get(food_url()).content.decode()
    english = Client().get("/en" + food_url()).content.decode()
    dollars = Client()
    assert dollars.post("/basket/currency/", {"currency": "USD", "next": food_url()}).status_code == 302
    in_usd = dollars.get(food_url()).content.decode()

    assert "น้ำพริกหนุ่ม" in thai and "Young chili dip" in english and "Young chili dip" not in thai
    assert "฿250.00" in thai and "$" in in_usd and "฿250.00" not in in_usd


@pytest.mark.parametrize("query", ["?utm_source=mail", "?price_min=abc", "?sort=cheapest", "?q=made-up"])
def test_an_address_the_page_does_not_fully_understand_is_rendered_not_kept(query):
    settled(certified_product(category="food", name_th="น้ำพริกหนุ่ม"))
    Client().get(food_url() + query)
    with CaptureQueriesContext(connection) as queries:
        again = Client().get(food_url() + query)
    assert again.status_code == 200 and "น้ำพริกหนุ่ม" in again.content.decode()
    # rendered again: the cards' products read (the search's answer itself is kept, test_kept_search)
    assert any('FROM "catalogue_product"' in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        Client().get(food_url() + "?sort=price&min_stars=3")
        Client().get(food_url() + "?sort=price&min_stars=3")
    assert sum('FROM "catalogue_product"' in q["sql"] for q in queries.captured_queries) == 1  # a page it reads: kept


def deploy(settings, release):
    settings.OTOP_RELEASE = release
    version.release.cache_clear()  # a new process would work it out again


def test_a_page_kept_by_the_previous_release_is_not_served_after_a_deploy(settings):
    settled(certified_product(category="food", name_th="น้ำพริกหนุ่ม"))
    deploy(settings, "2026.12.1")
    Client().get(food_url())
    deploy(settings, "2026.12.2")
    with CaptureQueriesContext(connection) as queries:
        Client().get(food_url())
    assert any("searchdocument" in q["sql"] for q in queries.captured_queries)  # rendered by the new release


def test_the_release_is_a_digest_of_the_code_when_the_deploy_names_none(settings):
    deploy(settings, "")
    digest = version.release()
    deploy(settings, "")
    assert re.fullmatch(r"[0-9a-f]{16}", digest) and version.release() == digest  # the same files, the same release


def test_without_the_setting_every_page_is_rendered(settings):
    settings.OTOP_PAGE_CACHE_SECONDS = 0
    certified_product(category="food", name_th="น้ำพริกหนุ่ม")
    Client().get(food_url())
    with CaptureQueriesContext(connection) as queries:
        Client().get(food_url())
    assert len(queries) > 3
