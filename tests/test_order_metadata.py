"""An order keeps the metadata its checkout had, as Saleor copies it: Saleor's storefront stores a
guest's marketing consent on the checkout (``updateMetadata``), and whatever reads the order (staff,
the shop's own jobs) finds it there. The order's metadata is read through the API like the
checkout's (private keys for staff only) and is not changed through it. Before, it stayed on the
checkout and the order answered no metadata at all."""
import pytest
from oscar.core.loading import get_model

from buying import in_english
from graphql_client import data, token_for
from marketplace.metadata import store
from marketplace.metadata.models import Metadata
from marketplace.orders.models import Checkout
from marketplace.testing.factories import UserFactory, certified_product
from test_checkout_graphql import PLACES, _checkout, _finish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_keys")]
Order = get_model("order", "Order")

CONSENT = [{"key": "paper.marketing_opt_in", "value": "true"},
           {"key": "paper.marketing_opt_in_at", "value": "2026-12-05T04:40:00.000Z"},
           {"key": "paper.marketing_opt_in_source", "value": "checkout_contact"}]
UPDATE = """mutation($id: ID!, $input: [MetadataInput!]!) { updateMetadata(id: $id, input: $input) {
  errors { field code } } }"""
ORDER = """query($id: ID!) { order(id: $id) { metadata { key value } metafield(key: "paper.marketing_opt_in")
  privateMetadata { key value } } }"""


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _paid_checkout_with(client, items=None, private=None):
    checkout = _checkout(client, "th-thb", certified_product())
    if items:
        assert data(UPDATE, {"id": checkout["id"], "input": items}, client=client)["updateMetadata"]["errors"] == []
    if private:
        store.update(Checkout.objects.get(), list(private.items()), private=True)
    completed = _finish(client, checkout["id"], PLACES["TH"])["completed"]
    assert completed["errors"] == []
    return completed["order"]["id"]


def test_the_order_keeps_the_marketing_consent_its_checkout_was_given(client):
    # given a guest's checkout on which the storefront stored the marketing consent
    order_id = _paid_checkout_with(client, CONSENT, private={"fraud.score": "0.1"})

    # when the order is read by whoever holds its id
    order = data(ORDER, {"id": order_id})["order"]

    # then it answers the checkout's metadata, and its private keys to nobody but staff
    assert order["metadata"] == sorted(CONSENT, key=lambda item: item["key"])
    assert order["metafield"] == "true"
    assert order["privateMetadata"] == []
    staff = token_for(UserFactory(is_staff=True))
    assert data(ORDER, {"id": order_id}, token=staff)["order"]["privateMetadata"] == [
        {"key": "fraud.score", "value": "0.1"}]


def test_an_order_from_a_checkout_without_metadata_has_none(client):
    order_id = _paid_checkout_with(client)

    assert data(ORDER, {"id": order_id})["order"]["metadata"] == []
    assert not Metadata.objects.filter(content_type__model="order").exists()


def test_the_orders_metadata_is_not_changed_through_the_api(client):
    order_id = _paid_checkout_with(client, CONSENT)

    refused = data(UPDATE, {"id": order_id, "input": [{"key": "paper.marketing_opt_in", "value": "false"}]},
                   client=client)["updateMetadata"]

    assert refused["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    assert data(ORDER, {"id": order_id})["order"]["metafield"] == "true"
