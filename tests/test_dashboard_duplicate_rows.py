"""Staff saving, on Oscar's dashboard, one row with another row's values (a voucher's code, a page's
address, a range's or a partner's name, a product's UPC, a shipping method's name): every update page
of the dashboard, its second row's form posted with the first row's values all at once and one at a
time, answers without a server error (a uniqueness refused beside the form).

Each request commits (a transactional test), as it would for staff."""
import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from fuzz_every_form import _world
from test_admin_duplicate_rows import _form_values
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush
from test_dashboard_delete_pages import _things_staff_make

# (url name, the two rows' model): the dashboard's pages that change one row through a form
UPDATE_PAGES = [
    ("catalogue-product", ("catalogue", "Product")), ("catalogue-category-update", ("catalogue", "Category")),
    ("catalogue-class-update", ("catalogue", "ProductClass")),
    ("catalogue-attribute-option-group-update", ("catalogue", "AttributeOptionGroup")),
    ("catalogue-option-update", ("catalogue", "Option")), ("user-alert-update", ("customer", "ProductAlert")),
    ("page-update", ("flatpages", "FlatPage")), ("partner-manage", ("partner", "Partner")),
    ("range-update", ("offer", "Range")), ("reviews-update", ("reviews", "ProductReview")),
    ("voucher-update", ("voucher", "Voucher")), ("voucher-set-update", ("voucher", "VoucherSet")),
    ("shipping-method-edit", ("shipping", "WeightBased")), ("shipping-method-band-edit", ("shipping", "WeightBand")),
]


def _url(name, row):
    if name == "shipping-method-band-edit":
        return reverse(f"dashboard:{name}", kwargs={"method_pk": row.method_id, "pk": row.pk})
    return reverse(f"dashboard:{name}", kwargs={"pk": row.pk})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saving_a_dashboard_row_with_another_rows_values_never_fails_with_a_server_error():
    world = _world()
    _things_staff_make(world)
    _things_staff_make(world, n="-2")
    client = Client(raise_request_exception=False)
    client.force_login(world["staff"])
    problems, tried = [], []
    for name, model_name in UPDATE_PAGES:
        model = get_model(*model_name)
        rows = list(model._default_manager.order_by("-pk")[:2])
        assert len(rows) == 2, f"{name}: the world has fewer than two {model.__name__}"
        first, second = rows
        shown, own = client.get(_url(name, first)), client.get(_url(name, second))
        assert shown.status_code == own.status_code == 200, name
        theirs, ours = _form_values(shown.content.decode()), _form_values(own.content.decode())
        attempts = [("every value", theirs)] + [(field, {**ours, field: value}) for field, value in theirs.items()
                                                if ours.get(field) != value and not field.startswith("_")]
        for what, data in attempts:
            response = client.post(_url(name, second), data)
            if response.status_code >= 500:
                problems.append(f"{name}: {_url(name, second)} with {_url(name, first)}'s {what}: "
                                f"{response.status_code}")
            elif response.status_code == 302:
                ours = _form_values(client.get(_url(name, second)).content.decode())
        tried.append(f"{name} ({len(attempts)})")
    print(f"\ntried: {', '.join(tried)}")
    assert not problems, "\n".join(problems)
