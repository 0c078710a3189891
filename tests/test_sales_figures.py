"""A producer's sales figures equal the orders placed: its own paid lines only, in baht (USD
orders at the rate of the day they were placed), and product page views counted per day
without storing who viewed."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from oscar.core.loading import get_model

from buying import order_for
from marketplace.orders.models import ProducerShipment
from marketplace.orders.placement import cancel_unpaid, mark_paid
from marketplace.sales import figures
from marketplace.sales.models import ProductPageViews
from marketplace.sales.page_views import count_view
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")


@pytest.fixture
def two_namesakes():
    """Two producers of the same name in different provinces, each with a product."""
    name = dict(name_th="กลุ่มทอผ้าบ้านนา", name_en="Ban Na Weaving Group")
    lampang = ProducerFactory(province=province("TH-52"), users=[UserFactory()], **name)
    loei = ProducerFactory(province=province("TH-42"), users=[UserFactory()], **name)
    silk = certified_product(producer=lampang, name_th="ผ้าไหมลำปาง", name_en="Lampang silk", price="700.00")
    scarf = certified_product(producer=lampang, name_th="ผ้าพันคอ", name_en="Scarf", price="250.00")
    cotton = certified_product(producer=loei, name_th="ผ้าฝ้ายเลย", name_en="Loei cotton", price="400.00")
    return dict(lampang=lampang, loei=loei, silk=silk, scarf=scarf, cotton=cotton)


def _paid(order):
    mark_paid(order)
    return order


def _expected_thb(orders, producer):
    """What the orders say, line by line: the producer's own lines, divided by the rate of the day."""
    total = Decimal(0)
    for order in orders:
        rate = order.producer_shipments.get(partner=producer.partner).exchange_rate
        total += sum(line.line_price_incl_tax / rate for line in order.lines.filter(partner=producer.partner))
    return total.quantize(CENT)


def test_the_monthly_figures_equal_the_producers_own_paid_lines(two_namesakes, settings):
    # given an order with lines of both namesakes, a USD order abroad, an unpaid and a cancelled order
    t = two_namesakes
    settings.OTOP_USD_PER_THB = "0.029"
    shared = _paid(order_for((t["silk"], 2), (t["cotton"], 1), country="TH"))
    abroad = _paid(order_for((t["scarf"], 3), country="JP"))
    order_for((t["silk"], 5), country="TH")  # never paid: not a sale
    cancel_unpaid(order_for((t["scarf"], 4), country="TH"))

    # when the rate changes after the sales, and the figures are read
    settings.OTOP_USD_PER_THB = "0.025"
    months = figures.by_month(t["lampang"])
    products = figures.by_product(t["lampang"])

    # then this month holds the two paid orders' Lampang lines: 2 silks and 3 scarves
    this_month = months[-1]
    assert len(months) == figures.MONTHS and months[-1].month == timezone.localdate().replace(day=1)
    assert all(m.orders == 0 and m.revenue_thb == 0 for m in months[:-1])
    assert abroad.currency == "USD"
    assert (this_month.orders, this_month.units) == (2, 5)
    assert this_month.revenue_thb == _expected_thb([shared, abroad], t["lampang"])
    # the USD lines count at the rate they were sold at (0.029), not today's (0.025)
    usd_total = abroad.lines.get().line_price_incl_tax
    scarves_thb = (usd_total / Decimal("0.029")).quantize(CENT)
    assert this_month.revenue_thb == Decimal("1400.00") + scarves_thb
    by_name = {row.name: row for row in products}
    assert set(by_name) == {"ผ้าไหมลำปาง", "ผ้าพันคอ"}
    assert (by_name["ผ้าไหมลำปาง"].orders, by_name["ผ้าไหมลำปาง"].units) == (1, 2)
    assert by_name["ผ้าไหมลำปาง"].revenue_thb == Decimal("1400.00")
    assert (by_name["ผ้าพันคอ"].units, by_name["ผ้าพันคอ"].revenue_thb) == (3, scarves_thb)
    # and the charts draw the same numbers as the table
    data = figures.chart_data(months, products)
    assert data["orders"][-1] == 2 and data["units"][-1] == 5 and data["revenue"][-1] == str(this_month.revenue_thb)


def test_a_namesake_never_counts_the_other_producers_lines(two_namesakes):
    # given one order with a line of each namesake
    t = two_namesakes
    _paid(order_for((t["silk"], 1), (t["cotton"], 2), country="TH"))

    # when each reads its figures
    lampang, loei = figures.by_month(t["lampang"])[-1], figures.by_month(t["loei"])[-1]

    # then each sees its own line only (one order each, its own units and revenue)
    assert (lampang.orders, lampang.units, lampang.revenue_thb) == (1, 1, Decimal("700.00"))
    assert (loei.orders, loei.units, loei.revenue_thb) == (1, 2, Decimal("800.00"))
    assert [row.name for row in figures.by_product(t["loei"])] == ["ผ้าฝ้ายเลย"]


def test_a_product_page_view_is_counted_without_who_viewed(client, two_namesakes):
    # given a signed-in shopper and an anonymous visitor
    t = two_namesakes
    url = t["silk"].get_absolute_url()
    client.force_login(UserFactory())

    # when they open the page, a browser prefetches it, a HEAD request and a robot ask for it
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 200
    client.get(url, headers={"Sec-Purpose": "prefetch"})
    client.head(url)
    client.get(url, headers={"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})

    # then today's counter of that product says 2, and nothing else about the views is kept
    row = ProductPageViews.objects.get(product=t["silk"])
    assert (row.day, row.count) == (timezone.localdate(), 2)
    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(
            cursor, ProductPageViews._meta.db_table)}
    assert columns == {"id", "product_id", "day", "count"}
    assert not get_model("analytics", "UserProductView").objects.exists()  # Oscar's per-user record
    # and the producer's figures show them, the namesake's do not
    assert {r.name: r.page_views for r in figures.by_product(t["lampang"])} == {"ผ้าไหมลำปาง": 2}
    assert figures.by_month(t["lampang"])[-1].page_views == 2
    assert figures.by_product(t["loei"]) == []


def test_views_of_one_day_add_to_that_days_one_row(two_namesakes):
    product = two_namesakes["cotton"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for day in (yesterday, None, None, None):
        count_view(product.pk, day=day)
    assert sorted(ProductPageViews.objects.filter(product=product).values_list("day", "count")) == [
        (yesterday, 1), (timezone.localdate(), 3)]
