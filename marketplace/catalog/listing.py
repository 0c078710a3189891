"""The one place that decides whether a product may be listed to shoppers.

A product may be listed when all of these hold:
- it has a programme profile and Oscar's ``is_public`` (staff can unpublish) is set;
- its newest certification (highest selection year) is in force today
  (``certification.validity``: status ``current`` and today within its validity period; an
  expired or revoked newest certification delists the product even if an older one were
  still valid);
- its producer is active;
- it has a price (a selling record, ``catalog.stock``).

Every shopper-facing page, the API and the search index ask this module. Staff and the
users of the product's own producer still see unlisted products (``visible_to``).
"""
import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.catalog import stock
from marketplace.certification import validity
from marketplace.certification.models import Certification

Product = get_model("catalogue", "Product")


def _today(today=None) -> datetime.date:
    return today or timezone.localdate()


def newest_certification_subquery(product_ref="pk"):
    """The id of the newest certification of the product that ``product_ref`` names in the outer query."""
    return Subquery(
        Certification.objects.filter(product=OuterRef(product_ref))
        .order_by("-selection_year", "-valid_from", "-id")
        .values("pk")[:1]
    )


# Why a product is not listed: each condition of the rule by a code, in the order a reader
# would look for the cause (the import's preview names them).
PUBLISHED, PRODUCER_ACTIVE, CERTIFIED, PRICED = "published", "producer_active", "certified", "priced"


def conditions(today=None) -> dict[str, Q]:
    """The rule's conditions, each a filter on ``catalogue.Product``; listable = all of them."""
    today = _today(today)
    current = Certification.objects.filter(validity.in_force_q(today), pk=newest_certification_subquery("product"))
    priced = stock.selling_records()  # something to sell from, at a price
    return {
        PUBLISHED: Q(is_public=True, profile__isnull=False),
        PRODUCER_ACTIVE: Q(profile__producer__active=True),
        CERTIFIED: Q(Exists(current.filter(product=OuterRef("pk")))),
        PRICED: Q(Exists(priced)),
    }


def listable_q(today=None) -> Q:
    """A filter on ``catalogue.Product`` that keeps the listable products."""
    combined = Q()
    for condition in conditions(today).values():
        combined &= condition
    return combined


def unmet_condition(product_ids, today=None) -> dict[int, str]:
    """For each of ``product_ids`` that is not listable, the first condition of the rule it fails."""
    checks = conditions(today)
    rows = Product.objects.filter(pk__in=list(product_ids)).annotate(
        **{f"meets_{name}": ExpressionWrapper(q, output_field=BooleanField()) for name, q in checks.items()})
    unmet = {}
    for row in rows.values("pk", *[f"meets_{name}" for name in checks]):
        failing = next((name for name in checks if not row[f"meets_{name}"]), None)
        if failing:
            unmet[row["pk"]] = failing
    return unmet


def listable(queryset: QuerySet | None = None, today=None) -> QuerySet:
    queryset = Product.objects.all() if queryset is None else queryset
    return queryset.filter(listable_q(today))


def is_listable(product, today=None) -> bool:
    return listable(Product.objects.filter(pk=product.pk), today).exists()


def _own_products_q(user) -> Q:
    return Q(profile__producer__partner__users=user)


def visible_to(user, queryset: QuerySet | None = None, today=None) -> QuerySet:
    """Listable products, plus everything for staff and a producer's own products for its users."""
    queryset = Product.objects.all() if queryset is None else queryset
    if getattr(user, "is_staff", False):
        return queryset
    if getattr(user, "is_authenticated", False):
        return queryset.filter(listable_q(today) | _own_products_q(user)).distinct()
    return queryset.filter(listable_q(today))


def managed_by(user, queryset: QuerySet | None = None) -> QuerySet:
    """The products a dashboard user works on, listed or not: every product for staff, a producer's
    own products for its users (never another producer's, whatever its name), none for others."""
    queryset = Product.objects.all() if queryset is None else queryset
    if getattr(user, "is_staff", False):
        return queryset
    if getattr(user, "is_authenticated", False):
        return queryset.filter(_own_products_q(user)).distinct()
    return queryset.none()


def can_view(user, product, today=None) -> bool:
    return visible_to(user, Product.objects.filter(pk=product.pk), today).exists()


def may_change_on(day: datetime.date) -> QuerySet:
    """Products whose listing may change when ``day`` begins (midnight, Thai time): a
    certification of theirs ended the day before or starts that day. Nothing is written when
    that happens, so whatever keeps a copy of the listing (the search index) asks this."""
    edge = Certification.objects.filter(
        Q(valid_until=day - datetime.timedelta(days=1)) | Q(valid_from=day)).values("product_id")
    return Product.objects.filter(pk__in=edge)
