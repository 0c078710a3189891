"""How long a certification is valid, and whether it is in force on a day: the one rule the
importer, the listing rule, the test factories and the demo catalog share.

A provincial selection certifies a product for a selection year: the certification is valid
from 1 January of that year until 31 December ``OTOP_CERTIFICATION_VALIDITY_YEARS`` (default 3)
years later. It is in force on a day when its status is current and the day lies within that
period (staff may revoke it or mark it expired earlier).
"""
import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from marketplace.certification.models import CertificationStatus


def validity_years() -> int:
    """The configured number of years a certification stays valid after its selection year."""
    return int(settings.OTOP_CERTIFICATION_VALIDITY_YEARS)


def period(selection_year: int, years: int | None = None) -> tuple[datetime.date, datetime.date]:
    """(valid from, valid until) of a certification of ``selection_year``; ``years`` overrides
    the configured validity (the importer's and the demo's option)."""
    years = validity_years() if years is None else years
    return datetime.date(selection_year, 1, 1), datetime.date(selection_year + years, 12, 31)


def years_reaching(selection_year: int, today: datetime.date | None = None) -> int:
    """The fewest validity years (at least one) that keep a ``selection_year`` certification valid
    ``today``: the demo catalog's samples are older than the usual validity."""
    today = today or timezone.localdate()
    return max(today.year - selection_year, 1)


def in_force_q(today: datetime.date | None = None) -> Q:
    """A filter on certifications keeping those in force ``today``."""
    today = today or timezone.localdate()
    return Q(status=CertificationStatus.CURRENT, valid_from__lte=today, valid_until__gte=today)


# How far ahead a producer is warned that a certification in force is about to end (the portal's
# products page; the first e-mail of ``certification.expiry`` goes out as far ahead).
ENDING_SOON_DAYS = 90


def ending_soon_q(today: datetime.date | None = None, days: int = ENDING_SOON_DAYS) -> Q:
    """A filter on certifications keeping those in force ``today`` whose period ends within ``days``."""
    today = today or timezone.localdate()
    return in_force_q(today) & Q(valid_until__lte=today + datetime.timedelta(days=days))

