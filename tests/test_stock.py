"""No overselling: with k in stock and N shoppers checking out at once, exactly k orders are placed.

Real threads, each on its own PostgreSQL connection, racing through ``place_order``.
"""
import threading

import pytest
from django.db import connection
from oscar.core.loading import get_model

from buying import address, basket_with, in_english, order_for
from marketplace.orders.errors import InsufficientStock
from marketplace.orders.placement import place_order
from marketplace.testing.factories import certified_product
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def _race(baskets):
    """Place every basket at the same moment; return (orders, refusals, other errors)."""
    start = threading.Barrier(len(baskets))
    results = []

    def checkout(basket):
        try:
            in_english()  # each thread starts in the site's language
            start.wait()
            results.append(place_order(basket, shipping_address=address("TH"), email="race@example.com"))
        except Exception as error:  # noqa: BLE001 - recorded and asserted on below
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=(basket,)) for basket in baskets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    orders = [r for r in results if isinstance(r, Order)]
    refusals = [r for r in results if isinstance(r, InsufficientStock)]
    others = [r for r in results if not isinstance(r, (Order, InsufficientStock))]
    return orders, refusals, others


# The racing threads read what the test wrote, so it is committed; the serialized rollback
# puts back the provinces, zones and categories that the data migrations created.
RACE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@RACE
def test_with_stock_k_exactly_k_of_n_concurrent_checkouts_succeed():
    # given 3 in stock and 8 shoppers with one each in their basket
    k, n = 3, 8
    product = certified_product(num_in_stock=k)
    baskets = [basket_with((product, 1)) for _ in range(n)]

    # when they all check out at once
    orders, refusals, others = _race(baskets)

    # then exactly k orders, the rest told how many were left, nothing else went wrong
    assert others == []
    assert len(orders) == k
    assert len(refusals) == n - k
    assert all(r.available == 0 and "Only 0 left" in r.message for r in refusals)
    record = StockRecord.objects.get(product=product)
    assert record.num_allocated == k
    assert Order.objects.count() == k


@RACE
def test_checkouts_of_the_same_products_in_opposite_order_do_not_deadlock():
    # given two products and baskets that hold them in opposite orders
    a, b = certified_product(num_in_stock=50), certified_product(num_in_stock=50)
    baskets = [basket_with((a, 1), (b, 1)) if i % 2 else basket_with((b, 1), (a, 1)) for i in range(10)]

    # when
    orders, refusals, others = _race(baskets)

    # then every checkout went through: no deadlock error, nothing refused
    assert (len(orders), refusals, others) == (10, [], [])
    assert sorted(StockRecord.objects.filter(product__in=[a, b]).values_list("num_allocated", flat=True)) == [10, 10]


@pytest.mark.django_db
def test_asking_for_more_than_is_left_names_the_number_left():
    product = certified_product(num_in_stock=2, name_th="ผ้าไหม", name_en="Silk")
    order_for((product, 1))

    with pytest.raises(InsufficientStock, match="Only 1 left of Silk"):  # named in the shopper's language
        order_for((product, 2))
