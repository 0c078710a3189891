"""The Oscar-dashboard part of issue 13's cross-producer matrix: every address under Oscar's
dashboard, enumerated from the URL resolver (a page added by an Oscar upgrade is in it
without editing this file), asked by a producer's user (not staff) who holds every permission
there is, Oscar's partner.dashboard_access included. None answers with data: a GET is sent to the
producer portal, any other method refused; staff still get the dashboard."""
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from marketplace.producers.dashboard_lock import is_oscar_dashboard
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db


def _leaves(patterns, namespace=None, route=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from _leaves(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern, route + str(pattern.pattern)


def _dashboard_urls(values):
    """Every dashboard URL the resolver knows (Thai, unprefixed), with its arguments filled in."""
    urls = {}
    for namespace, pattern, route in _leaves(get_resolver().url_patterns):
        if "dashboard" not in route:
            continue
        arguments = list(pattern.pattern.regex.groupindex)
        if not pattern.name:  # ours, served ahead of Oscar's at Oscar's address (the product lookup)
            assert not arguments, f"an unnamed dashboard address with arguments: {route}"
            urls[route] = "/" + route
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        for candidate in (values, {k: "otop-product" for k in arguments}, {k: "x" for k in arguments}):
            try:
                url = reverse(name, kwargs={k: candidate.get(k, "1") for k in arguments})
            except NoReverseMatch:
                continue
            if is_oscar_dashboard(url):
                urls[name] = url
            break
        else:
            raise AssertionError(f"cannot build {name} ({route}) with {arguments}")
    return urls


@pytest.fixture
def producer_with_every_permission():
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.all())  # every permission, partner.dashboard_access included
    mine = ProducerFactory(users=[user], province=province("TH-51"), name_th="กลุ่มดอน", name_en="Don group")
    other = ProducerFactory(province=province("TH-50"), name_th="กลุ่มดอน", name_en="Don group")
    product = certified_product(producer=other, name_th="ชาของอีกกลุ่ม", name_en="The other group's tea")
    client = Client()
    client.force_login(user)
    values = {"pk": str(product.pk), "parent_pk": str(product.pk), "product_pk": str(product.pk),
              "product_class_slug": "otop-product", "number": "100001"}
    return client, values


def test_every_oscar_dashboard_address_sends_a_producer_to_the_portal(producer_with_every_permission):
    client, values = producer_with_every_permission
    urls = _dashboard_urls(values)
    # Oscar 4.2 has about a hundred dashboard pages; a handful would mean the enumeration broke
    assert len(urls) > 80, sorted(urls)
    assert "dashboard:order-list" in urls and "dashboard:catalogue-product-create" in urls
    answered = {}
    for name, url in sorted(urls.items()):
        got, posted = client.get(url), client.post(url, {"action": "delete"})
        answered[name] = (got.status_code, got.get("Location"), posted.status_code)
    wrong = {name: a for name, a in answered.items() if a != (302, "/producer/", 403)}
    assert not wrong, wrong


def test_english_addresses_too_and_the_import_keeps_its_own_check(producer_with_every_permission):
    client, _ = producer_with_every_permission
    got = client.get("/en/dashboard/orders/")
    assert (got.status_code, got["Location"]) == (302, "/en/producer/")
    # the import's own check refuses the producer (no import permission), never the portal redirect
    assert client.get("/dashboard/import/").status_code == 403


def test_a_shopper_who_acts_for_no_producer_is_sent_to_their_account_not_the_portal():
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/en/dashboard/reports/")["Location"] == "/en/accounts/"
    assert client.get("/dashboard/")["Location"] == "/accounts/"
    assert client.post("/dashboard/orders/", {"action": "delete"}).status_code == 403


def test_staff_still_get_the_dashboard_and_anonymous_visitors_the_sign_in():
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert staff.get("/dashboard/").status_code == 200
    assert staff.get("/dashboard/orders/").status_code == 200
    anonymous = Client().get("/dashboard/orders/")
    assert anonymous.status_code == 302 and re.search(r"login", anonymous["Location"])


def test_a_deactivated_staff_account_is_not_staff_for_the_dashboard():
    client = Client()
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    # Django's session no longer authenticates an inactive user: the sign-in page, not the dashboard
    assert client.get("/dashboard/").status_code == 302
