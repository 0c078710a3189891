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
