"""Staff saving, in Django's admin, one row with another row's values (a producer renamed to the
name of another in its province, a second certification of a product for one year, a channel's
slug taken again): for every model the admin offers, the second row's change form posted with
what the first row's form holds answers without a server error, a uniqueness refused beside the
form. Rules the database keeps that the form cannot see (a unique name worked out from the
name) were a 500 when the database refused the save.

Each request commits (a transactional test), as it would for staff."""
import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from fuzz_every_form import Page, _world
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

LEFT_ALONE = {"sites.site", "auth.permission", "contenttypes.contenttype"}


def _form_values(html):
    """The admin's change form (the one posted with "Save"), as a browser would post it unchanged;
    none of its inline rows (they belong to the row shown)."""
    page = Page()
    page.feed(html)
    form = max((f for f in page.forms if f["method"] == "post"), key=lambda f: len(f["fields"]), default=None)
    data = {}
    for name, kind, value, _ in form["fields"] if form else ():
        if kind == "file" or value is None:
            continue
        if name.endswith("-TOTAL_FORMS") or name.endswith("-INITIAL_FORMS"):
            value = "0"  # the first row's inline rows are its own, not the second's
        data.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saving_a_row_with_another_rows_values_never_fails_with_a_server_error():
    staff = _world()["staff"]
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    problems, tried = [], []
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower):
        meta = model._meta
        rows = list(model._default_manager.exclude(pk=staff.pk).order_by("-pk")[:2]) \
            if model is type(staff) else list(model._default_manager.order_by("-pk")[:2])
        if meta.label_lower in LEFT_ALONE or len(rows) < 2:
            continue
        first, second = rows
        try:
            first_url, second_url = (reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
                                     for row in (first, second))
        except NoReverseMatch:
            continue
        shown, own = client.get(first_url), client.get(second_url)
        if shown.status_code != 200 or own.status_code != 200:
            continue
        theirs, ours = _form_values(shown.content.decode()), _form_values(own.content.decode())
        # every value of the first row at once, then each one alone in the second row's own form (the
        # others would be refused first: a name taken again is only seen with the rest left as it was)
        attempts = [("every value", theirs)] + [
            (name, {**ours, name: value}) for name, value in theirs.items()
            if ours.get(name) != value and "-" not in name and not name.startswith("_")]
        for what, data in attempts:
            response = client.post(second_url, data)
            if response.status_code >= 500:
                problems.append(f"POST {second_url} ({meta.label_lower}) with {first_url}'s {what}: "
                                f"{response.status_code}")
            elif response.status_code == 302:  # saved: the next attempt starts from the second row as saved
                ours = _form_values(client.get(second_url).content.decode())
        tried.append(meta.label_lower)
    print(f"\ntried {len(tried)}: {', '.join(tried)}")
    assert not problems, "\n".join(problems)
    assert "producers.producer" in tried and len(tried) >= 20


@pytest.mark.django_db
def test_a_producer_renamed_to_another_of_its_province_is_told_so_as_the_import_compares_names():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from marketplace.testing.factories import certified_product

    first = certified_product().profile.producer
    second = certified_product().profile.producer
    second.province = first.province
    second.save()
    second.name_th = f"  {first.name_th.upper()}  "  # the same name to the import: spaces and case aside
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        second.full_clean(exclude=["name_key"])  # as the admin's form leaves it out
    assert "มีผู้ผลิตชื่อนี้ในจังหวัดนี้อยู่แล้ว" in str(refused.value.messages)
    second.province = type(first.province).objects.exclude(pk=first.province_id).first()
    second.full_clean(exclude=["name_key"])  # another province may have one of that name
