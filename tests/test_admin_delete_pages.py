"""Staff deleting through Django's admin: for every model the admin offers, one object of the
shop's kind of data (products, producers, orders, quotes, officers …) has its history page, its
delete confirmation, and the delete itself answered without a server error. The object is gone
after a delete that was not refused; a refused one (a protected row) is shown, not a 500.

The admin's crawler (``fuzz_every_form.py``) leaves these pages alone so that what it finds stays
there; this test visits them on purpose. Each request commits (a transactional test), so a key
that a delete would leave dangling fails when it commits, as it would for staff."""
import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from fuzz_every_form import _world
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

# Models whose rows are the site's own set-up, shared by every other row: deleting them is a
# different test (and would empty the world the others are deleted from).
LEFT_ALONE = {"sites.site", "auth.permission", "contenttypes.contenttype"}


def _newest(model, staff):
    """The newest row (the world's own, not a seeded one); never the signed-in staff user."""
    rows = model._default_manager.order_by("-pk")
    if model is type(staff):
        rows = rows.exclude(pk=staff.pk)
    return rows.first()


def _url(model, name, obj):
    meta = model._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=[obj.pk])
    except NoReverseMatch:
        return None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_admin_delete_and_history_page_answers_without_a_server_error():
    staff = _world()["staff"]
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    problems, deleted, kept = [], [], []
    models = sorted(admin.site._registry, key=lambda m: m._meta.label_lower)
    for model in models:
        label = model._meta.label_lower
        obj = _newest(model, staff)
        if label in LEFT_ALONE or obj is None:
            continue
        for name in ("history", "delete"):
            url = _url(model, name, obj)
            if url is None:
                continue
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"GET {url} ({label}): {response.status_code}")
        url = _url(model, "delete", obj)
        if url is None:
            continue
        response = client.post(url, {"post": "yes"})
        if response.status_code >= 500:
            problems.append(f"POST {url} ({label}): {response.status_code}")
            continue
        gone = not model._default_manager.filter(pk=obj.pk).exists()
        if response.status_code == 302 and not gone:
            problems.append(f"POST {url} ({label}): said deleted, still there")
        (deleted if gone else kept).append(label)
    print(f"\ndeleted {len(deleted)}: {', '.join(deleted)}\nkept {len(kept)}: {', '.join(kept)}")
    assert not problems, "\n".join(problems)
    # the test did delete things: most of what the admin offers is deletable by staff
    assert len(deleted) >= 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_admin_list_deletes_its_selected_rows_without_a_server_error():
    staff = _world()["staff"]
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    problems, emptied = [], []
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label_lower):
        meta = model._meta
        rows = model._default_manager.order_by("pk")
        if model is type(staff):
            rows = rows.exclude(pk=staff.pk)
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)[:50]]
        if meta.label_lower in LEFT_ALONE or not ids:
            continue
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        # the "delete selected" action: its confirmation, then the confirmation's answer
        for data in ({"action": "delete_selected", "_selected_action": ids},
                     {"action": "delete_selected", "_selected_action": ids, "post": "yes"}):
            response = client.post(url, data)
            if response.status_code >= 500:
                problems.append(f"POST {url} {'confirmed' if 'post' in data else ''} ({meta.label_lower}): "
                                f"{response.status_code}")
                break
        else:
            if not model._default_manager.filter(pk__in=ids).exists():
                emptied.append(meta.label_lower)
    print(f"\nemptied {len(emptied)}: {', '.join(emptied)}")
    assert not problems, "\n".join(problems)
    assert len(emptied) >= 15


@pytest.mark.django_db
def test_the_shops_books_and_the_provinces_cannot_be_deleted_in_the_admin_even_by_a_superuser():
    """A placed order, its lines, its payment, a processed webhook event, the audit log and a
    province keep their rows: no delete page, no "delete selected", for the superuser too."""
    from django.apps import apps

    from marketplace.core.admin_rows import KEPT
    from marketplace.payments.models import StripePayment

    staff = _world()["staff"]
    order = apps.get_model("order", "Order").objects.latest("pk")
    StripePayment.objects.create(intent_id="pi_kept", order=order, amount=order.total_incl_tax, currency="THB",
                                 status="succeeded")
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    tried = []
    for app_label, name in KEPT:
        model = apps.get_model(app_label, name)
        assert model in admin.site._registry, f"{model._meta.label} is kept but not in the admin"
        obj = model._default_manager.order_by("-pk").first()
        if obj is None:
            continue
        tried.append(model._meta.label_lower)
        url = _url(model, "delete", obj)
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"post": "yes"}).status_code == 403, url
        changelist = reverse(f"admin:{app_label}_{model._meta.model_name}_changelist")
        page = client.get(changelist)
        assert page.status_code == 200
        assert "delete_selected" not in page.content.decode(), changelist
        client.post(changelist, {"action": "delete_selected", "_selected_action": [str(obj.pk)], "post": "yes"})
        assert model._default_manager.filter(pk=obj.pk).exists(), f"{model._meta.label} {obj.pk} was deleted"
        change = client.get(_url(model, "change", obj))
        assert change.status_code == 200 and _url(model, "delete", obj) not in change.content.decode()
    # the world holds an order with its lines, addresses and price rows, a payment, provinces, log entries
    for label in ("order.order", "order.line", "order.lineprice", "order.shippingaddress",
                  "otop_payments.stripepayment", "provinces.province", "auditlog.logentry"):
        assert label in tried, f"nothing of {label} to try"


@pytest.mark.django_db
def test_a_delete_that_would_take_a_kept_row_along_is_refused():
    """Deleting a payment event type deletes its events with it (Oscar's cascade): while an order
    holds one, the admin refuses, and the type and the event stay; an unused type still goes."""
    from oscar.core.loading import get_model

    PaymentEventType = get_model("order", "PaymentEventType")
    PaymentEvent = get_model("order", "PaymentEvent")
    staff = _world()["staff"]
    order = get_model("order", "Order").objects.latest("pk")
    used = PaymentEventType.objects.create(name="Paid by card")
    event = PaymentEvent.objects.create(order=order, amount=order.total_incl_tax, event_type=used)
    unused = PaymentEventType.objects.create(name="Never used")
    client = Client(raise_request_exception=False)
    client.force_login(staff)

    page = client.get(_url(PaymentEventType, "delete", used))
    assert page.status_code == 200 and page.context["perms_lacking"]  # it names what may not go
    assert client.post(_url(PaymentEventType, "delete", used), {"post": "yes"}).status_code == 403
    assert PaymentEventType.objects.filter(pk=used.pk).exists() and PaymentEvent.objects.filter(pk=event.pk).exists()

    assert client.post(_url(PaymentEventType, "delete", unused), {"post": "yes"}).status_code == 302
    assert not PaymentEventType.objects.filter(pk=unused.pk).exists()
