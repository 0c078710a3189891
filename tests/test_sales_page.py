"""The producer portal's Sales page: the producer's own figures as charts and tables, another
producer's page not found, and the charts' data equal to the table's numbers."""
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buying import in_english, order_for
from marketplace.orders.placement import mark_paid
from marketplace.sales import figures
from marketplace.sales.page_views import count_view
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


@pytest.fixture
def namesakes():
    name = dict(name_th="กลุ่มจักสานบ้านดง", name_en="Ban Dong Basketry Group")
    alice, bob = UserFactory(), UserFactory()
    lampang = ProducerFactory(province=province("TH-52"), users=[alice], **name)
    loei = ProducerFactory(province=province("TH-42"), users=[bob], **name)
    basket = certified_product(producer=lampang, name_th="ตะกร้าไม้ไผ่", name_en="Bamboo basket", price="450.00")
    mat = certified_product(producer=loei, name_th="เสื่อกก", name_en="Reed mat", price="980.00")
    mark_paid(order_for((basket, 2), (mat, 1), country="TH"))
    count_view(basket.pk)
    return dict(alice=alice, bob=bob, lampang=lampang, loei=loei, basket=basket, mat=mat)


def _sales_url(producer):
    return reverse("sales:sales", kwargs={"producer_slug": producer.slug})


def _chart_data(response):
    found = re.search(r'<script id="sales-chart-data" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    return json.loads(found.group(1))


def test_the_sales_page_shows_the_producers_own_figures_as_chart_data_and_tables(client, namesakes):
    # given
    n = namesakes
    client.force_login(n["alice"])

    # when
    response = client.get(_sales_url(n["lampang"]))

    # then the chart's data are the figures, the tables hold the same numbers, nothing of the namesake
    html = response.content.decode()
    data = _chart_data(response)
    assert response.status_code == 200
    assert data["orders"][-1] == 1 and data["units"][-1] == 2 and data["revenue"][-1] == "900.00"
    assert data["products"] == ["Bamboo basket"] and data["product_page_views"] == [1]
    assert data["orders"] == [m.orders for m in figures.by_month(n["lampang"])]
    page_text = re.sub(r'(nonce|value)="[^"]*"', "", html)  # a random nonce or token may hold any digits
    assert "Reed mat" not in page_text and "980" not in page_text
    assert re.search(r'<th scope="row">Bamboo basket</th><td class="text-end">1</td><td class="text-end">2</td>'
                     r'<td class="text-end">900.00</td><td class="text-end">1</td>', html)
    assert "<caption>" in html and 'id="chart-months"' in html
    assert "/static/sales/vendor/chart.umd.min.js" in html  # served by this site, never a CDN
    assert Decimal(data["revenue"][-1]) == figures.by_month(n["lampang"])[-1].revenue_thb


def test_another_producers_sales_page_is_not_found(client, namesakes):
    n = namesakes
    client.force_login(n["alice"])

    response = client.get(_sales_url(n["loei"]))

    assert response.status_code == 404
    assert "Reed mat" not in response.content.decode()


def test_the_sales_page_needs_a_sign_in(client, namesakes):
    response = client.get(_sales_url(namesakes["lampang"]))

    assert response.status_code == 302 and "login" in response["Location"]


def test_the_sales_page_costs_the_same_for_one_product_and_many(client, namesakes, django_assert_max_num_queries):
    # given the page with one product, and what it cost
    n = namesakes
    client.force_login(n["alice"])
    with CaptureQueriesContext(connection) as one_product:
        client.get(_sales_url(n["lampang"]))
    more = [certified_product(producer=n["lampang"], name_th=f"ตะกร้า {i}", name_en=f"Basket {i}", price="100.00")
            for i in range(5)]
    mark_paid(order_for(*[(product, 1) for product in more], country="TH"))
    for product in more:
        count_view(product.pk)

    # when it lists six products, it costs no more
    with django_assert_max_num_queries(len(one_product)):
        response = client.get(_sales_url(n["lampang"]))
    assert len(_chart_data(response)["products"]) == 6
