"""What a programme officer sees of their provinces: products by star level, category and
certification state, certifications ending soon, sales by category and star level, and
producers not yet invited or inactive. Every function takes the officer's provinces
(``access.provinces_of``) and never looks outside them.

A product's star level and certification state are those of its newest certification (the
one the listing rule reads, ``catalog.listing.newest_certification_subquery``); "in force"
is ``certification.validity``'s rule.
"""
import datetime
from decimal import Decimal

from django.db.models import Case, CharField, Count, OuterRef, Q, Subquery, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.catalog.listing import newest_certification_subquery
from marketplace.catalog.models import OtopCategory
from marketplace.certification import validity
from marketplace.certification.models import Certification
from marketplace.producers.models import Producer
from marketplace.sales.figures import CENT, sold

Product = get_model("catalogue", "Product")
Line = get_model("order", "Line")


ENDING_WITHIN_DAYS = 90
# Certification states, in the order an officer acts on them.
IN_FORCE, ENDING, NOT_IN_FORCE, NONE = "in_force", "ending", "not_in_force", "none"
STATES = {
    IN_FORCE: _("In force"),
    ENDING: _("Ending within 90 days"),
    NOT_IN_FORCE: _("Not in force (expired, revoked or not begun)"),
    NONE: _("No certification"),
}


def products_of(provinces):
    """The catalogue products whose producer is in ``provinces``."""
    return Product.objects.filter(profile__producer__province__in=provinces)


def _newest(field):
    return Subquery(Certification.objects.filter(pk=OuterRef("newest_certification")).values(field)[:1])


def with_certification(queryset, today=None):
    """``queryset`` of products annotated with ``star_level`` and ``certification_state`` of
    their newest certification (and its ``valid_until``)."""
    today = today or timezone.localdate()
    in_force = Certification.objects.filter(validity.in_force_q(today), pk=OuterRef("newest_certification"))
    ending_by = today + datetime.timedelta(days=ENDING_WITHIN_DAYS)
    return (queryset.annotate(newest_certification=newest_certification_subquery())
            .annotate(star_level=_newest("star_level"), valid_until=_newest("valid_until"),
                      in_force=Subquery(in_force.values("pk")[:1]))
            .annotate(certification_state=Case(
                When(newest_certification__isnull=True, then=Value(NONE)),
                When(in_force__isnull=True, then=Value(NOT_IN_FORCE)),
                When(valid_until__lte=ending_by, then=Value(ENDING)),
                default=Value(IN_FORCE), output_field=CharField())))


def filtered(provinces, *, stars=None, category=None, state=None, today=None):
    """The provinces' products with their certification, narrowed by the officer's filters."""
    queryset = with_certification(products_of(provinces), today)
    if stars:
        queryset = queryset.filter(star_level=stars)
    if category:
        queryset = queryset.filter(profile__otop_category=category)
    if state:
        queryset = queryset.filter(certification_state=state)
    return queryset


def counts(provinces, today=None):
    """{"stars": {1..5 or None: n}, "category": {code: n}, "state": {code: n}, "total": n}."""
    annotated = with_certification(products_of(provinces), today)
    stars = dict(annotated.values("star_level").annotate(n=Count("pk")).order_by().values_list("star_level", "n"))
    category = dict(annotated.values("profile__otop_category").annotate(n=Count("pk")).order_by()
                    .values_list("profile__otop_category", "n"))
    state = dict(annotated.values("certification_state").annotate(n=Count("pk")).order_by()
                 .values_list("certification_state", "n"))
    return {
        "stars": [(level, stars.get(level, 0)) for level in (1, 2, 3, 4, 5)],
        "unrated": stars.get(None, 0),
        "category": [(code, label, category.get(code, 0)) for code, label in OtopCategory.choices],
        "state": [(code, label, state.get(code, 0)) for code, label in STATES.items()],
        "total": sum(state.values()),
    }


def certifications_ending(provinces, today=None, days=ENDING_WITHIN_DAYS):
    """Newest certifications of the provinces' products, in force today and ending within
    ``days``, the soonest first."""
    today = today or timezone.localdate()
    return (Certification.objects
            .filter(validity.in_force_q(today), pk=newest_certification_subquery("product"),
                    product__profile__producer__province__in=provinces,
                    valid_until__lte=today + datetime.timedelta(days=days))
            .select_related("product__profile__producer__province")
            .order_by("valid_until", "pk"))


def sales(provinces):
    """Units and revenue (THB) of the sold lines of the provinces' products, by OTOP category and
    by the star level of the product's newest certification. What counts as sold and in baht is
    the producers' Sales rule (``marketplace.sales.figures``): lines of paid parcels (to ship or
    shipped), a foreign-currency line at the rate recorded on its parcel when the order was placed."""
    lines = (sold(Line.objects.filter(product__profile__producer__province__in=provinces))
             .annotate(newest_certification=newest_certification_subquery("product_id"))
             .annotate(star_level=_newest("star_level")))
    by_category = {row["product__profile__otop_category"]: row for row in
                   lines.values("product__profile__otop_category")
                   .annotate(units=Sum("quantity"), revenue=Sum("revenue_thb")).order_by()}
    by_stars = {row["star_level"]: row for row in
                lines.values("star_level").annotate(units=Sum("quantity"), revenue=Sum("revenue_thb")).order_by()}

    def figures(row):
        return (row or {}).get("units") or 0, ((row or {}).get("revenue") or Decimal(0)).quantize(CENT)

    return {
        "category": [(code, label, *figures(by_category.get(code))) for code, label in OtopCategory.choices],
        "stars": [(level, *figures(by_stars.get(level))) for level in (1, 2, 3, 4, 5)],
    }


def producers_needing_attention(provinces):
    """The provinces' producers not yet invited (no user acts for them) or inactive, each with
    ``member_count``; the not-invited first."""
    return (Producer.objects.filter(province__in=provinces)
            .annotate(member_count=Count("partner__users", distinct=True))
            .filter(Q(member_count=0) | Q(active=False))
            .select_related("province")
            .order_by("member_count", "active", "name_th", "pk"))
