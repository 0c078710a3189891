"""What the dashboard's JSON and the basket's refusals reveal: a producer's user gets no product
from the dashboard's product lookup (Oscar's dashboard is staff only; the lookup would show only its own), and a shopper is never told the name of a product
they may not see."""
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from marketplace.certification.models import CertificationStatus
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db
SAME_NAME = {"name_th": "วิสาหกิจชุมชนทอผ้าบ้านดอน", "name_en": "Ban Don Weaving Enterprise"}


def _dashboard_user(**extra):
    user = UserFactory(**extra)
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access", content_type__app_label="partner"))
    return user


def _two_producers_with_the_same_name():
    first_user, second_user = _dashboard_user(), _dashboard_user()
    first = ProducerFactory(users=[first_user], province=province("TH-51"), **SAME_NAME)  # Lamphun
    second = ProducerFactory(users=[second_user], province=province("TH-50"), **SAME_NAME)  # Chiang Mai
    certified_product(producer=first, name_th="ผ้าไหมของดอนหนึ่ง", name_en="Don One silk")
    certified_product(producer=first, name_th="ผ้าไหมลับของดอนหนึ่ง", name_en="Don One secret silk",
                      status=CertificationStatus.REVOKED)
    certified_product(producer=second, name_th="ผ้าไหมของดอนสอง", name_en="Don Two silk")
    certified_product(producer=second, name_th="ผ้าไหมลับของดอนสอง", name_en="Don Two secret silk",
                      status=CertificationStatus.REVOKED)
    return first_user, second_user


def _lookup(user, term="ผ้าไหม"):
    client = Client()
    client.force_login(user)
    response = client.get("/dashboard/catalogue/product-lookup/", {"q": term})
    if not user.is_staff:  # Oscar's dashboard is closed to non-staff users (producers/dashboard_lock.py)
        assert response.status_code == 302 and response["Location"] in ("/producer/", "/accounts/")
        return None
    assert response.status_code == 200
    return sorted(item["text"] for item in json.loads(response.content)["results"])


def test_a_producers_user_gets_no_lookup_even_beside_a_producer_of_the_same_name():
    # given two producers of the same name (in two provinces), each with a listed and an unlisted product and a user
    first_user, second_user = _two_producers_with_the_same_name()
    # when each user looks products up in the dashboard
    # then neither gets any product: the dashboard sends them to the producer portal
    assert _lookup(first_user) is None
    assert _lookup(second_user, "ดอนหนึ่ง") is None


def test_staff_look_up_every_product_and_users_without_a_producer_none():
    # given the same two producers, a staff member and a dashboard user of no producer
    _two_producers_with_the_same_name()
    staff = UserFactory(is_staff=True, is_superuser=True)
    nobody = _dashboard_user()
    # when they look products up
    # then staff find all four, the user of no producer none
    assert _lookup(staff) == ["ผ้าไหมของดอนสอง", "ผ้าไหมของดอนหนึ่ง", "ผ้าไหมลับของดอนสอง", "ผ้าไหมลับของดอนหนึ่ง"]
    assert _lookup(nobody) is None


def test_the_lookup_itself_answers_only_with_the_users_own_products():
    # given the lookup view asked directly (as it would be were the dashboard lock ever lifted)
    from django.test import RequestFactory

    from marketplace.catalog.dashboard_lookup import ProductLookupView

    first_user, _ = _two_producers_with_the_same_name()
    request = RequestFactory().get("/dashboard/catalogue/product-lookup/", {"q": "ผ้าไหม"})
    request.user = first_user
    # when it lists products, then only the user's producer's own
    names = sorted(p.title for p in ProductLookupView(request=request, kwargs={}).get_queryset())
    assert names == ["ผ้าไหมของดอนหนึ่ง", "ผ้าไหมลับของดอนหนึ่ง"]


def test_the_lookup_is_the_only_json_view_of_oscars_dashboard_open_to_non_staff_users():
    # given Oscar's dashboard apps and the views they open to partner users (dashboard access)
    from oscar.apps.dashboard.permissions import DashboardPermission

    open_to_partners = set()
    for config in apps.get_app_configs():
        if config.name.startswith("oscar.apps.dashboard"):
            for name, permissions in getattr(config, "permissions_map", {}).items():
                alternatives = permissions if isinstance(permissions, tuple) else (permissions,)
                if any(DashboardPermission.partner_dashboard_access == p for p in alternatives):
                    open_to_partners.add(name)
    # when/then they are the product pages, the lookup and the order pages, as when this was checked:
    # a new one after an Oscar upgrade must be checked for what it reveals, then added here
    assert open_to_partners == {
        "index", "catalogue-product", "catalogue-product-create", "catalogue-product-list", "catalogue-product-bulk-action",
        "catalogue-product-delete", "catalogue-product-lookup", "order-list", "order-stats", "order-detail",
        "order-detail-note", "order-line-detail", "order-shipping-address"}


def _refusal(client, product_pk):
    response = client.post(reverse("basket:add", kwargs={"pk": product_pk}), {"quantity": 1}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("basket:summary")
    return [str(message) for message in response.context["messages"]]


def test_the_basket_refuses_a_product_the_shopper_cannot_see_without_naming_it(client):
    # given another producer's unlisted product, and a product id that does not exist
    hidden = certified_product(name_en="Don secret silk", name_th="ผ้าไหมลับ", status=CertificationStatus.REVOKED)
    missing = hidden.pk + 1000
    # when a shopper, then a signed-in shopper, post both to the basket
    signed_in = Client()
    signed_in.force_login(UserFactory())
    refusals = [_refusal(shopper, pk) for shopper in (client, signed_in) for pk in (hidden.pk, missing)]
    # then the product is not named, and it is refused exactly as one that does not exist
    assert refusals[0] and all(refusal == refusals[0] for refusal in refusals), refusals
    assert all("ผ้าไหมลับ" not in message and "secret" not in message for message in refusals[0])
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 0


def test_the_basket_names_an_unlisted_product_to_its_own_producers_user():
    # given a producer's unlisted product and that producer's user
    user = UserFactory()
    producer = ProducerFactory(users=[user])
    hidden = certified_product(producer=producer, name_en="Don secret silk", name_th="ผ้าไหมลับ", is_public=False)
    client = Client()
    client.force_login(user)
    # when they try to add it to a basket
    messages = _refusal(client, hidden.pk)
    # then they are told which product is not on sale
    assert len(messages) == 1 and "ผ้าไหมลับ" in messages[0]
