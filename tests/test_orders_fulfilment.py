"""Producers see and ship only their own lines, in the producer portal (``/producer/<slug>/orders/``);
the shopper sees one order with each parcel's status, carrier and tracking number."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from buying import address, basket_with, in_english, order_for
from marketplace.orders.models import PendingEmail, ProducerShipment, ShipmentStatus
from marketplace.orders.outbox import send_pending_email
from marketplace.orders.placement import mark_paid, place_order
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


pytestmark = pytest.mark.django_db


def _list_url(producer):
    return reverse("otop_orders:shipment-list", kwargs={"producer_slug": producer.slug})


def _url(producer, shipment):
    return reverse("otop_orders:shipment-detail", kwargs={"producer_slug": producer.slug, "pk": shipment.pk})


@pytest.fixture
def two_producer_order():
    alice, bob = UserFactory(), UserFactory()
    # namesakes in two provinces: the name never decides whose parcel it is
    weaver = ProducerFactory(users=[alice], name_th="กลุ่มบ้านนา", name_en="Ban Na Group", province=province("TH-52"))
    tea_maker = ProducerFactory(users=[bob], name_th="กลุ่มบ้านนา", name_en="Ban Na Group", province=province("TH-42"))
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
    listing = client.get(_list_url(o["weaver"]))
    detail = client.get(_url(o["weaver"], own))
    foreign = client.get(_url(o["weaver"], other))

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
    through_her_slug = client.post(_url(o["weaver"], other), {"carrier": "kerry", "tracking_number": "EF123456789TH"})
    through_his_slug = client.post(_url(o["tea_maker"], other), {"carrier": "kerry", "tracking_number": "EF1TH"})

    # then
    other.refresh_from_db()
    assert through_her_slug.status_code == 404 and through_his_slug.status_code == 404
    assert other.status == ShipmentStatus.TO_SHIP and other.tracking_number == "" and other.carrier == ""


def test_shipping_a_parcel_shows_on_the_shoppers_order_per_producer(client, two_producer_order):
    # given bob ships his tea
    o = two_producer_order
    own = ProducerShipment.objects.get(order=o["order"], partner=o["tea_maker"].partner)
    client.force_login(o["bob"])
    client.post(_url(o["tea_maker"], own), {"carrier": "thailand_post", "tracking_number": "EF123456789TH"})

    # when the shopper opens the order
    client.force_login(o["shopper"])
    page = client.get(reverse("customer:order", kwargs={"order_number": o["order"].number}))

    # then one order, the tea parcel shipped with its tracking number, the silk parcel still to ship
    statuses = {s.partner_id: s.status for s in o["order"].producer_shipments.all()}
    assert statuses == {o["tea_maker"].partner_id: ShipmentStatus.SHIPPED, o["weaver"].partner_id: ShipmentStatus.TO_SHIP}
    html = page.content.decode()
    assert page.status_code == 200
    assert "EF123456789TH" in html and "Thailand Post" in html
    assert str(ShipmentStatus.SHIPPED.label) in html and str(ShipmentStatus.TO_SHIP.label) in html


def test_a_parcel_cannot_be_shipped_before_payment_or_without_tracking(client, two_producer_order):
    o = two_producer_order
    own = ProducerShipment.objects.get(order=o["order"], partner=o["weaver"].partner)
    client.force_login(o["alice"])

    no_tracking = client.post(_url(o["weaver"], own), {"carrier": "flash", "tracking_number": "  "}, follow=True)
    no_carrier = client.post(_url(o["weaver"], own), {"carrier": "pigeon", "tracking_number": "TH1"}, follow=True)
    own.refresh_from_db()
    assert own.status == ShipmentStatus.TO_SHIP
    assert "Enter the tracking number" in no_tracking.content.decode()
    assert "Choose the carrier" in no_carrier.content.decode()
    too_long = client.post(_url(o["weaver"], own), {"carrier": "flash", "tracking_number": "9" * 65}, follow=True)
    assert "at most 64 characters" in too_long.content.decode()

    ProducerShipment.objects.filter(pk=own.pk).update(status=ShipmentStatus.AWAITING_PAYMENT)
    response = client.post(_url(o["weaver"], own), {"carrier": "flash", "tracking_number": "EF1TH"}, follow=True)
    own.refresh_from_db()
    assert own.status == ShipmentStatus.AWAITING_PAYMENT
    assert "cannot be shipped now" in response.content.decode()


def test_a_producer_ships_with_carrier_and_tracking_number(client, two_producer_order):
    # given
    o = two_producer_order
    own = ProducerShipment.objects.get(order=o["order"], partner=o["weaver"].partner)
    client.force_login(o["alice"])

    # when she chooses the carrier and types the tracking number
    page = client.get(_url(o["weaver"], own)).content.decode()
    response = client.post(_url(o["weaver"], own), {"carrier": "flash", "tracking_number": " TH0123456789 "},
                           follow=True)

    # then the form offered Thai carriers, and the parcel is shipped with both
    assert 'value="thailand_post"' in page and 'value="other"' in page
    own.refresh_from_db()
    assert (own.status, own.carrier, own.tracking_number) == (ShipmentStatus.SHIPPED, "flash", "TH0123456789")
    assert own.shipped_at is not None
    assert "Flash Express TH0123456789" in response.content.decode()
    # and she is told it is done
    assert "Marked as shipped: the buyer is e-mailed Flash Express TH0123456789 and sees it on their order." in response.content.decode()


def test_another_producers_orders_pages_are_not_found(client, two_producer_order):
    # given alice acts for the weaver only
    o = two_producer_order
    other = ProducerShipment.objects.get(order=o["order"], partner=o["tea_maker"].partner)
    client.force_login(o["alice"])

    # when she asks for the tea maker's pages by its slug
    pages = [client.get(_list_url(o["tea_maker"])), client.get(_url(o["tea_maker"], other))]

    # then they do not exist for her, and nothing of the tea maker's shows
    assert [page.status_code for page in pages] == [404, 404]
    assert not any("ชาใบหม่อน" in page.content.decode() for page in pages)


def test_the_orders_list_costs_the_same_for_one_parcel_and_many(client, two_producer_order,
                                                                 django_assert_max_num_queries):
    # given the list of one parcel, and what it cost
    o = two_producer_order
    client.force_login(o["alice"])
    with CaptureQueriesContext(connection) as one_parcel:
        client.get(_list_url(o["weaver"]))
    silk = o["order"].lines.get(partner=o["weaver"].partner).product
    for _ in range(5):
        mark_paid(order_for((silk, 1), country="TH", email="more@example.com"))

    # when the list holds six, it costs no more
    with django_assert_max_num_queries(len(one_parcel)):
        response = client.get(_list_url(o["weaver"]))
    assert len(response.context["shipments"]) == 6


def test_the_old_orders_address_leads_to_the_portal(client, two_producer_order):
    # given
    o = two_producer_order
    own = ProducerShipment.objects.get(order=o["order"], partner=o["weaver"].partner)
    other = ProducerShipment.objects.get(order=o["order"], partner=o["tea_maker"].partner)
    client.force_login(o["alice"])

    # when she follows an old link to the list, to her parcel and to another producer's
    listing = client.get("/en/producer/orders/")
    detail = client.get(f"/en/producer/orders/{own.pk}/")
    foreign = client.get(f"/en/producer/orders/{other.pk}/")

    # then the portal's pages of her producer, and no trace of the other one
    assert listing.status_code == 302 and listing["Location"] == _list_url(o["weaver"])
    assert detail.status_code == 302 and detail["Location"] == _url(o["weaver"], own)
    assert foreign.status_code == 404


def test_the_producers_notice_links_to_its_parcel_in_the_portal(rf, mailoutbox, two_producer_order):
    # given an order placed through a request (the storefront's checkout)
    o = two_producer_order
    silk = o["order"].lines.get(partner=o["weaver"].partner).product
    o["weaver"].partner.users.update(email="alice@village.example")
    order = place_order(basket_with((silk, 2)), shipping_address=address("TH"), email="s@example.com",
                        request=rf.get("/checkout/"))

    # when the worker's job body sends the weaver's notice
    pending = PendingEmail.objects.get(order=order, partner=o["weaver"].partner)
    assert send_pending_email(pending.pk)

    # then it lists her line and links to her parcel's page in the portal (Thai: no language prefix)
    parcel = order.producer_shipments.get(partner=o["weaver"].partner)
    [message] = [m for m in mailoutbox if "alice@village.example" in m.to]
    assert "× 2" in message.body
    with translation.override("th"):
        assert "http://testserver" + _url(o["weaver"], parcel) in message.body


def test_the_old_orders_address_leads_a_user_of_several_producers_to_the_chooser(client, two_producer_order):
    o = two_producer_order
    o["tea_maker"].partner.users.add(o["alice"])
    client.force_login(o["alice"])

    response = client.get("/en/producer/orders/")

    assert response.status_code == 302 and response["Location"] == reverse("portal:chooser")


def test_the_orders_list_names_the_day_placed_without_ambiguity(client, two_producer_order):
    # given an order placed on 5 December (which 12/05 would leave to guess: 12 May or 5 December?)
    o = two_producer_order
    Order = o["order"].__class__
    Order.objects.filter(pk=o["order"].pk).update(
        date_placed=timezone.make_aware(datetime.datetime(2026, 12, 5, 11, 4)))
    client.force_login(o["alice"])

    # when the producer opens its orders, in English and in Thai
    english = client.get(f"/en/producer/{o['weaver'].slug}/orders/").content.decode()
    thai = client.get(f"/producer/{o['weaver'].slug}/orders/").content.decode()

    # then the month is named
    assert "5 Dec 2026 11:04" in english and "12/05/2026" not in english
    assert "5 ธ.ค. 2569 11:04" in thai  # (the Buddhist Era year on Thai pages)
