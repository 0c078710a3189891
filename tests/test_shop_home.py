"""The home page: it explains the star levels and standards and features star products, the provinces
with the most certified products and the trade fairs (collections), in Thai and English, at a fixed
number of queries whatever the catalogue's size."""
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.provinces.models import Province
from marketplace.testing.factories import ProducerFactory, certified_product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]
HOME_QUERIES = 13  # basket, categories, products and their cards' prefetches, provinces, fairs, footer


def _products(count, province="Lamphun"):
    producer = ProducerFactory(province=Province.objects.get(name_en=province))
    return [certified_product(producer=producer, name_th=f"ผ้าไหม {n}", name_en=f"Silk {n}", stars=5 - n % 3)
            for n in range(count)]


def _home(client, path="/"):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path)
    assert page.status_code == 200
    return page.content.decode(), len(queries)


def test_the_home_page_explains_stars_and_standards_and_features_provinces_fairs_and_star_products(client):
    # given products from two provinces, and the demo collections (trade fairs) and pages
    _products(3)
    _products(1, province="Lampang")
    call_command("load_demo_content", stdout=open(os.devnull, "w"))

    thai, _ = _home(client)
    english, _ = _home(client, "/en/")

    # then, in Thai: the star scale and the standards, the provinces with their counts, the fairs
    assert "ระดับดาวและมาตรฐานหมายถึงอะไร" in thai and "มาตรฐานผลิตภัณฑ์ชุมชน (มผช.)" in thai
    assert "สินค้าระดับดาว" in thai and "ผ้าไหม 0" in thai
    assert thai.index('ลำพูน <span class="chip__count">3</span>') < thai.index(  # most products first
        'ลำปาง <span class="chip__count">1</span>')
    assert "งานเซรามิกลำปาง ณ กรุงเทพฯ" in thai and "/catalogue/ranges/lampang-ceramics-fair-bangkok/" in thai
    # and the same in English
    assert "What the stars and standards mean" in english and "Thai Community Product Standard (มผช.)" in english
    assert 'Lamphun <span class="chip__count">3</span>' in english
    assert "Lampang Ceramics Fair in Bangkok" in english and "Star products" in english


def test_the_home_page_costs_the_same_queries_for_one_product_as_for_twelve(client):
    call_command("load_demo_content", stdout=open(os.devnull, "w"))
    _products(1)
    _home(client)  # the first request of a process also reads the site and the content types
    _, one = _home(client)

    _products(11, province="Lampang")
    page, twelve = _home(client)

    assert page.count('class="product_pod') == 12
    assert one == twelve == HOME_QUERIES
