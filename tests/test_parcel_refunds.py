"""Staff refund one producer's parcel of a paid card order when that producer cannot deliver and the
rest of the order still goes: its items and its shipping go back to the card (localstripe), by a job
of the committed refund with its own idempotency key; the parcel is cancelled, its stock back on
sale, its producer told not to ship it, the buyer mailed once in the order's language; the other
parcels and the order stay paid and to ship. Refunded later as a whole, the order gives back only
what is left. What may not be refunded alone is refused with the reason."""
import html
import re
import threading
import time
from urllib.parse import parse_qs

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client

from graphql_client import data, token_for
from jobs_fixtures import job_rows, run_enqueued
from marketplace.catalog.stock import quantity_available
from marketplace.orders import fulfilment, outbox, refunds
from marketplace.orders.models import Carrier, ProducerShipment, ShipmentStatus
from marketplace.orders.placement import STATUS_PAID, STATUS_REFUNDED
from marketplace.testing.factories import UserFactory, certified_product
from test_order_refunds import (ORDER_EMAIL, REFUND_JOB, _ask_refund, _charge_at_stripe, _mailed_to, _messages,
                                _page, _paid_card_order, _refund_requests, _two_producers_order)

pytestmark = pytest.mark.django_db
PARCEL_JOB = "marketplace.orders.tasks.refund_parcel"


def _parcel_of(order, product):
    return order.producer_shipments.get(partner=product.stockrecords.get().partner)


def _ask_parcel_refund(client, order, parcel, confirm="yes"):
    return client.post(_page(order.number), {"order_action": "refund_parcel", "parcel": str(parcel.pk),
                                              "confirm": confirm}, follow=True)


def _parcels_read_by(buyer, order):
    """Each parcel's status on the buyer's English order page, by the name of its item."""
    client = Client()
    client.force_login(buyer)
    page = client.get(f"/en/accounts/orders/{order.number}/").content.decode()
    table = page[page.index('id="order-shipments"'):page.index("</table>", page.index('id="order-shipments"'))]
    rows = re.findall(r"<td>([^<]*?) × \d+<br>.*?class=\"shipment-status\">([^<]*)</td>", table, re.S)
    return {html.unescape(item.strip()): html.unescape(status.strip()) for item, status in rows}


def _amount_asked(request):
    body = request["body"]
    return parse_qs(body.decode() if isinstance(body, bytes) else body or "").get("amount", [None])[0]


def _satang(amount):
    return int(amount * 100)


def test_staff_refund_one_producer_s_parcel_and_the_rest_of_the_order_still_goes(superuser, client,
                                                                                 stripe_requests):
    # given a paid card order of two producers' parcels (silk ×2, a basket ×1), each with its shipping
    buyer = UserFactory(email="buyer@example.com")
    order, payment, silk, baskets = _two_producers_order(language="en", user=buyer)
    basket_parcel, silk_parcel = _parcel_of(order, baskets), _parcel_of(order, silk)
    basket_line = order.lines.get(partner=basket_parcel.partner)
    expected = basket_line.line_price_incl_tax + basket_parcel.shipping_charge
    assert basket_parcel.shipping_charge > 0 and expected < order.total_incl_tax

    # when staff open the order's page, then refund the basket maker's parcel from it
    page = client.get(_page(order.number)).content.decode()
    response = _ask_parcel_refund(client, order, basket_parcel)

    # then the page offered each parcel with what goes back, and says the parcel is being refunded
    assert f'id="refund_parcel_{basket_parcel.pk}"' in page and f'id="refund_parcel_{silk_parcel.pk}"' in page
    assert f"{expected:,.2f}" in page
    assert any("parcel of order" in message and "being refunded" in message for message in _messages(response))
    # and at once: that parcel is cancelled and its stock back on sale; the silk still goes; the order
    # is still paid; nothing asked of Stripe and nobody mailed inside the request
    basket_parcel.refresh_from_db()
    silk_parcel.refresh_from_db()
    order.refresh_from_db()
    assert (basket_parcel.status, silk_parcel.status) == (ShipmentStatus.CANCELLED, ShipmentStatus.TO_SHIP)
    assert (quantity_available(silk), quantity_available(baskets)) == (3, 5)
    assert order.status == STATUS_PAID and basket_parcel.refund_amount == expected
    assert not _refund_requests(stripe_requests) and mail.outbox == []
    assert order.notes.get().user == superuser
    assert _parcels_read_by(buyer, order) == {"Bamboo basket": "Cancelled, refund under way",
                                              "Lamphun brocade silk": "To be shipped"}

    # when the worker runs the parcel's refund job, then the e-mails
    assert run_enqueued(PARCEL_JOB) == 1
    assert run_enqueued(ORDER_EMAIL) == 2  # the basket maker's notice not to ship, the buyer's

    # then Stripe gave back the parcel's items and shipping, once, with an idempotency key
    charge = _charge_at_stripe(payment)
    assert charge.amount_refunded == _satang(expected) and not charge.refunded
    [refund_request] = _refund_requests(stripe_requests)
    assert refund_request["headers"]["Idempotency-Key"]
    payment.refresh_from_db()
    assert payment.status == "partially_refunded"
    # and the buyer is told which items and how much; the basket maker not to ship; the weavers nothing
    [message] = _mailed_to("buyer@example.com")
    assert message.subject == f"Part of your order {order.number} has been refunded"
    assert baskets.get_title() in message.body and silk.get_title() not in message.body
    assert f"{expected:,.2f}" in message.body and "still on its way" in message.body
    [notice] = [sent for sent in mail.outbox if sent.to == outbox.producer_recipients(basket_parcel.partner)]
    assert notice.subject == f"พัสดุของคุณในคำสั่งซื้อ {order.number} ถูกยกเลิก: อย่าจัดส่ง"
    assert not [sent for sent in mail.outbox if sent.to == outbox.producer_recipients(silk_parcel.partner)]
    # and their order page says so beside the parcel; the API that the payment is partly refunded
    assert _parcels_read_by(buyer, order) == {"Bamboo basket": "Cancelled and refunded",
                                              "Lamphun brocade silk": "To be shipped"}
    me = data("{ me { orders(first: 5) { edges { node { status paymentStatus isPaid totalRefunded { amount } "
              "totalCaptured { amount } totalBalance { amount } } } } } }", token=token_for(buyer))["me"]
    assert me["orders"]["edges"] == [{"node": {
        "status": "UNFULFILLED", "paymentStatus": "PARTIALLY_REFUNDED", "isPaid": True,
        "totalRefunded": {"amount": float(expected)}, "totalCaptured": {"amount": float(order.total_incl_tax - expected)},
        "totalBalance": {"amount": -float(expected)}}}]

    # when the job runs again (a worker died after Stripe answered), nothing more is refunded or mailed
    refunds.give_back_parcel(basket_parcel.pk)
    run_enqueued(ORDER_EMAIL)
    assert len(_refund_requests(stripe_requests)) == 1 and len(mail.outbox) == 2
    assert _charge_at_stripe(payment).amount_refunded == _satang(expected)


def test_the_order_refunded_afterwards_gives_back_only_what_is_left(superuser, client, stripe_requests):
    # given an order whose basket parcel was refunded alone
    order, payment, silk, baskets = _two_producers_order()
    refunds.refund_parcel(order, _parcel_of(order, baskets), by=superuser)
    run_enqueued(PARCEL_JOB)
    run_enqueued(ORDER_EMAIL)
    mail.outbox.clear()
    rest = order.total_incl_tax - _parcel_of(order, baskets).refund_amount

    # when staff then refund the whole order (the weavers cannot deliver either)
    page = client.get(_page(order.number)).content.decode()
    _ask_refund(client, order)
    assert run_enqueued(REFUND_JOB, order_id=order.pk) == 1
    run_enqueued(ORDER_EMAIL)

    # then the page offered what is left, Stripe gave back exactly the rest, the whole charge is refunded
    # once, the basket's stock was not released twice, and the buyer's e-mail names the rest
    assert f"{rest:,.2f}" in page
    charge = _charge_at_stripe(payment)
    assert charge.refunded and charge.amount_refunded == _satang(order.total_incl_tax)
    assert [_amount_asked(request) for request in _refund_requests(stripe_requests)] == [
        str(_satang(order.total_incl_tax - rest)), str(_satang(rest))]
    assert (quantity_available(silk), quantity_available(baskets)) == (5, 5)
    order.refresh_from_db()
    assert order.status == STATUS_REFUNDED
    [message] = _mailed_to("buyer@example.com")
    assert f"{rest:,.2f}" in message.body and f"{order.total_incl_tax:,.2f}" not in message.body
    # and the weavers' notice says the order is cancelled (no parcel of it goes on)
    [notice] = [sent for sent in mail.outbox if sent.to == outbox.producer_recipients(_parcel_of(order, silk).partner)]
    assert notice.subject == f"คำสั่งซื้อ {order.number} ถูกยกเลิก: อย่าจัดส่ง"


def test_a_parcel_refund_rolled_back_changes_nothing_asks_stripe_nothing_and_mails_nobody(stripe_requests):
    order, payment, silk, baskets = _two_producers_order()
    parcel = _parcel_of(order, baskets)

    with pytest.raises(RuntimeError), transaction.atomic():
        refunds.refund_parcel(order, parcel, by=UserFactory(is_staff=True))
        raise RuntimeError("the database went away before the commit")

    assert run_enqueued(PARCEL_JOB) == 0 and run_enqueued(ORDER_EMAIL) == 0
    parcel.refresh_from_db()
    assert (parcel.status, parcel.refund_amount) == (ShipmentStatus.TO_SHIP, None)
    assert quantity_available(baskets) == 4
    assert not _refund_requests(stripe_requests) and _charge_at_stripe(payment).amount_refunded == 0


def test_the_thai_buyer_is_told_in_thai(stripe_keys):
    shopper = UserFactory(email="somsri@example.com")
    silk = certified_product(num_in_stock=3, price="350.00")
    baskets = certified_product(num_in_stock=3, price="120.00", name_th="ตะกร้าไม้ไผ่", name_en="Bamboo basket")
    order, _payment = _paid_card_order((silk, 1), (baskets, 1), email=shopper.email, user=shopper, language="th")

    refunds.refund_parcel(order, _parcel_of(order, baskets), by=UserFactory(is_staff=True))
    run_enqueued(PARCEL_JOB)
    run_enqueued(ORDER_EMAIL)

    [message] = _mailed_to(shopper.email)
    assert message.subject == f"คืนเงินบางส่วนของคำสั่งซื้อ {order.number} แล้ว"
    assert "ตะกร้าไม้ไผ่" in message.body


@pytest.mark.parametrize("case, says", [
    ("shipped", "This parcel has already been shipped"),
    ("cancelled", "This parcel is not waiting to be shipped"),
    ("last parcel", "This is the only parcel of the order still to be delivered: refund the whole order instead."),
    ("another order's parcel", "This order has no such parcel."),
    ("not ticked", "Tick the box to confirm the refund."),
])
def test_a_parcel_that_may_not_be_refunded_alone_is_refused_and_nothing_changes(superuser, client, stripe_requests,
                                                                                case, says):
    order, payment, silk, baskets = _two_producers_order()
    parcel = _parcel_of(order, baskets)
    if case == "shipped":
        fulfilment.mark_shipped(parcel, "EF123456789TH", Carrier.THAILAND_POST)
    elif case == "cancelled":
        refunds.refund_parcel(order, parcel, by=superuser)
        run_enqueued(PARCEL_JOB)
    elif case == "last parcel":
        refunds.refund_parcel(order, _parcel_of(order, silk), by=superuser)  # the other parcel went first
        run_enqueued(PARCEL_JOB)
    elif case == "another order's parcel":
        other, _other_payment, _silk, other_baskets = _two_producers_order()
        parcel = _parcel_of(other, other_baskets)
    before = (sorted(order.producer_shipments.values_list("pk", "status", "refund_amount")),
              quantity_available(silk), quantity_available(baskets), len(_refund_requests(stripe_requests)))

    page = client.get(_page(order.number)).content.decode()
    response = _ask_parcel_refund(client, order, parcel, confirm="" if case == "not ticked" else "yes")

    assert any(says in message for message in _messages(response)), _messages(response)
    if case != "not ticked":
        assert f'id="refund_parcel_{parcel.pk}"' not in page
    run_enqueued(PARCEL_JOB)
    assert (sorted(order.producer_shipments.values_list("pk", "status", "refund_amount")),
            quantity_available(silk), quantity_available(baskets), len(_refund_requests(stripe_requests))) == before


def test_only_staff_may_refund_a_parcel(stripe_keys):
    order, _payment, _silk, baskets = _two_producers_order()
    parcel = _parcel_of(order, baskets)
    producer_user = UserFactory()
    parcel.partner.users.add(producer_user)

    for user in (None, producer_user, order.user or UserFactory()):
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.post(_page(order.number), {"order_action": "refund_parcel", "parcel": str(parcel.pk),
                                                     "confirm": "yes"})
        assert response.status_code in (302, 403)

    parcel.refresh_from_db()
    assert (parcel.status, parcel.refund_amount) == (ShipmentStatus.TO_SHIP, None) and not job_rows(PARCEL_JOB)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded rows outlive its flush
@pytest.mark.parametrize("refund", ["the parcel", "the whole order"])
def test_a_refund_asked_while_the_producer_marks_the_parcel_shipped_waits_and_is_refused(stripe_keys, refund):
    # given a paid order whose basket maker is, at this moment, marking its parcel shipped (the row locked
    # as fulfilment.mark_shipped locks it, not committed yet)
    order, payment, silk, baskets = _two_producers_order()
    parcel = _parcel_of(order, baskets)
    locked, done = threading.Event(), threading.Event()

    def producer_ships():
        try:
            with transaction.atomic():
                row = ProducerShipment.objects.select_for_update().get(pk=parcel.pk)
                row.status = ShipmentStatus.SHIPPED
                row.save(update_fields=["status"])
                locked.set()
                time.sleep(1.5)  # staff's refund arrives meanwhile
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=producer_ships)
    thread.start()
    assert locked.wait(10)

    # when staff refund the parcel, or the whole order, at that moment
    with pytest.raises(refunds.RefundRefused) as refused:
        if refund == "the parcel":
            refunds.refund_parcel(order, parcel, by=UserFactory(is_staff=True))
        else:
            refunds.refund(order, by=UserFactory(is_staff=True))
    thread.join(10)

    # then the refund waited for the producer and was refused: the parcel stays shipped, nothing refunded
    assert done.is_set() and refused.value.code == "SHIPPED"
    parcel.refresh_from_db()
    assert (parcel.status, parcel.refund_amount) == (ShipmentStatus.SHIPPED, None)
    assert quantity_available(baskets) == 4 and not job_rows(PARCEL_JOB) and not job_rows(REFUND_JOB)
