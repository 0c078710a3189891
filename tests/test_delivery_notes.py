"""The buyer's delivery instructions reach the producers who ship the order. Typed in the storefront's
checkout (the shipping address's notes) or sent through the API (Saleor's ``checkoutCustomerNoteUpdate``),
they are the order's one note (``orders.delivery_notes``): on each producer's order page, in its
new-order e-mail, and read back as the order's ``customerNote``. Before, the storefront kept the note
for staff and the buyer only, and the API had no way to send one."""
import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from buying import address_form, in_english
from graphql_client import data, post, token_for
from marketplace.orders import delivery_notes
from marketplace.orders.models import PendingEmail, ProducerShipment
from marketplace.orders.outbox import send_pending_email
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product
from test_checkout_graphql import PLACES, _checkout, _finish
from test_checkout_storefront import _pay_by_card, _to_payment_step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_keys")]
Order = get_model("order", "Order")

NOTE = """mutation($id: ID!, $note: String!) {
  checkoutCustomerNoteUpdate(id: $id, customerNote: $note) { errors { field code message } checkout { customerNote } }
}"""
ORDER_NOTE = 'query($id: ID!) { order(id: $id) { customerNote } }'
TYPED = "  Leave it with the guard <b>at</b> the gate.\nฝากไว้ที่ป้อมยามได้ครับ  "
KEPT = "Leave it with the guard <b>at</b> the gate.\nฝากไว้ที่ป้อมยามได้ครับ"


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


@pytest.fixture
def weaver():
    member = UserFactory(email="member@village.example")
    producer = ProducerFactory(users=[member])
    return dict(member=member, producer=producer, product=certified_product(producer=producer))


def _producer_page(weaver, order):
    shipment = ProducerShipment.objects.get(order=order, partner=weaver["producer"].partner)
    member = Client()
    member.force_login(weaver["member"])
    url = reverse("otop_orders:shipment-detail", kwargs={"producer_slug": weaver["producer"].slug, "pk": shipment.pk})
    return member.get(url).content.decode()


def _placed_through_the_storefront(client, page):
    """Stripe.js has the card, and the shopper places the order (``test_checkout_storefront``'s steps)."""
    payment, _ = _pay_by_card(client, page)
    client.post(reverse("checkout:payment-details"), {"action": "place_order", "payment_intent": payment.intent_id})
    return Order.objects.get(guest_email="shopper@example.com")


def _producer_notice(weaver, order, mailoutbox):
    pending = PendingEmail.objects.get(order=order, partner=weaver["producer"].partner)
    assert send_pending_email(pending.pk)
    [message] = [m for m in mailoutbox if "member@village.example" in m.to]
    return message.body


def test_an_api_buyers_note_reaches_the_producer_and_reads_back_on_the_order(client, weaver, mailoutbox):
    # given a storefront's checkout with the buyer's delivery instructions
    checkout = _checkout(client, "th-thb", weaver["product"])
    noted = data(NOTE, {"id": checkout["id"], "note": TYPED}, client=client)["checkoutCustomerNoteUpdate"]
    assert noted == {"errors": [], "checkout": {"customerNote": KEPT}}

    # when the order is placed
    seen = _finish(client, checkout["id"], PLACES["TH"])
    assert seen["completed"]["errors"] == []
    order = Order.objects.get(number=seen["completed"]["order"]["number"])

    # then the producer reads them on its order page (as text, not markup) and in its e-mail
    assert "Leave it with the guard &lt;b&gt;at&lt;/b&gt; the gate.<br>ฝากไว้ที่ป้อมยามได้ครับ" in _producer_page(weaver, order)
    assert KEPT in _producer_notice(weaver, order, mailoutbox)
    # and the order reads them back as its customerNote
    assert delivery_notes.of_order(order) == KEPT
    staff = token_for(UserFactory(is_staff=True))
    assert data(ORDER_NOTE, {"id": seen["completed"]["order"]["id"]}, token=staff)["order"]["customerNote"] == KEPT


def test_a_storefront_buyers_note_reaches_the_producer_too(client, weaver, mailoutbox):
    # given a shopper who types delivery instructions with the shipping address
    client.post(reverse("basket:add", kwargs={"pk": weaver["product"].pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "shopper@example.com", "options": "anonymous"})
    page = client.post(reverse("checkout:shipping-address"), {**address_form("TH"), "notes": TYPED}, follow=True)

    # when they pay by card and place the order
    order = _placed_through_the_storefront(client, page)

    # then the producer reads the note on its page and in its e-mail
    assert "ฝากไว้ที่ป้อมยามได้ครับ" in _producer_page(weaver, order)
    assert "ฝากไว้ที่ป้อมยามได้ครับ" in _producer_notice(weaver, order, mailoutbox)


def test_without_a_note_the_producer_sees_no_heading_and_the_order_an_empty_note(client, weaver, mailoutbox):
    order = _placed_through_the_storefront(client, _to_payment_step(client, weaver["product"], "TH"))
    assert "Delivery instructions from the buyer" not in _producer_page(weaver, order)
    assert "Delivery instructions from the buyer" not in _producer_notice(weaver, order, mailoutbox)
    assert delivery_notes.of_order(order) == ""


@pytest.mark.parametrize("note, message", [
    ("x" * 1001, "The note is 1001 characters long; the limit is 1000."),
    ("Call \x1b[31mfirst", "Remove the invisible control character U+001B from this text."),
    ("Gate \u202eetag", "Remove the invisible control character U+202E from this text."),
])
def test_a_note_the_shop_cannot_keep_is_refused_on_its_field_and_the_last_one_stays(client, weaver, note, message):
    checkout = _checkout(client, "th-thb", weaver["product"])
    data(NOTE, {"id": checkout["id"], "note": "Call first"}, client=client)
    refused = data(NOTE, {"id": checkout["id"], "note": note}, client=client)["checkoutCustomerNoteUpdate"]
    assert refused["errors"] == [{"field": "customerNote", "code": "INVALID", "message": message}]
    kept = data('query($id: ID!) { checkout(id: $id) { customerNote } }', {"id": checkout["id"]}, client=client)
    assert kept["checkout"]["customerNote"] == "Call first"


def test_an_empty_note_clears_it_and_another_buyers_checkout_is_not_found(client, weaver):
    checkout = _checkout(client, "th-thb", weaver["product"])
    data(NOTE, {"id": checkout["id"], "note": "Call first"}, client=client)
    cleared = data(NOTE, {"id": checkout["id"], "note": "   "}, client=client)["checkoutCustomerNoteUpdate"]
    assert cleared == {"errors": [], "checkout": {"customerNote": ""}}
    status, body = post(NOTE, {"id": "Q2hlY2tvdXQ6bm9wZQ==", "note": "x"})
    assert status == 200 and (body.get("errors") or body["data"]["checkoutCustomerNoteUpdate"]["errors"])
