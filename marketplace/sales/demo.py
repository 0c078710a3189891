"""The demo's sales (``manage.py load_demo_accounts``, DEBUG only): a few paid orders of the demo
producer's products over the last months, placed the way the checkout places them, and product page
views, so that the producer's Sales page and the programme officer's figures have something to show.

Idempotent: nothing is added once the producer has sold anything. The orders' e-mails (confirmations,
shipped notices) are noted as sent (these orders are the past), so the worker does not print them at
the first ``make run``.
"""
import datetime

from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.catalog.listing import listable
from marketplace.orders.errors import CheckoutError
from marketplace.orders.fulfilment import mark_delivered, mark_shipped
from marketplace.orders.models import Carrier, PendingEmail, ShipmentStatus
from marketplace.orders.placement import mark_paid, place_order
from marketplace.orders.strategy import ChannelStrategy

from .models import ProductPageViews

Basket = get_model("basket", "Basket")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")

SHOPPER = "shopper@demo.otop.test"
ORDERS = 9  # one every 20 days or so: about six months of sales


# The delivery instructions of the newest demo order, which its producer reads on the order's page.
DELIVERY_NOTE = "ฝากไว้ที่ป้อมยามหน้าหมู่บ้านได้ค่ะ กรุณาโทรก่อนส่ง"


def shipping_address(notes=""):
    """The demo shopper's address in Chiang Mai (its orders', the card-paid one's too)."""
    return ShippingAddress(country_id="TH", first_name="สมศรี", last_name="ใจดี", line1="12 ถนนนิมมานเหมินท์",
                           line4="เชียงใหม่", postcode="50200", phone_number="+66812345678", notes=notes)


def ensure_demo_sales(producer, today=None):
    """Place and pay the demo orders of ``producer`` unless it has sold before; returns how many orders it has."""
    if Line.objects.filter(partner_id=producer.partner_id).exists():
        return _orders_of(producer)
    today = today or timezone.localdate()
    products = list(listable().filter(profile__producer=producer).order_by("pk")[:4])
    if not products:
        return 0
    now = timezone.now()
    for n in range(ORDERS):
        basket = Basket.objects.create()
        basket.strategy = ChannelStrategy()
        basket.add_product(products[n % len(products)], 1)
        if n % 2:
            basket.add_product(products[(n + 1) % len(products)], 1)
        try:
            order = place_order(basket, shipping_address=shipping_address(DELIVERY_NOTE if n == 0 else ""), email=SHOPPER)
        except CheckoutError:  # a demo product with too little stock left: that order is skipped
            continue
        mark_paid(order)
        if n >= 2:  # the two newest are still to be shipped: the producer's to-do list
            shipment = order.producer_shipments.get(status=ShipmentStatus.TO_SHIP)
            shipment = mark_shipped(shipment, f"EX{4200 + n}TH", Carrier.THAILAND_POST)
            if n >= 4:  # the oldest have arrived: their buyer said so
                mark_delivered(shipment)
        PendingEmail.objects.filter(order=order).update(sent_at=now)  # the confirmation, the shipped notice
        Order.objects.filter(pk=order.pk).update(date_placed=now - datetime.timedelta(days=20 * n + 1))
    for product in products:
        for back in range(0, 180, 3):
            ProductPageViews.objects.update_or_create(
                product=product, day=today - datetime.timedelta(days=back),
                defaults={"count": 5 + (product.pk * 7 + back) % 23})
    return _orders_of(producer)


def claim_demo_orders(user):
    """Give the demo shopper's account the demo orders placed under its e-mail address (as guest orders:
    the account is made after them); returns how many orders the account has."""
    Order.objects.filter(user=None, guest_email=SHOPPER).update(user=user, guest_email="")
    return Order.objects.filter(user=user).count()


def _orders_of(producer):
    return Order.objects.filter(lines__partner_id=producer.partner_id).distinct().count()
