"""Search results are kept by the catalogue's version (``OTOP_PAGE_CACHE_SECONDS``): the same
question asked again costs a lookup, and any change of the catalogue, its index or the day is
answered at once (issue 17: a broad word at 100,000 products took ~45 ms to rank and count)."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.certification.models import CertificationStatus
from marketplace.search import service, signals
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.OTOP_PAGE_CACHE_SECONDS = 300  # (conftest empties Django's cache around every test)


def found(text="ผ้าไหม", **kwargs):
    return service.search(text, **kwargs)


def test_the_same_search_again_is_a_lookup_with_the_same_answer():
    products = [certified_product(name_th=f"ผ้าไหมมัดหมี่ลาย {i}", price=f"{300 + i}.00") for i in range(3)]
    signals.flush()
    first = found(sort="price")
    with CaptureQueriesContext(connection) as queries:
        again = found(sort="price")

    assert again.product_ids == first.product_ids == [p.pk for p in products]
    assert again.total == 3 and again.facets == first.facets and again.price_range == first.price_range
    assert len(queries) <= 1  # the catalogue's version
    # another question is its own: filters, sort, page and currency are part of what is kept
    assert found(sort="-price").product_ids == [p.pk for p in reversed(products)]
    assert found(sort="price", page=2, per_page=2).product_ids == [products[2].pk]
    in_dollars = found(sort="price", filters=service.Filters(currency="USD"))
    assert in_dollars.product_ids == first.product_ids and in_dollars.price_range[1] < first.price_range[1] / 10


@pytest.mark.parametrize("change", ["new product", "renamed", "revoked", "unpublished", "repriced"])
def test_any_change_is_found_at_once(change):
    product = certified_product(name_th="ผ้าไหมยกดอก", price="350.00")
    signals.flush()
    assert found().product_ids == [product.pk] and found("ตะกร้า").product_ids == []

    expected = [product.pk]
    if change == "new product":
        expected.append(certified_product(name_th="ผ้าไหมแพรวา", price="900.00").pk)
    elif change == "renamed":
        product.profile.name_th = "ตะกร้าผ้าไหม"
        product.profile.save()
        assert found("ตะกร้า").product_ids == [product.pk]
    elif change == "revoked":
        certification = product.certifications.get()
        certification.status = CertificationStatus.REVOKED
        certification.save()
        expected = []
    elif change == "unpublished":
        product.is_public = False
        product.save()
        expected = []
    else:
        record = product.stockrecords.get()
        record.price = Decimal("120.00")
        record.save()

    result = found(sort="price")
    assert result.product_ids == expected
    if change == "repriced":
        assert [Decimal(str(p)) for p in result.price_range] == [Decimal("120.00")] * 2


def test_a_certification_ending_at_midnight_is_not_found_the_next_day(monkeypatch):
    today = timezone.localdate()
    product = certified_product(name_th="ผ้าไหมยกดอก", valid_until=today)
    signals.flush()
    assert found().product_ids == [product.pk]

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    assert found().product_ids == []


def test_the_search_page_shows_a_change_at_once():
    certified_product(name_th="ผ้าไหมยกดอก", name_en="Brocade silk")
    page = Client().get("/search/", {"q": "ผ้าไหม"}).content.decode()
    assert "ผ้าไหมยกดอก" in page and "ผ้าไหมแพรวา" not in page

    certified_product(name_th="ผ้าไหมแพรวา", name_en="Praewa silk")
    assert "ผ้าไหมแพรวา" in Client().get("/search/", {"q": "ผ้าไหม"}).content.decode()


def test_without_the_setting_every_search_is_worked_out(settings):
    settings.OTOP_PAGE_CACHE_SECONDS = 0
    certified_product(name_th="ผ้าไหมยกดอก")
    signals.flush()
    found()
    with CaptureQueriesContext(connection) as queries:
        found()
    assert any("otop_search_searchdocument" in q["sql"] for q in queries.captured_queries)
