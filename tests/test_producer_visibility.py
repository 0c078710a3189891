"""Which producers a user may see has one home (``Producer.objects.visible_to``): the producer's
page and the API's ``producer``/``producers`` agree for anonymous shoppers, other customers,
the producer's own users and staff."""
import pytest
from django.test import Client

from graphql_client import data, token_for
from marketplace.producers.models import Producer
from marketplace.testing.factories import ProducerFactory, UserFactory

pytestmark = pytest.mark.django_db

PRODUCERS = """query Producers($slug: String!) {
  producer(slug: $slug) { slug }
  producers(first: 50) { edges { node { slug } } }
}"""


def _through_the_page(user, producer):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(producer.get_absolute_url()).status_code == 200


def _through_the_api(user, producer):
    token = token_for(user) if user is not None else None
    found = data(PRODUCERS, {"slug": producer.slug}, token=token)
    listed = {edge["node"]["slug"] for edge in found["producers"]["edges"]}
    assert (found["producer"] is not None) == (producer.slug in listed)  # one answer inside the API too
    return found["producer"] is not None


@pytest.mark.parametrize("who, sees_inactive", [
    ("anonymous", False), ("customer", False), ("own user", True), ("another producer's user", False), ("staff", True),
])
def test_page_and_api_show_the_same_producers_to_each_kind_of_user(who, sees_inactive):
    # given an active producer, an inactive one with its own user, and another producer's user
    active = ProducerFactory()
    own = UserFactory()
    inactive = ProducerFactory(active=False, users=[own])
    ProducerFactory(users=[other := UserFactory()])
    user = {"anonymous": None, "customer": UserFactory(), "own user": own, "another producer's user": other,
            "staff": UserFactory(is_staff=True)}[who]

    # when the user looks for both producers on the pages and through the API
    seen = {p.slug: (_through_the_page(user, p), _through_the_api(user, p)) for p in (active, inactive)}

    # then both front ends agree: the active one for everyone, the inactive one for staff and its users
    assert seen == {active.slug: (True, True), inactive.slug: (sees_inactive, sees_inactive)}


def test_visible_to_lists_each_producer_once_whatever_its_number_of_users():
    # given an active producer with three users, one of whom asks
    users = [UserFactory() for _ in range(3)]
    producer = ProducerFactory(users=users)
    # when/then it is listed once
    assert list(Producer.objects.visible_to(users[0]).filter(pk=producer.pk)) == [producer]
