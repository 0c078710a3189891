"""Anonymous catalogue answers are kept while the catalogue and the day are unchanged, and never
after: a change of a product, its listing or the day gives the new answer at once."""
import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from graphql_client import post, token_for
from marketplace.certification.models import CertificationStatus
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db

PRODUCTS = """query Products($channel: String) {
  products(first: 10, channel: $channel) { totalCount edges { node { id name } } }
}"""


@pytest.fixture(autouse=True)
def kept(settings):
    settings.OTOP_API_CACHE_SECONDS = 300  # (conftest empties Django's cache around every test)


def ask(client=None, **headers):
    response = (client or Client()).post("/graphql/", json.dumps({"query": PRODUCTS, "variables": {"channel": "th-thb"}}),
                                         content_type="application/json", **headers)
    assert response.status_code == 200
    return response, json.loads(response.content)["data"]["products"]


def names(answer):
    return sorted(edge["node"]["name"] for edge in answer["edges"])


def test_the_same_question_is_answered_from_the_cache_with_one_statement():
    certified_product(name_th="ผ้าไหมแพรวา")
    first, answer = ask()
    with CaptureQueriesContext(connection) as queries:
        again, same = ask()
    assert same == answer and names(answer) == ["ผ้าไหมแพรวา"]
    assert len(queries) == 1  # the catalogue's version
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("change", ["renamed", "revoked", "new product", "unpublished"])
def test_any_change_of_the_catalogue_is_answered_at_once(change):
    product = certified_product(name_th="ผ้าไหมแพรวา")
    before, answer = ask()
    assert names(answer) == ["ผ้าไหมแพรวา"]

    if change == "renamed":
        product.profile.name_th = "ผ้าไหมแพรวากาฬสินธุ์"
        product.profile.save()
        expected = ["ผ้าไหมแพรวากาฬสินธุ์"]
    elif change == "revoked":
        certification = product.certifications.get()
        certification.status = CertificationStatus.REVOKED
        certification.save()
        expected = []
    elif change == "new product":
        certified_product(name_th="ตะกร้าสานไม้ไผ่")
        expected = ["ตะกร้าสานไม้ไผ่", "ผ้าไหมแพรวา"]
    else:
        product.is_public = False
        product.save()
        expected = []

    after, answer = ask()
    assert names(answer) == expected and answer["totalCount"] == len(expected)
    assert after["ETag"] != before["ETag"]


def test_a_certification_ending_at_midnight_is_not_served_the_next_day(monkeypatch):
    today = timezone.localdate()
    certified_product(name_th="ผ้าไหมแพรวา", valid_until=today)
    _, answer = ask()
    assert names(answer) == ["ผ้าไหมแพรวา"]

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    _, answer = ask()
    assert names(answer) == []


def test_signed_in_users_and_private_queries_are_never_kept():
    certified_product()
    token = token_for(UserFactory())
    response = Client().post("/graphql/", json.dumps({"query": PRODUCTS, "variables": {"channel": "th-thb"}}),
                             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and "ETag" not in response
    status, body = post('{ checkout(id: "Q2hlY2tvdXQ6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw") { id } }')
    assert status == 200
    response = Client().post("/graphql/", json.dumps({"query": "{ me { id } }"}), content_type="application/json")
    assert "ETag" not in response


def test_a_get_is_cacheable_by_a_cdn_and_revalidated_with_its_etag(monkeypatch):
    certified_product()
    # at noon: in the five minutes before midnight a CDN may keep it only until midnight (next test)
    noon = datetime.datetime.combine(timezone.localdate(), datetime.time(12), tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: noon)
    url = "/graphql/?" + "&".join([f"query={PRODUCTS.replace(chr(10), ' ')}", 'variables={"channel":"th-thb"}'])
    first = Client().get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "public, max-age=300"
    revalidated = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304 and revalidated.content == b""


@pytest.mark.parametrize("clock, max_age", [("23:58:30", 90), ("23:59:59.5", 0), ("00:00:00", 300), ("12:00:00", 300)])
def test_a_cdn_keeps_a_get_no_later_than_midnight_when_certifications_end(monkeypatch, clock, max_age):
    # given a product whose certification ends today, asked for shortly before midnight (Thai time)
    today = timezone.localdate()
    certified_product(name_th="ผ้าไหมแพรวา", valid_until=today)
    at = datetime.datetime.combine(today, datetime.time.fromisoformat(clock), tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: at)
    url = "/graphql/?" + "&".join([f"query={PRODUCTS.replace(chr(10), ' ')}", 'variables={"channel":"th-thb"}'])
    # when
    response = Client().get(url)
    # then a CDN in front may keep the answer until midnight at the latest, never past it
    assert response.status_code == 200 and json.loads(response.content)["data"]["products"]["totalCount"] == 1
    assert response["Cache-Control"] == f"public, max-age={max_age}"


def test_without_the_setting_nothing_is_kept(settings):
    settings.OTOP_API_CACHE_SECONDS = 0
    product = certified_product(name_th="ผ้าไหมแพรวา")
    first, _ = ask()
    assert "ETag" not in first
    product.profile.name_th = "ผ้าไหมใหม่"
    product.profile.save()
    assert names(ask()[1]) == ["ผ้าไหมใหม่"]


def test_a_cart_s_variants_are_kept_and_their_exact_stock_follows_every_order():
    # given a cart's variant read with its exact quantity, and read again from the cache
    product = certified_product(name_th="ผ้าไหมแพรวา", num_in_stock=40)
    cart = json.dumps({"query": '{ productVariants(first: 5, channel: "th-thb") { edges { node { sku quantityAvailable } } } }'})

    def read():
        response = Client().post("/graphql/", cart, content_type="application/json")
        return response["ETag"], json.loads(response.content)["data"]["productVariants"]["edges"][0]["node"]

    etag, variant = read()
    with CaptureQueriesContext(connection) as queries:
        assert read() == (etag, variant) and variant["quantityAvailable"] == 40
    assert len(queries) <= 2  # the catalogue's and the stock's versions

    # when an order allocates one unit, the cart reads the new quantity at once
    product.stockrecords.get().allocate(1)
    assert read()[1]["quantityAvailable"] == 39
