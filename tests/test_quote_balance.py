"""After an accepted quote's deposit, the balance: staff record it when the bank transfer arrives,
the order is then paid and its producer may ship; until then the parcel says what the order waits
for (the deposit, then the balance) on the buyer's and the producer's pages, in their language."""
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from django.core import mail

from buying import in_english
from jobs_fixtures import run_enqueued
from marketplace.orders.models import ProducerShipment, ShipmentStatus
from marketplace.payments.models import PaymentProblem
from marketplace.quote_orders import deposits
from marketplace.quotes import acceptance
from marketplace.testing.factories import UserFactory
from quoting import quoted_silk_and_crackers, trade_buyer
from stripe_fixtures import as_browser_pay, stripe_reports

pytestmark = pytest.mark.django_db
ORDER_EMAIL = "marketplace.orders.tasks.send_order_email"


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _parcel_status(page):
    return page.split('class="shipment-status">')[1].split("<")[0]


def _pages(client, link, buyer, producer_user):
    client.force_login(buyer)
    buyers = client.get(f"/en/accounts/orders/{link.order.number}/").content.decode()
    client.force_login(producer_user)
    shipment = ProducerShipment.objects.get(order=link.order)
    producer = link.quote.producer
    producers = client.get(reverse("otop_orders:shipment-detail",
                                   kwargs={"producer_slug": producer.slug, "pk": shipment.pk})).content.decode()
    return _parcel_status(buyers), _parcel_status(producers)


def _admin_action(client, link, action):
    return client.post("/admin/quote_orders/quoteorder/", {"action": action, "_selected_action": [link.pk]},
                       follow=True).content.decode()


def test_the_parcel_waits_for_the_deposit_then_the_balance_and_ships_once_staff_record_it(client):
    # given an accepted quote (30 % deposit) and a staff member
    quote, buyer, producer_user = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    staff = UserFactory(is_staff=True, is_superuser=True)

    # then, before the deposit, the buyer's and the producer's pages say the parcel waits for it
    assert _pages(client, link, buyer, producer_user) == ("Awaiting deposit", "Awaiting deposit")
    # and the balance cannot be recorded before the deposit
    client.force_login(staff)
    refused = _admin_action(client, link, "record_balance_by_bank_transfer")
    assert f"ยังไม่ได้ชำระเงินมัดจำของคำสั่งซื้อ {link.order.number}: บันทึกเงินมัดจำก่อน" in refused  # the admin is Thai
    link.refresh_from_db()
    assert link.balance_paid_at is None

    # when the deposit arrives by bank transfer
    _admin_action(client, link, "record_deposit_by_bank_transfer")
    # then the parcel waits for the balance, and the producer cannot ship yet
    assert _pages(client, link, buyer, producer_user) == ("Deposit paid, awaiting the balance",) * 2
    shipment = ProducerShipment.objects.get(order=link.order)
    url = reverse("otop_orders:shipment-detail", kwargs={"producer_slug": quote.producer.slug, "pk": shipment.pk})
    client.post(url, {"carrier": "flash", "tracking_number": "TH1"})
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.AWAITING_PAYMENT

    # when staff record the balance
    client.force_login(staff)
    done = _admin_action(client, link, "record_balance_by_bank_transfer")
    # then the order is paid, who recorded it is kept, and the producer ships
    assert f"บันทึกเงินส่วนที่เหลือของคำสั่งซื้อ {link.order.number} แล้ว: คำสั่งซื้อชำระครบและผู้ผลิตจัดส่งได้" in done
    link.refresh_from_db()
    assert (link.order.status, link.balance_recorded_by) == ("Paid", staff)
    assert _pages(client, link, buyer, producer_user) == ("To be shipped", "To be shipped")
    # and the producer is told, in Thai, that it may ship (once: recording is refused a second time)
    run_enqueued(ORDER_EMAIL)
    [notice] = [sent for sent in mail.outbox if sent.subject == f"คำสั่งซื้อ {link.order.number} ชำระครบแล้ว: จัดส่งได้"]
    assert set(notice.to) == {"weavers@example.com", producer_user.email}
    assert "ผ้าไหมมัดหมี่ลำพูน" in notice.body and f"/producer/{quote.producer.slug}/orders/" in notice.body
    client.post(url, {"carrier": "flash", "tracking_number": "TH1"})
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.SHIPPED
    # and a second record is refused
    with pytest.raises(deposits.DepositError, match="already recorded"):
        deposits.record_balance(link, by=staff)


def test_only_staff_record_the_balance():
    quote, buyer, producer_user = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    link.deposit_paid_at = link.accepted_at
    link.save()
    for someone in (buyer, producer_user, UserFactory(is_staff=True)):  # staff without the permission too
        with pytest.raises(deposits.DepositError, match="Only staff"):
            deposits.record_balance(link, by=someone)
    link.refresh_from_db()
    assert link.balance_paid_at is None and link.order.status == deposits.STATUS_AWAITING_DEPOSIT


def test_a_quote_orders_status_reads_in_thai_on_thai_pages(client):
    quote, buyer, _producer_user = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    client.force_login(buyer)
    with translation.override("th"):
        page = client.get(reverse("customer:order", kwargs={"order_number": link.order.number})).content.decode()
    assert "Awaiting deposit" not in page and "รอเงินมัดจำ" in page


def test_the_producer_s_new_order_notice_says_a_quote_s_parcel_waits_for_the_balance():
    # given an accepted quote: its producer is told of the new order
    quote, buyer, producer_user = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    run_enqueued(ORDER_EMAIL)
    [notice] = [sent for sent in mail.outbox if producer_user.email in sent.to]
    # then, in Thai, not to ship before the balance (the card order's notice says "once the payment is
    # confirmed"), with the parcel's status as its pages read it
    assert "อย่าเพิ่งจัดส่งจนกว่าจะได้รับชำระยอดคงเหลือ" in notice.body
    assert "รอเงินมัดจำ" in notice.body and link.order.number in notice.body


def test_the_buyer_pays_the_balance_by_card_once_the_deposit_is_paid_and_the_producer_ships(client, stripe_keys):
    # given an accepted quote (13,850.00 USD, a 30 % deposit: a balance of 9,695.00)
    quote, buyer, producer_user = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    balance_url, deposit_url = (f"/en/quotes/order/{link.order.number}/{stage}/" for stage in ("balance", "deposit"))
    client.force_login(buyer)

    # then before the deposit the balance page says to pay the deposit first, and takes no card
    assert "Pay the deposit first" in client.get(balance_url).content.decode()
    assert client.post(balance_url, {"payment_method": "pm_card_visa"}).status_code == 402
    link.refresh_from_db()
    assert link.balance_payment is None

    # when the buyer pays the deposit by card and Stripe reports it
    assert client.post(deposit_url, {"payment_method": "pm_card_visa"}).json()["status"] == "succeeded"
    link.refresh_from_db()
    stripe_reports(client, link.deposit_payment.intent_id)

    # then the request's page and the deposit page lead to the balance, which asks for the rest
    assert balance_url in client.get(f"/en/quotes/{quote.request_id}/").content.decode()
    assert balance_url in client.get(deposit_url).content.decode()
    assert "9,695.00" in client.get(balance_url).content.decode()

    # when a first card is declined and another pays
    declined = client.post(balance_url, {"payment_method": "pm_card_chargeCustomerFail"})
    paid = client.post(balance_url, {"payment_method": "pm_card_visa"})
    assert declined.status_code == 402 and "declined" in declined.json()["error"]
    assert paid.status_code == 200 and paid.json()["status"] == "succeeded"
    # then the order still waits for Stripe's word, not the page's
    link.refresh_from_db()
    assert link.balance_paid_at is None and link.order.status == deposits.STATUS_DEPOSIT_PAID
    assert (link.balance_payment.amount, link.balance_payment.currency) == (Decimal("9695.00"), "USD")

    # when Stripe reports the balance's payment
    assert stripe_reports(client, link.balance_payment.intent_id).status_code == 200

    # then the balance is paid by card, the order is paid, and the parcel is the producer's to ship
    link.refresh_from_db()
    assert (link.balance_method, link.order.status) == ("card", "Paid") and link.balance_paid_at is not None
    assert _pages(client, link, buyer, producer_user) == ("To be shipped", "To be shipped")
    run_enqueued(ORDER_EMAIL)
    assert [sent.subject for sent in mail.outbox if producer_user.email in sent.to] == [
        f"คำสั่งซื้อใหม่ {link.order.number} สำหรับร้านของคุณ", f"คำสั่งซื้อ {link.order.number} ชำระครบแล้ว: จัดส่งได้"]
    assert PaymentProblem.objects.count() == 0  # not compared with the order's total: it is the balance alone
    # and it is not taken twice: the page says it is paid, another card is refused, staff cannot record it
    client.force_login(buyer)
    assert "is paid" in client.get(balance_url).content.decode()
    assert client.post(balance_url, {"payment_method": "pm_card_visa"}).status_code == 402
    with pytest.raises(deposits.DepositError, match="already recorded"):
        deposits.record_balance(link, by=UserFactory(is_staff=True, is_superuser=True))


@pytest.mark.parametrize("stage", ["deposit", "balance"])
def test_only_the_buyer_opens_the_deposit_and_balance_pages(client, stripe_keys, stage):
    _buyer, producer_user, link = _due(stage)
    url = f"/en/quotes/order/{link.order.number}/{stage}/"
    for other in (trade_buyer(company="Other Co"), producer_user):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert client.post(url, {"payment_method": "pm_card_visa"}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in
    assert client.get(f"/en/quotes/order/100001/{stage}/").status_code == 302
    link.refresh_from_db()
    assert getattr(link, f"{stage}_payment") is None and getattr(link, f"{stage}_paid_at") is None


def _due(stage):
    """An accepted quote's buyer, producer user and order link, whose ``stage`` (the deposit, or the
    balance: the deposit paid by bank transfer) is due."""
    quote, buyer, producer_user = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    if stage == "balance":
        link.deposit_paid_at, link.deposit_method = link.accepted_at, "bank_transfer"
        link.save()
    return buyer, producer_user, link


@pytest.mark.parametrize("stage", ["deposit", "balance"])
def test_a_bank_transfer_is_not_recorded_for_what_a_card_has_just_paid(client, stripe_keys, stage):
    # given an accepted quote whose buyer has just paid the deposit (or, the deposit paid, the balance)
    # by card on its page: Stripe took it, its webhook has not arrived yet
    buyer, _producer_user, link = _due(stage)
    client.force_login(buyer)
    assert client.post(f"/en/quotes/order/{link.order.number}/{stage}/",
                       {"payment_method": "pm_card_visa"}).json()["status"] == "succeeded"

    # when staff record a bank transfer for it
    staff = UserFactory(is_staff=True, is_superuser=True)
    record = deposits.record_bank_transfer if stage == "deposit" else deposits.record_balance
    with pytest.raises(deposits.DepositError, match="just been paid by card"):
        record(link, by=staff)

    # then nothing is recorded, and Stripe's webhook makes it paid by card, once, with no problem
    link.refresh_from_db()
    payment = getattr(link, f"{stage}_payment")
    assert getattr(link, f"{stage}_paid_at") is None
    stripe_reports(client, payment.intent_id)
    link.refresh_from_db()
    assert getattr(link, f"{stage}_method") == "card" and PaymentProblem.objects.count() == 0


@pytest.mark.parametrize("stage", ["deposit", "balance"])
def test_a_card_payment_that_arrives_after_a_recorded_transfer_is_flagged_for_staff(client, stripe_keys, stage):
    # given a card payment started (the buyer's page open) when staff record the transfer, and the buyer
    # then paying in the browser anyway
    _buyer, _producer_user, link = _due(stage)
    payment = deposits.start_card(link, stage)
    staff = UserFactory(is_staff=True, is_superuser=True)
    (deposits.record_bank_transfer if stage == "deposit" else deposits.record_balance)(link, by=staff)
    as_browser_pay(payment.intent_id)  # Stripe.js, in the page opened before

    # when Stripe reports the card payment (twice: a webhook may come again)
    stripe_reports(client, payment.intent_id)
    stripe_reports(client, payment.intent_id)

    # then the transfer stands, and staff are told once that the buyer paid twice and one must go back
    link.refresh_from_db()
    assert getattr(link, f"{stage}_method") == "bank_transfer"
    [problem] = PaymentProblem.objects.all()
    assert problem.kind == "paid_twice" and problem.payment == payment
    assert f"{stage} of order {link.order.number}" in problem.detail and "refund" in problem.detail
