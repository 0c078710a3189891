"""A parcel's last step: delivered. Its buyer says so on their order page ("I have received this
parcel"), or its producer does in the portal once the carrier's tracking shows it; only a shipped
parcel can be, only by its own buyer or producer. A delivered parcel is sold and fulfilled like a
shipped one, and can no more be cancelled alone."""
import pytest
from django.urls import reverse

from buying import in_english, order_for
from graphql_client import data, token_for
from marketplace.orders import fulfilment, refunds
from marketplace.orders.models import Carrier, ProducerShipment, ShipmentStatus
from marketplace.orders.placement import mark_paid
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def bought():
    """A shopper's paid order of two producers' products, each producer with its own user."""
    alice, bob, shopper = UserFactory(), UserFactory(), UserFactory()
    weaver = ProducerFactory(users=[alice], name_en="Weavers", province=province("TH-52"))
    tea_maker = ProducerFactory(users=[bob], name_en="Tea makers", province=province("TH-42"))
    order = order_for((certified_product(producer=weaver), 1), (certified_product(producer=tea_maker), 1),
                      country="TH", user=shopper, email=shopper.email)
    mark_paid(order)
    silk = ProducerShipment.objects.get(order=order, partner=weaver.partner)
    tea = ProducerShipment.objects.get(order=order, partner=tea_maker.partner)
    return dict(order=order, shopper=shopper, alice=alice, weaver=weaver, tea_maker=tea_maker, silk=silk, tea=tea)


def _received_url(order, shipment, prefix=""):
    return f"{prefix}/accounts/orders/{order.number}/parcels/{shipment.pk}/received/"


def _status(shipment):
    shipment.refresh_from_db()
    return shipment.status


@pytest.mark.parametrize("prefix, button, said, delivered", [
    ("", "ได้รับพัสดุนี้แล้ว", "ขอบคุณ", "ได้รับแล้ว"),
    ("/en", "I have received this parcel", "Thank you: the parcel is marked as received.", "Delivered"),
])
def test_the_buyer_says_a_shipped_parcel_arrived_on_their_order_page(client, bought, prefix, button, said, delivered):
    # given the silk shipped and the tea still to be shipped
    fulfilment.mark_shipped(bought["silk"], "EF123456789TH", Carrier.THAILAND_POST)
    client.force_login(bought["shopper"])
    page = client.get(f"{prefix}/accounts/orders/{bought['order'].number}/").content.decode()
    assert page.count(button) == page.count('class="parcel-received') == 1  # on the shipped parcel only

    # when the buyer says the silk arrived
    answer = client.post(_received_url(bought["order"], bought["silk"], prefix), follow=True)

    # then it is delivered, the page thanks them and says so, in their language, and has no button left
    shown = answer.content.decode()
    assert answer.redirect_chain[-1][0] == f"{prefix}/accounts/orders/{bought['order'].number}/"
    assert said in shown and delivered in shown and "parcel-received" not in shown
    assert _status(bought["silk"]) == ShipmentStatus.DELIVERED and bought["silk"].delivered_at is not None
    assert _status(bought["tea"]) == ShipmentStatus.TO_SHIP


def test_only_a_shipped_parcel_of_ones_own_order_can_be_marked_received(client, bought):
    # given the silk shipped
    fulfilment.mark_shipped(bought["silk"], "EF123456789TH", Carrier.THAILAND_POST)
    url = _received_url(bought["order"], bought["silk"], "/en")

    # when an anonymous visitor, another shopper and its producer's user post the buyer's form, and the
    # buyer does it for the parcel not shipped yet, and under another order's number
    anonymous = client.post(url)
    client.force_login(UserFactory())
    stranger = client.post(url)
    client.force_login(bought["alice"])
    producer = client.post(url)
    client.force_login(bought["shopper"])
    unshipped = client.post(_received_url(bought["order"], bought["tea"], "/en"), follow=True)
    other = order_for((certified_product(), 1), country="TH", user=bought["shopper"], email=bought["shopper"].email)
    wrong_order = client.post(_received_url(other, bought["silk"], "/en"))

    # then nobody else changed anything: sign-in asked, then 404s; the unshipped parcel is refused with why
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert stranger.status_code == producer.status_code == wrong_order.status_code == 404
    assert "This parcel cannot be marked delivered: it is To be shipped." in unshipped.content.decode()
    assert _status(bought["silk"]) == ShipmentStatus.SHIPPED and _status(bought["tea"]) == ShipmentStatus.TO_SHIP
    assert client.get(_received_url(bought["order"], bought["silk"], "/en")).status_code == 405  # a form's POST only


def test_a_producer_marks_its_own_shipped_parcel_delivered_and_no_other(client, bought):
    # given both parcels shipped
    for shipment in (bought["silk"], bought["tea"]):
        fulfilment.mark_shipped(shipment, "EF123456789TH", Carrier.KERRY)
    client.force_login(bought["alice"])

    def post(producer, shipment):
        url = reverse("otop_orders:shipment-detail", kwargs={"producer_slug": producer.slug, "pk": shipment.pk})
        return client.post("/en" + url, {"action": "delivered"}, follow=True)

    # when the weaver marks her parcel delivered, then the tea maker's through either slug
    own = post(bought["weaver"], bought["silk"])
    through_hers, through_his = post(bought["weaver"], bought["tea"]), post(bought["tea_maker"], bought["tea"])

    # then hers is delivered and the page says so; his is untouched and does not exist for her
    assert "Marked as delivered" in own.content.decode() and _status(bought["silk"]) == ShipmentStatus.DELIVERED
    assert through_hers.status_code == through_his.status_code == 404
    assert _status(bought["tea"]) == ShipmentStatus.SHIPPED


def test_marking_a_delivered_parcel_again_changes_nothing_and_a_cancelled_one_is_refused(bought):
    fulfilment.mark_shipped(bought["silk"], "EF123456789TH", Carrier.THAILAND_POST)
    first = fulfilment.mark_delivered(bought["silk"]).delivered_at

    again = fulfilment.mark_delivered(bought["silk"])

    assert again.status == ShipmentStatus.DELIVERED and again.delivered_at == first
    ProducerShipment.objects.filter(pk=bought["tea"].pk).update(status=ShipmentStatus.CANCELLED)
    with pytest.raises(fulfilment.FulfilmentError):
        fulfilment.mark_delivered(bought["tea"])


def test_a_delivered_parcel_counts_as_sent_for_refunds_and_the_api(bought):
    # given the silk delivered and the tea still to be shipped
    in_english()
    fulfilment.mark_shipped(bought["silk"], "EF123456789TH", Carrier.THAILAND_POST)
    fulfilment.mark_delivered(bought["silk"])
    token = token_for(bought["shopper"])

    def seen():
        orders = data("{ me { orders(first: 5) { edges { node { status fulfillments { id } } } } } }", token=token)
        return orders["me"]["orders"]["edges"][0]["node"]

    # then the silk can no more be refunded alone than a shipped parcel, nor the order as a whole;
    # the API shows the order partly fulfilled with one fulfilment, then fulfilled once the tea is delivered too
    bought["silk"].refresh_from_db()
    assert refunds._parcel_refusal(bought["order"], bought["silk"]).code == "SHIPPED"
    assert refunds.refusal(bought["order"]) is not None
    assert seen()["status"] == "PARTIALLY_FULFILLED" and len(seen()["fulfillments"]) == 1
    fulfilment.mark_shipped(bought["tea"], "EF1TH", Carrier.KERRY)
    fulfilment.mark_delivered(bought["tea"])
    assert seen()["status"] == "FULFILLED" and len(seen()["fulfillments"]) == 2


def test_the_producer_is_told_in_thai_when_the_buyer_says_its_parcel_arrived_and_only_then(client, bought):
    from django.core import mail

    from jobs_fixtures import run_enqueued
    from marketplace.orders import outbox

    order_email = "marketplace.orders.tasks.send_order_email"
    # given both parcels shipped (the buyer's shipped notices sent and set aside)
    for shipment in (bought["silk"], bought["tea"]):
        fulfilment.mark_shipped(shipment, "EF123456789TH", Carrier.THAILAND_POST)
    run_enqueued(order_email)
    mail.outbox.clear()

    # when the buyer says the silk arrived (twice), and the tea maker marks the tea delivered himself
    client.force_login(bought["shopper"])
    client.post(_received_url(bought["order"], bought["silk"], "/en"))
    client.post(_received_url(bought["order"], bought["silk"], "/en"))
    fulfilment.mark_delivered(bought["tea"])
    run_enqueued(order_email)

    # then the weavers have one e-mail, in Thai, naming the order and their own lines, with their parcel's
    # page; the tea maker, who said it himself, none
    [notice] = mail.outbox
    assert notice.to == outbox.producer_recipients(bought["weaver"].partner)
    assert notice.subject == f"ผู้ซื้อคำสั่งซื้อ {bought['order'].number} ได้รับพัสดุของคุณแล้ว"
    silk_line = bought["order"].lines.get(partner=bought["weaver"].partner)
    assert f"- {silk_line.title} × 1" in notice.body and notice.body.count(" × ") == 1  # the tea's line is not theirs
    assert f"/orders/{bought['silk'].pk}/" in notice.body
