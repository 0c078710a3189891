"""`make run`'s demo has an order staff may refund one producer's parcel of: once localstripe and the web
server are up, `run_with_worker` runs `load_demo_card_order`, which has the demo shopper buy one product
each of two producers (the demo producer's among them) and pay with the test card as the shop's checkout
pays. The worker's capture and Stripe's webhook make it Paid, and the dashboard's order page offers
"Refund this parcel". Run again, it places nothing; with no demo shopper it places nothing and says so."""
import io
import re
import signal

import psutil
import pytest
import stripe
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from oscar.core.loading import get_model

from jobs_fixtures import wait_for
from marketplace.orders.models import PendingEmail, ShipmentStatus
from marketplace.orders.placement import STATUS_PAID, STATUS_PENDING_PAYMENT
from marketplace.payments.models import StripePayment
from marketplace.sales.demo import SHOPPER
from marketplace.testing.factories import ProducerFactory, certified_product
from stripe_fixtures import charge_placed_orders, stripe_reports
from test_jobs_run import _free_port, _kill_leftovers, start_make_run

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
PRINTED = re.compile(r"A card-paid order of two producers' parcels: /dashboard/orders/(\w+)/ \((.*); staff may "
                     r"refund one parcel there\)")


def _demo_catalog():
    """Producers in the order their products were made: the potters' first, then the basket makers',
    then the two of the weavers, the demo producer (the most products)."""
    potters, baskets, weavers = (ProducerFactory(slug=slug) for slug in ("potters", "baskets", "weavers"))
    certified_product(producer=potters, name_th="หม้อดินเผา", name_en="Clay pot")
    certified_product(producer=baskets, name_th="ตะกร้าไม้ไผ่", name_en="Bamboo basket")
    certified_product(producer=weavers, num_in_stock=30)
    certified_product(producer=weavers, num_in_stock=30, name_th="ผ้าพันคอไหม", name_en="Silk scarf")
    return potters, baskets, weavers


def _demo_accounts():
    call_command("load_demo_accounts", stdout=io.StringIO())
    return get_user_model().objects.get(email=SHOPPER)


def _card_order():
    """What ``load_demo_card_order`` prints: (the order's number, what it says of it), or its output as it is."""
    out = io.StringIO()
    call_command("load_demo_card_order", stdout=out)
    said = PRINTED.fullmatch(out.getvalue().strip())
    return (said.group(1), said.group(2)) if said else out.getvalue()


def _at_stripe(payment):
    return stripe.PaymentIntent.retrieve(payment.intent_id, api_key="sk_test_otop")


def test_the_demo_shopper_pays_two_producers_parcels_by_card_and_staff_may_refund_one(settings, stripe_keys,
                                                                                        superuser, client):
    # given make run's demo: its catalog and accounts
    settings.DEBUG = True
    potters, _baskets, weavers = _demo_catalog()
    shopper = _demo_accounts()
    before = set(Order.objects.values_list("pk", flat=True))

    # when the one-shot make run starts beside the web server runs
    number, said = _card_order()

    # then it placed one order, the printed one, for the demo shopper's account, in Thai, of one product
    # of the demo producer's and one of another producer's, each producer's a parcel of its own
    [order] = Order.objects.exclude(pk__in=before)
    assert (order.number, order.user, order.status) == (number, shopper, STATUS_PENDING_PAYMENT)
    assert said == "placed now, paid once the worker has charged the card"
    assert sorted(order.lines.values_list("partner_id", "quantity")) == sorted(
        [(weavers.partner_id, 1), (potters.partner_id, 1)])
    assert sorted(order.producer_shipments.values_list("partner_id", flat=True)) == sorted(
        [weavers.partner_id, potters.partner_id])
    assert order.pending_emails.get(kind=PendingEmail.ORDER_PLACED).language == "th"
    # and its card is authorised at Stripe (localstripe) for the order's total, not yet charged
    payment = StripePayment.objects.get(order=order)
    intent = _at_stripe(payment)
    assert (payment.method, intent.status, intent.amount) == ("card", "requires_capture",
                                                              int(order.total_incl_tax * 100))
    assert order.currency == "THB" and not shopper.baskets.filter(status="Open").exists()
    # and its address is the shopper's saved one, offered at their next checkout
    [saved] = shopper.addresses.all()
    assert saved.is_default_for_shipping and saved.active_address_fields() == order.shipping_address.active_address_fields()

    # when the worker runs the capture job the checkout enqueued, and Stripe's webhook arrives
    assert charge_placed_orders(payment.intent_id) == 1
    stripe_reports(Client(), payment.intent_id)

    # then the order is paid, both parcels are to ship, and staff's page of it offers to refund each parcel
    order.refresh_from_db()
    assert order.status == STATUS_PAID and _at_stripe(payment).status == "succeeded"
    parcels = list(order.producer_shipments.all())
    assert {parcel.status for parcel in parcels} == {ShipmentStatus.TO_SHIP}
    page = client.get(f"/en/dashboard/orders/{order.number}/").content.decode()
    assert "Refund this parcel" in page
    assert all(f'id="refund_parcel_{parcel.pk}"' in page for parcel in parcels)


def test_run_again_it_places_nothing_new_and_names_the_same_order(settings, stripe_requests):
    # given the demo's card order, placed at an earlier make run
    settings.DEBUG = True
    _demo_catalog()
    _demo_accounts()
    number, _said = _card_order()
    orders, payments, asked = Order.objects.count(), StripePayment.objects.count(), len(stripe_requests)

    # when make run starts again (the demo accounts, then the one-shot)
    _demo_accounts()
    again, said = _card_order()

    # then no order or payment is added and Stripe is asked nothing; the same order is printed, as it stands
    assert (Order.objects.count(), StripePayment.objects.count(), len(stripe_requests)) == (orders, payments, asked)
    assert (again, said) == (number, STATUS_PENDING_PAYMENT)


def test_without_the_demo_shopper_it_places_nothing_and_says_so(settings, stripe_requests):
    # given the demo's catalog but not its accounts
    settings.DEBUG = True
    _demo_catalog()

    # when the one-shot runs
    printed = _card_order()

    # then it says why it placed nothing, and nothing was placed or asked of Stripe
    assert printed == (f"No card-paid demo order: the demo shopper {SHOPPER} does not exist "
                       "(manage.py load_demo_accounts makes it).\n")
    assert not Order.objects.exists() and not StripePayment.objects.exists() and stripe_requests == []


def test_never_with_debug_off(settings, stripe_requests):
    settings.DEBUG = True
    _demo_catalog()
    _demo_accounts()
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_card_order")
    assert not StripePayment.objects.exists() and stripe_requests == []


# (a transactional test: its flush would take the seeded rows with it unless they were serialized)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_make_run_places_it_once_the_web_server_answers_and_the_worker_and_webhook_make_it_paid(settings,
                                                                                                  job_queue, tmp_path):
    # given the demo's catalog and accounts on the test database, and no Stripe key (test mode)
    settings.DEBUG = True
    _demo_catalog()
    shopper = _demo_accounts()
    port = _free_port()
    log = tmp_path / "run.log"

    # when make run's command starts
    process = start_make_run(port, log)
    children = []
    try:
        # then it prints the demo's card order, which its worker charges and localstripe's webhook to its
        # web server marks paid, with nothing run by hand
        try:
            said = wait_for(lambda: PRINTED.search(log.read_text()), timeout=120, what="the demo's card order")
            order = Order.objects.get(number=said.group(1), user=shopper)
            wait_for(lambda: Order.objects.get(pk=order.pk).status == STATUS_PAID, timeout=60,
                     what="the worker and localstripe's webhook")
        except AssertionError as late:
            raise AssertionError(f"{late}; make run's output:\n{log.read_text()}") from None
        assert StripePayment.objects.get(order=order).status == "succeeded"
        assert "Warning" not in log.read_text()
        children = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGTERM)
        process.wait(40)
    finally:
        _kill_leftovers(process, children)
