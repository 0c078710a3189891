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

The rule is kept, not recomputed per request: ``catalog.Listing`` holds each product's verdict
(every condition but the certification's dates, and the newest certification's period, compared
with the day when read), with the facts pages sort and filter on. ``refresh(product_ids)`` rewrites
rows from the rule (``rule_q`` is the rule from scratch); the catalogue's signals call it in the
transaction of every change the rule reads, the import (``refresh_written``) in the transaction of its
bulk writes. Writes that send no signals (``QuerySet.update()``) must call ``refresh`` themselves. ``mismatches()``
compares the table with the rule (tests after every kind of change; ``manage.py listing_refresh
--check`` and the nightly job in production). What each channel shows (listed there, its price in the
channel's currency) is kept per product and channel from these rows (``channels.kept``, through
``rows_written``), and checked with them (``checking``).
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from oscar.core.loading import get_model

from marketplace.catalog import stock
from marketplace.catalog.models import Listing, ProductProfile
from marketplace.core import kept_tables
from marketplace.core.dates import display_date
from marketplace.core.lookups import any_of
from marketplace.certification import validity
from marketplace.certification.models import Certification, CertificationStatus

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")


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


def rule_q(today=None) -> Q:
    """The rule worked out from scratch: a filter on ``catalogue.Product`` keeping the listable
    products (what ``catalog.Listing`` must agree with)."""
    combined = Q()
    for condition in conditions(today).values():
        combined &= condition
    return combined


def listed_q(today=None, prefix="listing_row__") -> Q:
    """A filter on ``catalog.Listing`` (``prefix=""``) or, through it, on ``catalogue.Product``
    keeping what is listed ``today``."""
    today = _today(today)
    return Q(**{f"{prefix}eligible": True, f"{prefix}valid_from__lte": today, f"{prefix}valid_until__gte": today})


def in_stock_q() -> Q:
    """A filter on ``catalogue.Product``: stock left to sell (``stock.available_expression``), as kept in the table."""
    return Q(listing_row__available__gt=0)


# The star level of the product's newest certification as kept in the table, a lookup on
# ``catalogue.Product`` (to filter and sort by).
NEWEST_STAR_LEVEL = "listing_row__star_level"


def listable_q(today=None) -> Q:
    """A filter on ``catalogue.Product`` that keeps the listable products (read from the table)."""
    return listed_q(today)


# --- keeping the table -------------------------------------------------------------------------

ROW_COLUMNS = ("eligible", "valid_from", "valid_until", "price", "available", "star_level", "producer_id",
               "province_id", "category")


def _rows(queryset):
    """``queryset`` of products as the table's rows worked out from the rule: a values queryset of
    ``product_id`` and ``ROW_COLUMNS``, in that order."""
    checks = conditions()
    newest = Certification.objects.filter(product=OuterRef("pk")).order_by("-selection_year", "-valid_from", "-id")
    newest_current = Exact(Subquery(newest.values("status")[:1]), Value(CertificationStatus.CURRENT))
    eligible = checks[PUBLISHED] & checks[PRODUCER_ACTIVE] & checks[PRICED] & Q(newest_current)
    columns = {
        "product_id": F("pk"),
        "eligible": Coalesce(ExpressionWrapper(eligible, output_field=BooleanField()), Value(False)),
        "valid_from": Subquery(newest.values("valid_from")[:1]),
        "valid_until": Subquery(newest.values("valid_until")[:1]),
        "price": Subquery(stock.selling_records().values("price")[:1]),
        "available": stock.available_expression(),
        "star_level": Subquery(newest.values("star_level")[:1]),
        "producer_id": F("profile__producer_id"),
        "province_id": F("profile__producer__province_id"),
        "category": Coalesce(F("profile__otop_category"), Value(""), output_field=CharField()),
    }
    return queryset.order_by().annotate(**{f"row_{name}": value for name, value in columns.items()}).values(
        *[f"row_{name}" for name in columns])


# Sent after ``refresh`` wrote rows (``product_ids``: those products, None: every product), in its
# transaction: tables kept from this one (``channels.kept``, rows per product and channel) follow.
rows_written = Signal()
# Sent by ``mismatches``: each receiver answers with its own table's {product id: what differs}.
checking = Signal()
# Sent by ``total_mismatches``: each receiver answers with {a total its tables keep (a count per
# channel and window, say): what differs} — totals that belong to no one product.
checking_totals = Signal()


def refresh(product_ids=None) -> int:
    """Rewrite the table's rows of ``product_ids`` (every product when None, and rows of products
    that no longer exist are deleted) from the rule, in the caller's transaction: one INSERT …
    SELECT … ON CONFLICT per batch. Returns the rows written."""
    if product_ids is None:
        kept_tables.drop_orphans(Listing, "product_id", Product)
        queryset = Product.objects.all()
    else:
        ids = sorted({int(pk) for pk in product_ids if pk})
        if not ids:
            return 0
        queryset = Product.objects.filter(any_of("pk", ids))
    written = kept_tables.rewrite(Listing, ("product_id",), ROW_COLUMNS, _rows(queryset))
    rows_written.send(sender=Listing, product_ids=None if product_ids is None else ids)
    return written


def refresh_producers(producer_ids) -> int:
    """Rewrite the rows of every product of these producers (their activity or province changed)."""
    ids = ProductProfile.objects.filter(producer_id__in=list(producer_ids)).values_list("product_id", flat=True)
    return refresh(list(ids))


def mismatches(today=None) -> dict[int, str]:
    """Products whose row disagrees with the rule worked out from scratch, each with what differs
    (no row, listed or not, or the first column that differs): empty when the table is right."""
    today = _today(today)
    found = {}
    kept = {row["product_id"]: row for row in Listing.objects.values("product_id", *ROW_COLUMNS)}
    for row in _rows(Product.objects.all()).iterator(chunk_size=5000):
        pk = row["row_product_id"]
        stored = kept.pop(pk, None)
        if stored is None:
            found[pk] = "no row"
            continue
        differing = kept_tables.first_difference(stored, row, ROW_COLUMNS)
        if differing:
            found[pk] = differing
    for pk in kept:
        found[pk] = "row of a product that does not exist"
    from_scratch = set(Product.objects.filter(rule_q(today)).values_list("pk", flat=True))
    from_table = set(Product.objects.filter(listable_q(today)).values_list("pk", flat=True))
    for pk in from_scratch ^ from_table:
        found.setdefault(pk, "listed by the rule" if pk in from_scratch else "listed by the table only")
    for _, theirs in checking.send(sender=Listing):
        for pk, what in theirs.items():
            found.setdefault(pk, what)
    return found


def total_mismatches() -> dict[str, str]:
    """Totals kept from the table (``checking_totals``) that disagree with its rows counted afresh,
    each with what differs: empty when they are right. ``refresh()`` of every product mends them."""
    found = {}
    for _, theirs in checking_totals.send(sender=Listing):
        found.update(theirs)
    return found


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


def _own_producer_ids(user) -> list[int]:
    """The producers ``user`` acts for (the users of their Oscar partners): none for a shopper."""
    partners = Partner.objects.filter(users=user, producer__isnull=False)
    return list(partners.values_list("producer__pk", flat=True))


def sees_only_listed(user) -> bool:
    """Whether ``user`` is shown exactly what shoppers are: not signed in, or signed in neither as
    staff nor for a producer (one small query). Such a visitor may be served from the kept listing
    per channel, as anonymous ones are."""
    if getattr(user, "is_staff", False):
        return False
    return not (getattr(user, "is_authenticated", False) and _own_producer_ids(user))


def visible_to(user, queryset: QuerySet | None = None, today=None) -> QuerySet:
    """Listable products, plus everything for staff and a producer's own products for its users.

    A signed-in visitor costs one small query more (whose producers it acts for): a shopper then gets
    the anonymous query, and a producer's user an OR on the profile's producer, never a join through
    the partners' users with a DISTINCT over the catalogue (20,000 products: 84 ms against 12)."""
    queryset = Product.objects.all() if queryset is None else queryset
    if getattr(user, "is_staff", False):
        return queryset
    own = _own_producer_ids(user) if getattr(user, "is_authenticated", False) else []
    if own:
        return queryset.filter(listable_q(today) | Q(profile__producer_id__in=own))
    return queryset.filter(listable_q(today))


def managed_by(user, queryset: QuerySet | None = None) -> QuerySet:
    """The products a dashboard user works on, listed or not: every product for staff, a producer's
    own products for its users (never another producer's, whatever its name), none for others."""
    queryset = Product.objects.all() if queryset is None else queryset
    if getattr(user, "is_staff", False):
        return queryset
    own = _own_producer_ids(user) if getattr(user, "is_authenticated", False) else []
    return queryset.filter(profile__producer_id__in=own) if own else queryset.none()


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


# --- what rewrites a product's row ---------------------------------------------------------------

def _product_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance.pk])


def _part_changed(sender, instance, raw=False, origin=None, **kwargs):
    """A profile, certification or stock record was saved or deleted: its product's row (unless
    the product itself is being deleted: its row goes with it)."""
    deleting = getattr(origin, "model", type(origin)) if origin is not None else None
    if raw or (deleting is not None and issubclass(deleting, Product)):
        return
    refresh([instance.product_id])


def _producer_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_producers([instance.pk])


def refresh_written(product_ids) -> int:
    """For whoever writes products in bulk (COPY, bulk updates: no model signals; the programme-
    record import), in its transaction: the rows of ``product_ids`` and of their producers' other
    products (a producer's province or activity may have changed with them)."""
    ids = set(product_ids)
    if not ids:
        return 0
    producers = ProductProfile.objects.filter(any_of("product_id", ids)).values("producer_id")
    ids.update(ProductProfile.objects.filter(producer_id__in=producers).values_list("product_id", flat=True))
    return refresh(ids)


def connect():
    """Called by the catalog app when Django starts: before the search index's receivers, which
    read the table. Bulk writers call ``refresh_written`` themselves."""
    from django.db.models.signals import post_delete, post_save

    uid = "otop_listing"
    post_save.connect(_product_saved, sender=Product, dispatch_uid=f"{uid}_product")
    for model in (ProductProfile, Certification, get_model("partner", "StockRecord")):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"{uid}_save_{model.__name__}")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}_delete_{model.__name__}")
    post_save.connect(_producer_saved, sender="producers.Producer", dispatch_uid=f"{uid}_producer")
