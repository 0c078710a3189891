"""Staff deleting on Oscar's dashboard: every delete page the dashboard has, for every row of its
model in a world of the shop's kind of data (producers with orders and parcels, a trade buyer's
request and quote, certified products) and one of each thing staff make there (a page, a range, an
offer, a voucher, a review, a stock alert, a shipping method with a band), answers its confirmation
and its delete without a server error; a refused delete leaves its row there.

Each request commits (a transactional test), as it would for staff."""
import datetime

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone
from oscar.core.loading import get_model

from fuzz_every_form import _world
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

PER_MODEL = 12


# Deleted last: what the others' rows hang on (a product's reviews and alerts, a method's bands)
LAST = ("dashboard:catalogue-product-delete", "dashboard:partner-delete", "dashboard:shipping-method-delete",
        "dashboard:catalogue-category-delete", "dashboard:catalogue-class-delete",
        "dashboard:catalogue-attribute-option-group-delete")


def _delete_pages():
    """(url name, model, the pattern's keyword arguments) of every dashboard delete page, those whose
    rows others hang on last."""
    return sorted(_every_delete_page(), key=lambda page: LAST.index(page[0]) if page[0] in LAST else -1)


def _every_delete_page():
    def walk(patterns, namespace):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace == "dashboard" and pattern.name and pattern.name.endswith("-delete"):
                yield pattern
    for pattern in walk(get_resolver().url_patterns, None):
        model = getattr(getattr(pattern.callback, "view_class", None), "model", None)
        yield f"dashboard:{pattern.name}", model, set(pattern.pattern.regex.groupindex)


def _things_staff_make(world, n=""):
    product = get_model("catalogue", "Product").objects.order_by("pk")[1 if n else 0]  # one review each
    shopper = world["shopper"]
    page = FlatPage.objects.create(url=f"/about-the-fair{n}/", title=f"About the fair{n}", content="…")
    page.sites.add(Site.objects.get_current())
    Range = get_model("offer", "Range")
    chosen = Range.objects.create(name=f"Fair selection{n}")
    chosen.add_product(product)
    Condition, Benefit = get_model("offer", "Condition"), get_model("offer", "Benefit")
    offer = get_model("offer", "ConditionalOffer").objects.create(
        name=f"Fair 10%{n}", offer_type="Voucher", condition=Condition.objects.create(range=chosen, type="Count", value=1),
        benefit=Benefit.objects.create(range=chosen, type="Percentage", value=10))
    now = timezone.now()
    voucher = get_model("voucher", "Voucher").objects.create(name=f"Fair{n}", code=f"FAIR10{n}", start_datetime=now,
                                                            end_datetime=now + datetime.timedelta(days=30))
    voucher.offers.add(offer)
    get_model("reviews", "ProductReview").objects.create(product=product, user=shopper, title="Good", score=4,
                                                         body="Good silk")
    get_model("customer", "ProductAlert").objects.create(product=product, user=shopper)
    method = get_model("shipping", "WeightBased").objects.create(name=f"Parcel by weight{n}")
    method.bands.create(upper_limit=5, charge=100)
    colours = get_model("catalogue", "AttributeOptionGroup").objects.create(name=f"Colours{n}")
    get_model("catalogue", "Option").objects.create(name=f"Gift wrap{n}", type="text", option_group=colours)
    get_model("catalogue", "AttributeOptionGroup").objects.create(name=f"Sizes{n}")
    get_model("catalogue", "ProductClass").objects.create(name=f"Gift set{n}")
    get_model("voucher", "VoucherSet").objects.create(name=f"Fair set{n}", count=2, description="…", start_datetime=now,
                                                      end_datetime=now + datetime.timedelta(days=30))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_dashboard_delete_page_answers_without_a_server_error():
    world = _world()
    _things_staff_make(world)
    client = Client(raise_request_exception=False)
    client.force_login(world["staff"])
    problems, deleted, kept, tried = [], [], [], set()
    for name, model, arguments in _delete_pages():
        if model is None:
            problems.append(f"{name}: no model to try it on")
            continue
        if "method_pk" in arguments:  # a shipping method's band
            rows = [(band, {"method_pk": band.method_id, "pk": band.pk})
                    for band in get_model("shipping", "WeightBand").objects.all()[:PER_MODEL]]
        else:
            rows = [(obj, {"pk": obj.pk}) for obj in model._default_manager.order_by("pk")[:PER_MODEL]]
        for obj, kwargs in rows:
            tried.add(name)
            url = reverse(name, kwargs=kwargs)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code >= 500:
                    problems.append(f"{method.upper()} {url}: {response.status_code}")
            (kept if type(obj)._default_manager.filter(pk=obj.pk).exists() else deleted).append(url)
    print(f"\ndeleted {len(deleted)}, kept {len(kept)}; pages tried: {len(tried)}")
    assert not problems, "\n".join(problems)
    untried = {name for name, *_ in _delete_pages()} - tried
    assert not untried, f"no row to try: {sorted(untried)}"
    # some of each: the world's protected rows (a producer's partner, a requested product) were kept
    assert deleted and kept
