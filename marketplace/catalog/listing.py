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
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from oscar.core.loading import get_model

from marketplace.catalog import stock
from marketplace.catalog.models import ProductProfile
from marketplace.core.dates import display_date
from marketplace.certification import validity
from marketplace.certification.models import Certification, CertificationStatus

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


# Why, in words: the producer portal shows each product's state with the reasons below, worked
# out from the same conditions as the rule (``conditions``) in one query for a whole page.
NO_PROFILE, HIDDEN, NO_CERTIFICATION, REVOKED, EXPIRED, NOT_YET_VALID = (
    "no_profile", "hidden", "no_certification", "revoked", "expired", "not_yet_valid")
ENDING_SOON, OUT_OF_STOCK, PENDING = "ending_soon", "out_of_stock", "pending"

# Finders of products with a content change waiting for approval: ``finder(product_ids)`` returns
# the ids among them that have one. The moderation app registers its own when it is installed (the
# catalog cannot import it: moderation builds on the catalog).
_pending_finders = []


def register_pending_finder(finder):
    if finder not in _pending_finders:
        _pending_finders.append(finder)


def _pending_ids(product_ids) -> set[int]:
    found = set()
    for finder in _pending_finders:
        found.update(finder(product_ids))
    return found


@dataclass(frozen=True)
class Note:
    """One reason or warning: a code for programs, a sentence for people, the date it is about."""

    code: str
    message: str
    date: datetime.date | None = None


@dataclass
class Explanation:
    """A product's state under the rule: listed or not, why not (in the rule's order), and what
    the producer should know ahead of time."""

    listed: bool
    reasons: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    pending: bool = False


def _certification_note(row, today) -> Note:
    status, valid_from, valid_until = row["newest_status"], row["newest_valid_from"], row["newest_valid_until"]
    if status is None:
        return Note(NO_CERTIFICATION, _("no OTOP certification"))
    if status == CertificationStatus.REVOKED:
        return Note(REVOKED, _("certification revoked"))
    if valid_from > today:
        return Note(NOT_YET_VALID, _("certification valid from %(date)s") % {"date": display_date(valid_from)},
                    valid_from)
    # Marked expired early, or its period is over.
    ended = valid_until if valid_until < today else None
    if ended is None:
        return Note(EXPIRED, _("certification expired"))
    return Note(EXPIRED, _("certification expired on %(date)s") % {"date": display_date(ended)}, ended)


def explain(product_ids, today=None) -> dict[int, Explanation]:
    """For each of ``product_ids``, whether it is listed and why not, from the rule's own
    conditions; warnings: the certification ends within ``validity.ENDING_SOON_DAYS``, no stock
    to sell, a change waiting for approval. One query, plus one per registered pending finder."""
    today = _today(today)
    product_ids = list(product_ids)
    checks = conditions(today)
    newest = Certification.objects.filter(pk=newest_certification_subquery("product"), product=OuterRef("pk"))
    ending = newest.filter(validity.ending_soon_q(today))
    rows = Product.objects.filter(pk__in=product_ids).annotate(
        **{f"meets_{name}": ExpressionWrapper(q, output_field=BooleanField()) for name, q in checks.items()},
        has_profile=Exists(ProductProfile.objects.filter(product=OuterRef("pk"))),
        available=stock.available_expression(),
        newest_status=Subquery(newest.values("status")),
        newest_valid_from=Subquery(newest.values("valid_from")),
        newest_valid_until=Subquery(newest.values("valid_until")),
        ending_until=Subquery(ending.values("valid_until")),
    ).values("pk", "has_profile", "available", "newest_status", "newest_valid_from", "newest_valid_until",
             "ending_until", *[f"meets_{name}" for name in checks])
    pending = _pending_ids(product_ids) if product_ids else set()
    explained = {}
    for row in rows:
        reasons = []
        if not row[f"meets_{PUBLISHED}"]:
            reasons.append(Note(HIDDEN, _("hidden from shoppers by the programme staff")) if row["has_profile"]
                           else Note(NO_PROFILE, _("not an OTOP programme product")))
        if not row[f"meets_{PRODUCER_ACTIVE}"] and row["has_profile"]:
            reasons.append(Note(PRODUCER_ACTIVE, _("the producer is inactive")))
        if not row[f"meets_{CERTIFIED}"]:
            reasons.append(_certification_note(row, today))
        if not row[f"meets_{PRICED}"]:
            reasons.append(Note(PRICED, _("no price")))
        warnings = []
        if row["ending_until"] is not None:
            days = (row["ending_until"] - today).days
            warnings.append(Note(ENDING_SOON, ngettext(
                "certification ends on %(date)s, in %(days)d day: renew it to stay listed",
                "certification ends on %(date)s, in %(days)d days: renew it to stay listed", days,
            ) % {"date": display_date(row["ending_until"]), "days": days}, row["ending_until"]))
        if row[f"meets_{PRICED}"] and not row["available"]:
            warnings.append(Note(OUT_OF_STOCK, _("out of stock: shoppers cannot buy it")))
        if row["pk"] in pending:
            warnings.append(Note(PENDING, _("waiting for approval: shoppers see the approved version meanwhile")))
        explained[row["pk"]] = Explanation(listed=not reasons, reasons=reasons, warnings=warnings,
                                           pending=row["pk"] in pending)
    return explained
