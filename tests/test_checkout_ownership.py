"""A checkout that belongs to a user is visible and changeable only by that user and by staff
(marketplace/orders/checkout_owner.py, as Saleor): to anyone else holding its id it does not exist.
A guest checkout stays reachable by its id."""
import pytest

from graphql_client import data
from marketplace.graphql.core.ids import global_id
from marketplace.orders.models import Checkout
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
ERRORS = "errors { field code }"
READ = "query($id: ID!) { checkout(id: $id) { id email lines { quantity } } }"
EMAIL = f"""mutation($id: ID!) {{ checkoutEmailUpdate(id: $id, email: "thief@example.com") {{
  checkout {{ email }} {ERRORS} }} }}"""
LINES = f"""mutation($id: ID!, $variant: ID!) {{ checkoutLinesAdd(id: $id, lines: [{{quantity: 3, variantId: $variant}}])
  {{ checkout {{ lines {{ quantity }} }} {ERRORS} }} }}"""
ATTACH = f"mutation($id: ID!) {{ checkoutCustomerAttach(id: $id) {{ checkout {{ email }} {ERRORS} }} }}"
COMPLETE = f"mutation($id: ID!) {{ checkoutComplete(id: $id) {{ order {{ id }} {ERRORS} }} }}"
METADATA = f"""mutation($id: ID!) {{ updateMetadata(id: $id, input: [{{key: "gift", value: "stolen"}}]) {{
  item {{ metadata {{ key }} }} {ERRORS} }} }}"""


def _token(user):
    return data("""mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password)
                   { token } }""", {"email": user.email, "password": PASSWORD})["tokenCreate"]["token"]


def _checkout(token=None):
    variant = global_id("ProductVariant", certified_product().pk)
    created = data(f"""mutation($variant: ID!) {{ checkoutCreate(input: {{channel: "th-thb", email: "owner@example.com",
                       lines: [{{quantity: 1, variantId: $variant}}]}}) {{ checkout {{ id }} {ERRORS} }} }}""",
                   {"variant": variant}, token=token)["checkoutCreate"]
    assert created["errors"] == []
    return created["checkout"]["id"], variant


@pytest.mark.parametrize("caller", ["another shopper", "anonymous"])
def test_someone_elses_checkout_cannot_be_read_changed_attached_or_completed(caller):
    # given a shopper's checkout, and someone else holding its id
    owner = UserFactory()
    checkout_id, variant = _checkout(_token(owner))
    token = _token(UserFactory()) if caller == "another shopper" else None

    # when they read it, change its e-mail, add lines, attach it to themselves, complete it and tag it
    read = data(READ, {"id": checkout_id}, token=token)["checkout"]
    answers = [data(EMAIL, {"id": checkout_id}, token=token)["checkoutEmailUpdate"],
               data(LINES, {"id": checkout_id, "variant": variant}, token=token)["checkoutLinesAdd"],
               data(ATTACH, {"id": checkout_id}, token=token)["checkoutCustomerAttach"],
               data(COMPLETE, {"id": checkout_id}, token=token)["checkoutComplete"],
               data(METADATA, {"id": checkout_id}, token=token)["updateMetadata"]]

    # then it does not exist for them, and it is as its owner left it
    assert read is None
    for answer in answers:
        assert [(error["field"], error["code"]) for error in answer["errors"]] == [("id", "NOT_FOUND")], answer
        assert not any(value for key, value in answer.items() if key != "errors")
    checkout = Checkout.objects.get()
    assert (checkout.user, checkout.email, checkout.order_id) == (owner, "owner@example.com", None)
    assert [line.quantity for line in checkout.basket.all_lines()] == [1]
    assert data(READ, {"id": checkout_id}, token=_token(owner))["checkout"]["lines"] == [{"quantity": 1}]


def test_a_not_found_answer_is_the_same_as_for_a_checkout_that_does_not_exist():
    # given a shopper's checkout and an id nobody has
    checkout_id, _ = _checkout(_token(UserFactory()))
    missing = global_id("Checkout", "00000000-0000-0000-0000-000000000000")

    # when another shopper changes the e-mail of each
    token = _token(UserFactory())
    taken = data(EMAIL, {"id": checkout_id}, token=token)["checkoutEmailUpdate"]["errors"]
    unknown = data(EMAIL, {"id": missing}, token=token)["checkoutEmailUpdate"]["errors"]

    # then the answers differ only by the id they name
    assert [error["code"] for error in taken] == [error["code"] for error in unknown] == ["NOT_FOUND"]


@pytest.mark.parametrize("caller", ["owner", "staff"])
def test_the_owner_and_staff_read_and_change_it(caller):
    # given a shopper's checkout
    owner = UserFactory()
    checkout_id, variant = _checkout(_token(owner))
    token = _token(owner if caller == "owner" else UserFactory(is_staff=True))

    # when they read it, change its e-mail and add lines
    read = data(READ, {"id": checkout_id}, token=token)["checkout"]
    email = data(EMAIL, {"id": checkout_id}, token=token)["checkoutEmailUpdate"]
    lines = data(LINES, {"id": checkout_id, "variant": variant}, token=token)["checkoutLinesAdd"]

    # then each works
    assert read == {"id": checkout_id, "email": "owner@example.com", "lines": [{"quantity": 1}]}
    assert email == {"checkout": {"email": "thief@example.com"}, "errors": []}
    assert lines["errors"] == [] and lines["checkout"]["lines"] == [{"quantity": 4}]


def test_a_guest_checkout_stays_reachable_by_its_id_and_can_be_attached():
    # given a guest's checkout
    checkout_id, variant = _checkout()

    # when someone else reads it anonymously, and a shopper attaches it to their account
    read = data(READ, {"id": checkout_id})["checkout"]
    shopper = UserFactory()
    attached = data(ATTACH, {"id": checkout_id}, token=_token(shopper))["checkoutCustomerAttach"]

    # then both work, and from then on it is the shopper's alone
    assert read["id"] == checkout_id
    assert attached["errors"] == []
    assert Checkout.objects.get().user == shopper
    assert data(READ, {"id": checkout_id})["checkout"] is None
