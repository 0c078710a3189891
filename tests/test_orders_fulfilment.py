"""Producers see and ship only their own lines; the shopper sees one order with each parcel's status."""
import pytest
from django.urls import reverse

from buying import order_for, in_english
from marketplace.orders.models import ProducerShipment, ShipmentStatus
from marketplace.orders.placement import mark_paid
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


pytestmark = pytest.mark.django_db


@pytest.fixture
def two_producer_order():
    alice, bob = UserFactory(), UserFactory()
    weaver, tea_maker = ProducerFactory(users=[alice]), ProducerFactory(users=[bob])
    silk = certified_product(producer=weaver, name_th="ผ้าไหมยกดอก", name_en="Brocade silk")
    tea = certified_product(producer=tea_maker, name_th="ชาใบหม่อน", name_en="Mulberry leaf tea")
    shopper = UserFactory()
    order = order_for((silk, 1), (tea, 2), country="TH", user=shopper, email=shopper.email)
    mark_paid(order)
    return dict(order=order, alice=alice, bob=bob, weaver=weaver, tea_maker=tea_maker, shopper=shopper)


def test_a_producer_lists_and_opens_only_its_own_shipment(client, two_producer_order):
    # given
    o = two_producer_order
    own = ProducerShipment.objects.get(order=o["order"], partner=o["weaver"].partner)
    other = ProducerShipment.objects.get(order=o["order"], partner=o["tea_maker"].partner)
    client.force_login(o["alice"])

    # when
    listing = client.get(reverse("otop_orders:shipment-list"))
    detail = client.get(reverse("otop_orders:shipment-detail", kwargs={"pk": own.pk}))
    foreign = client.get(reverse("otop_orders:shipment-detail", kwargs={"pk": other.pk}))

    # then: her parcel with her silk only; the tea producer's parcel does not exist for her
    assert list(listing.context["shipments"]) == [own]
    assert "ผ้าไหมยกดอก" in detail.content.decode()
    assert "ชาใบหม่อน" not in detail.content.decode()
    assert foreign.status_code == 404


def test_a_producer_cannot_ship_another_producers_parcel(client, two_producer_order):
    # given
    o = two_producer_order
    other = ProducerShipment.objects.get(order=o["order"], partner=o["tea_maker"].partner)
    client.force_login(o["alice"])

    # when
    response = client.post(reverse("otop_orders:shipment-detail", kwargs={"pk": other.pk}),
                           {"tracking_number": "EF123456789TH"})

    # then
    other.refresh_from_db()
    assert response.status_code == 404
    assert other.status == ShipmentStatus.TO_SHIP and other.tracking_number == ""


def test_shipping_a_parcel_shows_on_the_shoppers_order_per_producer(client, two_producer_order):
    # given bob ships his tea
    o = two_producer_order
    own = ProducerShipment.objects.get(order=o["order"], partner=o["tea_maker"].partner)
    client.force_login(o["bob"])
    client.post(reverse("otop_orders:shipment-detail", kwargs={"pk": own.pk}), {"tracking_number": "EF123456789TH"})

    # when the shopper opens the order
    client.force_login(o["shopper"])
    page = client.get(reverse("customer:order", kwargs={"order_number": o["order"].number}))

    # then one order, the tea parcel shipped with its tracking number, the silk parcel still to ship
    statuses = {s.partner_id: s.status for s in o["order"].producer_shipments.all()}
    assert statuses == {o["tea_maker"].partner_id: ShipmentStatus.SHIPPED, o["weaver"].partner_id: ShipmentStatus.TO_SHIP}
    html = page.content.decode()
    assert page.status_code == 200
    assert "EF123456789TH" in html
    assert str(ShipmentStatus.SHIPPED.label) in html and str(ShipmentStatus.TO_SHIP.label) in html


def test_a_parcel_cannot_be_shipped_before_payment_or_without_tracking(client, two_producer_order):
    o = two_producer_order
    own = ProducerShipment.objects.get(order=o["order"], partner=o["weaver"].partner)
    client.force_login(o["alice"])

    client.post(reverse("otop_orders:shipment-detail", kwargs={"pk": own.pk}), {"tracking_number": "  "})
    own.refresh_from_db()
    assert own.status == ShipmentStatus.TO_SHIP

    ProducerShipment.objects.filter(pk=own.pk).update(status=ShipmentStatus.AWAITING_PAYMENT)
    response = client.post(reverse("otop_orders:shipment-detail", kwargs={"pk": own.pk}),
                           {"tracking_number": "EF1TH"}, follow=True)
    own.refresh_from_db()
    assert own.status == ShipmentStatus.AWAITING_PAYMENT
    assert "cannot be shipped now" in response.content.decode()
