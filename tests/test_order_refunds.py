"""Staff refund a whole paid card order from the dashboard's order page, when its producers cannot
deliver: the card is refunded at Stripe (localstripe) by a job of the committed refund, the order
reads "Refunded", its parcels are cancelled, its stock is back on sale and the buyer gets one
e-mail in the order's language. What may not be refunded here is refused with the reason, and
nobody but staff can ask. A paid order refunded only in Stripe's dashboard is refunded in the shop when
Stripe says so, or left to staff with a note where the button would have refused. Paid orders are placed and paid as shoppers place them: card held,
charged by the placing transaction's job, paid on Stripe's signed webhook."""
import time

import pytest
import stripe
from django.core import mail
from django.db import transaction
from django.test import Client
from oscar.core.loading import get_model

from buying import address, basket_with, order_for
from jobs_fixtures import delivered_mail, job_rows, run_enqueued, wait_for
from marketplace.catalog.stock import quantity_available
from marketplace.orders import fulfilment, outbox, refunds
from marketplace.orders.completion import complete_checkout
from marketplace.orders.models import Carrier, ShipmentStatus
from marketplace.orders.placement import STATUS_PAID, STATUS_REFUND_PENDING, STATUS_REFUNDED
from marketplace.payments import intents
from marketplace.payments.models import PaymentProblem, StripePayment
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product
from stripe_fixtures import charge_placed_orders, post_webhook, stripe_reports
from test_payments import _start

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
REFUND_JOB = "marketplace.orders.tasks.refund_order"
ORDER_EMAIL = "marketplace.orders.tasks.send_order_email"
KEY = "sk_test_otop"


def _paid_card_order(*items, email="buyer@example.com", language="en", user=None):
    """An order paid by card as a shopper pays it, its confirmation e-mails already sent."""
    basket = basket_with(*items, owner=user)
    payment, total = _start(basket, "TH")
    intents.pay_with(payment, "pm_card_visa", amount=total.incl_tax, currency=total.currency)
    order = complete_checkout(basket, payment=payment, shipping_address=address("TH"), email=email, user=user,
                              language=language)
    charge_placed_orders(payment.intent_id)
    stripe_reports(Client(), payment.intent_id)
    run_enqueued(ORDER_EMAIL)
    mail.outbox.clear()
    order.refresh_from_db()
    assert order.status == STATUS_PAID
    return order, StripePayment.objects.get(order=order)


def _two_producers_order(**kwargs):
    silk = certified_product(num_in_stock=5, price="350.00", producer=ProducerFactory(email="weavers@example.com"))
    baskets = certified_product(num_in_stock=5, price="120.00", producer=ProducerFactory(email="baskets@example.com"),
                                name_th="ตะกร้าไม้ไผ่", name_en="Bamboo basket")
    order, payment = _paid_card_order((silk, 2), (baskets, 1), **kwargs)
    return order, payment, silk, baskets


def _charge_at_stripe(payment):
    charge = stripe.PaymentIntent.retrieve(payment.intent_id, api_key=KEY).latest_charge
    return stripe.Charge.retrieve(getattr(charge, "id", charge), api_key=KEY)  # localstripe expands it


def _page(number):
    return f"/en/dashboard/orders/{number}/"


def _ask_refund(client, order, confirm="yes"):
    return client.post(_page(order.number), {"order_action": "refund_order", "confirm": confirm}, follow=True)


def _messages(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def _mailed_to(address):
    return [sent for sent in mail.outbox if sent.to == [address]]


def _refund_requests(requests):
    return [r for r in requests if r["method"] == "POST" and r["url"].endswith("/v1/refunds")]


def test_staff_refund_a_paid_order_and_the_buyer_has_the_money_back(superuser, client, stripe_requests):
    # given a paid card order of two producers' parcels, whose stock it holds
    order, payment, silk, baskets = _two_producers_order()
    assert (quantity_available(silk), quantity_available(baskets)) == (3, 4)
    assert set(order.producer_shipments.values_list("status", flat=True)) == {ShipmentStatus.TO_SHIP}

    # when staff refund it from its dashboard page
    response = _ask_refund(client, order)

    # then the page says so; the order waits for Stripe, its parcels are cancelled and its stock is
    # back on sale at once; nothing was asked of Stripe and nobody mailed inside the request
    assert any(f"Order {order.number} is being refunded" in message for message in _messages(response))
    order.refresh_from_db()
    assert order.status == STATUS_REFUND_PENDING
    assert set(order.producer_shipments.values_list("status", flat=True)) == {ShipmentStatus.CANCELLED}
    assert (quantity_available(silk), quantity_available(baskets)) == (5, 5)
    assert not _refund_requests(stripe_requests) and not _charge_at_stripe(payment).refunded
    assert mail.outbox == []
    assert order.notes.get().user == superuser  # who asked

    # when the worker runs the refund job, then the buyer's e-mail job
    assert run_enqueued(REFUND_JOB, order_id=order.pk) == 1
    assert run_enqueued(ORDER_EMAIL) == 3  # the buyer's, and each producer's notice not to ship

    # then Stripe refunded the whole charge, once and with an idempotency key; the order reads
    # Refunded, the payment refunded, and the buyer got one e-mail that says so
    charge = _charge_at_stripe(payment)
    assert charge.refunded and charge.amount_refunded == int(order.total_incl_tax * 100)
    [refund_request] = _refund_requests(stripe_requests)
    assert refund_request["headers"]["Idempotency-Key"]
    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.status, payment.status) == (STATUS_REFUNDED, "refunded")
    assert [(c.old_status, c.new_status) for c in order.status_changes.order_by("pk")] == [
        (STATUS_PAID, STATUS_REFUND_PENDING), (STATUS_REFUND_PENDING, STATUS_REFUNDED)]
    [message] = _mailed_to("buyer@example.com")
    assert message.subject == f"Your order {order.number} has been refunded"
    assert "฿" in message.body or "THB" in message.body

    # and when Stripe's charge.refunded arrives and the job runs again (a worker died after it),
    # nothing more is refunded, mailed or released
    post_webhook(Client(), {"id": "evt_refunded_1", "object": "event", "type": "charge.refunded", "created": 1,
                            "data": {"object": charge.to_dict()}})
    refunds.give_back(order.pk)
    run_enqueued(ORDER_EMAIL)
    assert len(_refund_requests(stripe_requests)) == 1 and len(mail.outbox) == 3
    assert (quantity_available(silk), quantity_available(baskets)) == (5, 5)
    assert Order.objects.get(pk=order.pk).status == STATUS_REFUNDED


def test_each_producer_is_told_in_thai_not_to_ship_its_own_parcel(stripe_keys):
    # given a paid order of two producers' parcels
    order, _payment, silk, baskets = _two_producers_order()
    # when staff refund it
    refunds.refund(order, by=UserFactory(is_staff=True))
    run_enqueued(ORDER_EMAIL)
    # then each producer gets, in Thai, the notice that its parcel is cancelled, naming its own lines only
    for product, other in ((silk, baskets), (baskets, silk)):
        recipients = outbox.producer_recipients(product.stockrecords.get().partner)
        [notice] = [sent for sent in mail.outbox if sent.to == recipients]
        assert notice.subject == f"คำสั่งซื้อ {order.number} ถูกยกเลิก: อย่าจัดส่ง"
        assert product.get_title() in notice.body and other.get_title() not in notice.body
        assert "/producer/" in notice.body  # the parcel's page in the portal


def test_the_buyer_is_told_in_the_order_s_language_and_reads_the_status_in_theirs(stripe_keys):
    # given a Thai shopper's paid order (placed on the Thai storefront)
    shopper = UserFactory(email="somsri@example.com")
    order, _payment = _paid_card_order((certified_product(num_in_stock=3), 1), email=shopper.email, user=shopper,
                                       language="th")
    staff = UserFactory(is_staff=True)

    # when staff (on English pages) refund it and the worker runs the jobs
    refunds.refund(order, by=staff)
    run_enqueued(REFUND_JOB)
    run_enqueued(ORDER_EMAIL)

    # then the e-mail is in Thai, and the shopper's order page says Refunded in each language
    [message] = _mailed_to(shopper.email)
    assert message.subject == f"คืนเงินคำสั่งซื้อ {order.number} ของคุณแล้ว"
    assert "คืนเงิน" in message.body
    shopper_client = Client()
    shopper_client.force_login(shopper)
    assert "คืนเงินแล้ว" in shopper_client.get(f"/accounts/orders/{order.number}/").content.decode()
    assert "Refunded" in shopper_client.get(f"/en/accounts/orders/{order.number}/").content.decode()
    # and the API (Saleor's storefront) says it is cancelled and fully refunded, no longer paid
    from graphql_client import data, token_for

    me = data("{ me { orders(first: 5) { edges { node { number status paymentStatus isPaid chargeStatus } } } } }",
              token=token_for(shopper))["me"]
    assert me["orders"]["edges"] == [{"node": {"number": order.number, "status": "CANCELED",
                                               "paymentStatus": "FULLY_REFUNDED", "isPaid": False,
                                               "chargeStatus": "NONE"}}]


def test_a_refund_rolled_back_leaves_the_order_paid_asks_stripe_nothing_and_mails_nobody(stripe_requests):
    # given a paid order
    product = certified_product(num_in_stock=4)
    order, payment = _paid_card_order((product, 1))

    # when staff's refund is written in a transaction that then fails
    with pytest.raises(RuntimeError), transaction.atomic():
        refunds.refund(order, by=UserFactory(is_staff=True))
        raise RuntimeError("the database went away before the commit")

    # then no refund job exists, the order, its parcels and its stock are as they were, and nothing
    # is refunded or mailed
    assert run_enqueued(REFUND_JOB) == 0 and run_enqueued(ORDER_EMAIL) == 0
    order.refresh_from_db()
    assert order.status == STATUS_PAID and quantity_available(product) == 3
    assert set(order.producer_shipments.values_list("status", flat=True)) == {ShipmentStatus.TO_SHIP}
    assert not _refund_requests(stripe_requests) and not _charge_at_stripe(payment).refunded
    assert mail.outbox == []


def test_an_unpaid_order_is_refused_and_has_no_button(superuser, client, stripe_keys):
    order = order_for((certified_product(), 1))  # waits for its payment

    page = client.get(_page(order.number)).content.decode()
    response = _ask_refund(client, order)

    assert 'id="refund_order_form"' not in page
    assert _messages(response) == ["Only a paid order can be refunded; this one is Pending payment."]
    assert Order.objects.get(pk=order.pk).status != STATUS_REFUND_PENDING and not job_rows(REFUND_JOB)


def test_an_order_with_a_shipped_parcel_is_refused_and_left_as_it_was(superuser, client, stripe_requests):
    # given a paid order of two producers, one of whom has shipped its parcel
    order, payment, silk, baskets = _two_producers_order()
    shipped = order.producer_shipments.first()
    fulfilment.mark_shipped(shipped, "EF123456789TH", Carrier.THAILAND_POST)

    # when staff open its page and ask for the refund anyway (a page opened before the parcel left)
    page = client.get(_page(order.number)).content.decode()
    response = _ask_refund(client, order)

    # then there is no button, the refund is refused with what to do instead, and nothing changed
    assert 'id="refund_order_form"' not in page
    assert _messages(response) == [
        "A parcel of this order has already been shipped, so the whole order cannot be refunded here: "
        "refund the parcels that cannot be delivered one by one."]
    order.refresh_from_db()
    assert order.status == STATUS_PAID and (quantity_available(silk), quantity_available(baskets)) == (3, 4)
    assert sorted(order.producer_shipments.values_list("status", flat=True)) == sorted(
        [ShipmentStatus.SHIPPED, ShipmentStatus.TO_SHIP])
    assert not job_rows(REFUND_JOB) and not _refund_requests(stripe_requests)


def test_the_button_shows_only_while_the_order_can_be_refunded_and_a_second_click_is_refused(
        superuser, client, stripe_requests):
    # given a paid order: its page offers the refund
    product = certified_product(num_in_stock=4)
    order, _payment = _paid_card_order((product, 1))
    page = client.get(_page(order.number)).content.decode()
    assert 'id="refund_order_form"' in page and 'name="order_action" value="refund_order"' in page
    assert "csrfmiddlewaretoken" in page and 'name="confirm" value="yes"' in page and "required" in page

    # when staff click without ticking the confirmation, then nothing happens
    assert _messages(_ask_refund(client, order, confirm="")) == ["Tick the box to confirm the refund."]
    assert Order.objects.get(pk=order.pk).status == STATUS_PAID

    # when staff click twice (the second request arrives before the job ran)
    _ask_refund(client, order)
    second = _ask_refund(client, order)

    # then the second is refused, one job refunds once, the stock came back once, and the page no longer offers it
    assert _messages(second) == ["This order's refund is already under way: it waits for Stripe."]
    assert len(job_rows(REFUND_JOB)) == 1 and quantity_available(product) == 4
    assert 'id="refund_order_form"' not in client.get(_page(order.number)).content.decode()

    # when the job has run, a third click is refused as already refunded
    run_enqueued(REFUND_JOB)
    third = _ask_refund(client, order)
    assert _messages(third) == ["This order has already been refunded."]
    assert len(_refund_requests(stripe_requests)) == 1 and quantity_available(product) == 4
    assert 'id="refund_order_form"' not in client.get(_page(order.number)).content.decode()


@pytest.mark.parametrize("who", ["producer", "shopper", "anonymous"])
def test_nobody_but_staff_can_refund(who, stripe_requests):
    # given a paid order, and a producer of it (with Oscar's dashboard permission), a shopper signed
    # in, or a visitor who is not
    product = certified_product(num_in_stock=4)
    order, _payment = _paid_card_order((product, 1))
    intruder = Client()
    if who != "anonymous":
        user = UserFactory()
        if who == "producer":
            from django.contrib.auth.models import Permission

            user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
            product.stockrecords.get().partner.users.add(user)
        intruder.force_login(user)

    # when they post the refund form
    response = intruder.post(_page(order.number), {"order_action": "refund_order", "confirm": "yes"})

    # then it is refused (the visitor is sent to sign in) and nothing happened
    assert response.status_code == (302 if who == "anonymous" else 403)
    order.refresh_from_db()
    assert order.status == STATUS_PAID and quantity_available(product) == 3
    assert not job_rows(REFUND_JOB) and not _refund_requests(stripe_requests)


def test_a_quote_order_is_refused(stripe_keys):
    from marketplace.quotes.acceptance import accept
    from quoting import quoted_silk_and_crackers

    quote, buyer, _producer_user = quoted_silk_and_crackers()
    order = accept(quote, buyer).order
    Order.objects.filter(pk=order.pk).update(status=STATUS_PAID)
    order.refresh_from_db()

    with pytest.raises(refunds.RefundRefused) as refused:
        refunds.refund(order, by=UserFactory(is_staff=True))

    # (in the page's language: Thai unless told otherwise)
    assert refused.value.code == refunds.RefundErrorCode.QUOTE_ORDER
    assert refused.value.message == "คำสั่งซื้อนี้มาจากใบเสนอราคาที่ตอบรับแล้ว: คืนเงินมัดจำในแดชบอร์ดของ Stripe"
    assert Order.objects.get(pk=order.pk).status == STATUS_PAID and not job_rows(REFUND_JOB)


def test_stripe_refusing_is_flagged_and_a_refund_made_in_stripe_s_dashboard_completes_the_order(
        stripe_requests, settings):
    # given a paid order staff refunded
    product = certified_product(num_in_stock=4)
    order, payment = _paid_card_order((product, 1))
    refunds.refund(order, by=UserFactory(is_staff=True))

    # when Stripe refuses the refund (the shop's key may no longer refund)
    settings.STRIPE_SECRET_KEY = "rk_revoked"
    run_enqueued(REFUND_JOB)

    # then staff see the problem, the order still waits for its refund, and the buyer is not told
    problem = PaymentProblem.objects.get()
    assert (problem.kind, problem.payment_id) == (PaymentProblem.Kind.REFUND_FAILED, payment.pk)
    assert order.number in problem.detail
    assert Order.objects.get(pk=order.pk).status == STATUS_REFUND_PENDING
    run_enqueued(ORDER_EMAIL)  # the producer's notice not to ship: its parcel is cancelled all the same
    assert _mailed_to(order.email) == []

    # when staff refund it in Stripe's dashboard and Stripe's charge.refunded arrives
    settings.STRIPE_SECRET_KEY = KEY
    stripe.Refund.create(payment_intent=payment.intent_id, api_key=KEY)
    post_webhook(Client(), {"id": "evt_dashboard_refund", "object": "event", "type": "charge.refunded", "created": 1,
                            "data": {"object": _charge_at_stripe(payment).to_dict()}})
    run_enqueued(ORDER_EMAIL)

    # then the order reads Refunded and the buyer got one e-mail; a retried job refunds nothing more
    assert Order.objects.get(pk=order.pk).status == STATUS_REFUNDED
    assert len(_mailed_to(order.email)) == 1
    refunds.give_back(order.pk)
    assert _charge_at_stripe(payment).amount_refunded == int(order.total_incl_tax * 100)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded rows outlive its flush
def test_a_real_worker_refunds_only_once_the_refund_is_committed_and_then_mails_the_buyer(
        stripe_keys, localstripe, start_worker, tmp_path):
    # given a paid order, and a worker pointed at localstripe whose mailer writes to a folder
    order, payment = _paid_card_order((certified_product(num_in_stock=4), 1), email="buyer@example.com")
    outbox = tmp_path / "mail"
    start_worker(STRIPE_SECRET_KEY=KEY, STRIPE_API_BASE=localstripe, EMAIL_FILE_PATH=str(outbox),
                 EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend")

    # when staff's refund is written in a transaction that has not committed yet
    with transaction.atomic():
        refunds.refund(order, by=UserFactory(is_staff=True))
        time.sleep(3)  # six of the worker's polls
        # then the worker cannot see the job: no money moves while the refund may still roll back
        assert not _charge_at_stripe(payment).refunded

    # and once it commits, the worker refunds the card, marks the order refunded and mails the buyer once
    wait_for(lambda: Order.objects.get(pk=order.pk).status == STATUS_REFUNDED, what="the worker's refund")
    assert _charge_at_stripe(payment).amount_refunded == int(order.total_incl_tax * 100)
    [(to, subject, _body)] = wait_for(lambda: [sent for sent in delivered_mail(outbox) if sent[0] == "buyer@example.com"],
                                      what="the buyer's e-mail")
    assert subject == f"Your order {order.number} has been refunded"


def _refund_in_stripe_s_dashboard(payment, event_id):
    """Staff give the whole payment back in Stripe's dashboard; Stripe tells the shop."""
    stripe.Refund.create(payment_intent=payment.intent_id, api_key=KEY)
    post_webhook(Client(), {"id": event_id, "object": "event", "type": "charge.refunded", "created": 1,
                            "data": {"object": _charge_at_stripe(payment).to_dict()}})


def test_a_paid_order_refunded_only_in_stripe_s_dashboard_is_refunded_in_the_shop(stripe_keys):
    # given a paid order of two producers, each told to ship its parcel
    order, payment, silk, baskets = _two_producers_order()
    # when staff refund its card in Stripe's dashboard, without the shop's button
    _refund_in_stripe_s_dashboard(payment, "evt_dashboard_only")
    run_enqueued(ORDER_EMAIL)
    # then the order reads Refunded, its stock is back on sale, its parcels are cancelled, each
    # producer is told not to ship and the buyer is told once
    order.refresh_from_db()
    assert order.status == STATUS_REFUNDED
    assert (quantity_available(silk), quantity_available(baskets)) == (5, 5)
    assert set(order.producer_shipments.values_list("status", flat=True)) == {ShipmentStatus.CANCELLED}
    for product in (silk, baskets):
        recipients = outbox.producer_recipients(product.stockrecords.get().partner)
        assert [sent.subject for sent in mail.outbox if sent.to == recipients] == [
            f"คำสั่งซื้อ {order.number} ถูกยกเลิก: อย่าจัดส่ง"]
    assert len(_mailed_to(order.email)) == 1
    # the note for staff is in the shop's language (Stripe's news has no reader's language)
    assert order.notes.get().message == "คืนเงินเต็มจำนวนในแดชบอร์ดของ Stripe แล้ว: คำสั่งซื้อนี้ถูกคืนเงิน"
    # Stripe delivering the news again changes nothing and mails nobody
    mail.outbox.clear()
    post_webhook(Client(), {"id": "evt_dashboard_only_again", "object": "event", "type": "charge.refunded",
                            "created": 2, "data": {"object": _charge_at_stripe(payment).to_dict()}})
    run_enqueued(ORDER_EMAIL)
    assert mail.outbox == [] and (quantity_available(silk), quantity_available(baskets)) == (5, 5)


def test_an_order_with_a_shipped_parcel_refunded_in_stripe_s_dashboard_is_left_to_staff_with_a_note(stripe_keys):
    # given a paid order one of whose parcels has shipped
    order, payment, silk, baskets = _two_producers_order()
    fulfilment.mark_shipped(order.producer_shipments.first(), "EF123456789TH", Carrier.THAILAND_POST)
    run_enqueued(ORDER_EMAIL)
    mail.outbox.clear()  # (the buyer's notice that the parcel is on its way)
    # when staff refund its whole card payment in Stripe's dashboard
    _refund_in_stripe_s_dashboard(payment, "evt_dashboard_shipped")
    run_enqueued(ORDER_EMAIL)
    # then the shop does not guess: the order and its parcels stay as they were, nobody is mailed, and
    # the order's page tells staff what Stripe reported
    order.refresh_from_db()
    assert order.status == STATUS_PAID and (quantity_available(silk), quantity_available(baskets)) == (3, 4)
    assert sorted(order.producer_shipments.values_list("status", flat=True)) == sorted(
        [ShipmentStatus.SHIPPED, ShipmentStatus.TO_SHIP])
    assert _mailed_to(order.email) == []
    assert "ถูกคืนเต็มจำนวนแล้ว (ในแดชบอร์ดของ Stripe)" in order.notes.get().message


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded rows outlive its flush
@pytest.mark.parametrize("attempts", [2, 1])  # 1: no retry at all (not "retry for ever")
def test_stripe_out_of_reach_past_the_last_attempt_is_a_payment_problem_for_staff(stripe_keys, start_worker,
                                                                                  attempts):
    # given a paid order staff refund, and a worker for which Stripe stays out of reach (a closed
    # port), trying a network job ``attempts`` times
    order, payment = _paid_card_order((certified_product(num_in_stock=4), 1))
    start_worker(STRIPE_SECRET_KEY=KEY, STRIPE_API_BASE="http://127.0.0.1:9",
                 OTOP_JOBS_NETWORK_ATTEMPTS=str(attempts), OTOP_JOBS_RETRY_BASE_SECONDS="1")
    refunds.refund(order, by=UserFactory(is_staff=True))
    # then once the job has given up, staff see a payment problem that says what to do, and the
    # order still waits for its refund
    problem = wait_for(lambda: PaymentProblem.objects.filter(kind=PaymentProblem.Kind.REFUND_FAILED).first(),
                       what="the payment problem")
    assert problem.payment_id == payment.pk and order.number in problem.detail
    assert "Refund it in Stripe's dashboard" in problem.detail
    assert Order.objects.get(pk=order.pk).status == STATUS_REFUND_PENDING
    wait_for(lambda: job_rows(REFUND_JOB)[0]["status"] == "failed", what="the failed job")
    assert job_rows(REFUND_JOB)[0]["attempts"] == attempts and PaymentProblem.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded rows outlive its flush
def test_a_card_charge_stripe_never_answers_is_a_payment_problem_once_the_shop_stops_trying(stripe_keys, start_worker):
    # given an order placed on an authorised card, its charge a job, and a worker for which Stripe
    # stays out of reach, trying a network job twice
    basket = basket_with((certified_product(num_in_stock=4), 1))
    payment, total = _start(basket, "TH")
    intents.pay_with(payment, "pm_card_visa", amount=total.incl_tax, currency=total.currency)
    order = complete_checkout(basket, payment=payment, shipping_address=address("TH"), email="buyer@example.com",
                              language="en")
    start_worker(STRIPE_SECRET_KEY=KEY, STRIPE_API_BASE="http://127.0.0.1:9", OTOP_JOBS_NETWORK_ATTEMPTS="2",
                 OTOP_JOBS_RETRY_BASE_SECONDS="1")
    # then once the charge's job has given up, staff see what to do, and the order waits for its payment
    problem = wait_for(lambda: PaymentProblem.objects.filter(kind=PaymentProblem.Kind.CAPTURE_FAILED).first(),
                       what="the payment problem")
    assert problem.payment_id == payment.pk and order.number in problem.detail
    assert "Charge it in Stripe's dashboard" in problem.detail
    assert Order.objects.get(pk=order.pk).status != STATUS_PAID
