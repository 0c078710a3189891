"""When a producer hands its parcel to a carrier, the buyer is told by e-mail: which producer, which
of their items, the carrier and the tracking number, and the link to their order's page (a guest's
signed status link), in the language they ordered in. The notice is owed in the transaction that
marks the parcel shipped: a refused or rolled-back shipping mails nobody. On the guest's status page,
as on a signed-in buyer's, a shipped parcel can be marked received; only with the page's signed link
and the e-mail address the guest gave, and only that order's parcels."""
import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from buying import in_english, order_for
from jobs_fixtures import job_rows, run_enqueued
from marketplace.orders import fulfilment
from marketplace.orders.models import Carrier, PendingEmail, ProducerShipment, ShipmentStatus
from marketplace.orders.placement import mark_paid
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db
ORDER_EMAIL = "marketplace.orders.tasks.send_order_email"


def _two_producers_order(user=None, email="buyer@example.com", weavers="กลุ่มทอผ้าบ้านดอน"):
    weaver = ProducerFactory(name_th=weavers, name_en="Ban Don Weavers", province=province("TH-52"))
    tea_maker = ProducerFactory(name_en="Tea makers", province=province("TH-42"))
    silk = certified_product(producer=weaver)
    tea = certified_product(producer=tea_maker, name_th="ชาอู่หลงดอยแม่สลอง", name_en="Doi Mae Salong oolong tea")
    order = order_for((silk, 1), (tea, 2), country="TH", user=user, email=email)
    mark_paid(order)
    run_enqueued(ORDER_EMAIL)  # the confirmation and the producers' new-order notices
    mail.outbox.clear()
    parcels = {p.partner_id: p for p in ProducerShipment.objects.filter(order=order)}
    return order, parcels[weaver.partner_id], parcels[tea_maker.partner_id], silk, tea


def _notices():
    return PendingEmail.objects.filter(kind=PendingEmail.PARCEL_SHIPPED)


def test_a_signed_in_buyer_is_mailed_the_carrier_and_tracking_number_of_the_parcel_shipped():
    # given a shopper's order of two producers' products, placed in English
    in_english()
    shopper = UserFactory(email="buyer@example.com")
    order, silk_parcel, tea_parcel, silk, tea = _two_producers_order(user=shopper)

    # when the weavers ship their parcel and the job sends what is owed
    translation.activate("th")  # (the producer's portal is in Thai: the buyer's notice is not)
    fulfilment.mark_shipped(silk_parcel, "EF123456789TH", Carrier.THAILAND_POST)
    run_enqueued(ORDER_EMAIL)

    # then the buyer has one e-mail, in English, naming the weavers, the silk only, the carrier, the
    # tracking number and the link to their order's page
    [message] = mail.outbox
    assert message.to == ["buyer@example.com"]
    assert message.subject == f"Your parcel from Ban Don Weavers is on its way (order {order.number})"
    assert silk.get_title() in message.body and tea.get_title() not in message.body
    assert "Carrier: Thailand Post" in message.body and "Tracking number: EF123456789TH" in message.body
    assert f"/accounts/orders/{order.number}/" in message.body
    assert "When the parcel arrives, you can say so on that page." in message.body
    # and the tea maker's parcel, still to ship, has told nobody anything
    assert _notices().count() == 1 and _notices().get().partner_id == silk_parcel.partner_id


def test_a_guest_is_mailed_in_thai_with_their_signed_status_link():
    # given a guest's order placed in Thai
    translation.activate("th")
    order, silk_parcel, tea_parcel, silk, tea = _two_producers_order(email="guest@example.com")

    # when both producers ship, one after the other
    fulfilment.mark_shipped(silk_parcel, "EF123456789TH", Carrier.THAILAND_POST)
    in_english()  # (whoever runs the job, the notice is in the order's language)
    fulfilment.mark_shipped(tea_parcel, "KEX0001", Carrier.KERRY)
    run_enqueued(ORDER_EMAIL)

    # then the guest has one Thai e-mail per parcel, each with its own carrier and tracking number,
    # each linking to the guest's signed order status page
    by_tracking = {("EF123456789TH" in m.body, "KEX0001" in m.body): m for m in mail.outbox}
    assert set(by_tracking) == {(True, False), (False, True)} and len(mail.outbox) == 2
    silk_mail, tea_mail = by_tracking[(True, False)], by_tracking[(False, True)]
    assert silk_mail.subject == f"พัสดุจาก กลุ่มทอผ้าบ้านดอน กำลังเดินทางไปหาคุณ (คำสั่งซื้อ {order.number})"
    assert "ขนส่งโดย: ไปรษณีย์ไทย" in silk_mail.body and "ขนส่งโดย: เคอรี่ เอ็กซ์เพรส (KEX)" in tea_mail.body
    assert "เลขพัสดุ: KEX0001" in tea_mail.body
    with translation.override("th"):  # the page in the guest's language
        status_path = reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})
    assert status_path.startswith("/accounts/order-status/") and status_path in silk_mail.body and status_path in tea_mail.body
    assert tea.get_title() in tea_mail.body and silk.get_title() not in tea_mail.body


def test_a_refused_or_rolled_back_shipping_mails_nobody():
    order, silk_parcel, tea_parcel, silk, tea = _two_producers_order()

    # when a shipping is refused (no tracking number), and another is rolled back after it was marked
    with pytest.raises(fulfilment.FulfilmentError):
        fulfilment.mark_shipped(silk_parcel, "  ", Carrier.THAILAND_POST)
    with pytest.raises(RuntimeError), transaction.atomic():
        fulfilment.mark_shipped(tea_parcel, "KEX0001", Carrier.KERRY)
        raise RuntimeError("the request failed after marking")

    # then nothing is owed, no job waits and nobody is mailed
    assert not _notices().exists() and not [j for j in job_rows(ORDER_EMAIL) if j["status"] == "todo"]
    run_enqueued(ORDER_EMAIL)
    assert mail.outbox == []
    # and shipping the same parcel twice owes the buyer one notice, not two
    fulfilment.mark_shipped(silk_parcel, "EF123456789TH", Carrier.THAILAND_POST)
    with pytest.raises(fulfilment.FulfilmentError):
        fulfilment.mark_shipped(silk_parcel, "EF123456789TH", Carrier.THAILAND_POST)
    run_enqueued(ORDER_EMAIL)
    assert len(mail.outbox) == 1 and _notices().count() == 1


def _status_page(order):
    with translation.override("en"):
        return reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})


def _guest_received_url(order, parcel, hash_=None):
    with translation.override("en"):
        return reverse("otop-guest-parcel-received", kwargs={
            "order_number": order.number, "hash": hash_ or order.verification_hash(), "pk": parcel.pk})


def _as_guest(client, email):
    session = client.session
    session["anon_order_email"] = email  # what Oscar's form on the status page keeps once the guest gave it
    session.save()


def test_a_guest_marks_a_shipped_parcel_received_on_their_order_status_page(client):
    # given a guest's order whose silk is shipped, the guest on its status page
    order, silk_parcel, tea_parcel, silk, tea = _two_producers_order(email="guest@example.com")
    fulfilment.mark_shipped(silk_parcel, "EF123456789TH", Carrier.THAILAND_POST)
    _as_guest(client, "guest@example.com")
    page = client.get(_status_page(order)).content.decode()
    assert page.count("I have received this parcel") == 1
    assert _guest_received_url(order, silk_parcel) in page

    # when the guest says it arrived
    answer = client.post(_guest_received_url(order, silk_parcel), follow=True)

    # then it is delivered, and the status page thanks them without a button left
    shown = answer.content.decode()
    assert answer.redirect_chain[-1][0] == _status_page(order)
    assert "Thank you: the parcel is marked as received." in shown and "parcel-received" not in shown
    silk_parcel.refresh_from_db()
    assert silk_parcel.status == ShipmentStatus.DELIVERED


def test_only_the_guest_with_the_link_and_their_address_marks_only_that_orders_parcels(client):
    order, silk_parcel, tea_parcel, silk, tea = _two_producers_order(email="guest@example.com")
    other, other_silk, *_ = _two_producers_order(email="guest@example.com", weavers="กลุ่มทอผ้าบ้านเหนือ")
    for parcel in (silk_parcel, other_silk):
        fulfilment.mark_shipped(parcel, "EF123456789TH", Carrier.THAILAND_POST)
    url = _guest_received_url(order, silk_parcel)

    # when posted by someone with the link but without the address, with another address, with the
    # link of another order, for another order's parcel under this link, and for a parcel not shipped
    no_address = client.post(url)
    _as_guest(client, "someone@example.com")
    wrong_address = client.post(url)
    _as_guest(client, "guest@example.com")
    forged = client.post(_guest_received_url(order, silk_parcel, hash_=other.verification_hash()))
    elsewhere = client.post(_guest_received_url(order, other_silk))
    unshipped = client.post(_guest_received_url(order, tea_parcel), follow=True)

    # then nothing changed: 404s, and the unshipped parcel refused with why
    assert no_address.status_code == wrong_address.status_code == forged.status_code == elsewhere.status_code == 404
    assert "This parcel cannot be marked delivered: it is To be shipped." in unshipped.content.decode()
    for parcel, status in ((silk_parcel, "shipped"), (other_silk, "shipped"), (tea_parcel, "to_ship")):
        parcel.refresh_from_db()
        assert parcel.status == status
    # and a signed-in shopper's order is not reachable this way at all
    shopper = UserFactory(email="guest@example.com")
    theirs, their_silk, *_ = _two_producers_order(user=shopper, email="guest@example.com", weavers="กลุ่มทอผ้าบ้านใต้")
    fulfilment.mark_shipped(their_silk, "EF1TH", Carrier.KERRY)
    assert client.post(_guest_received_url(theirs, their_silk)).status_code == 404
