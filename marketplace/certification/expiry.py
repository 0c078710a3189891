"""Telling producers and the programme office that a certification is about to end.

A product leaves the shop the day after its newest certification's ``valid_until``. 90, 30
and 7 days before, its producer (``Producer.email``) and the programme office
(``OTOP_PROGRAMME_OFFICE_EMAILS``) get an e-mail, once per threshold: each notice is recorded
(``ExpiryNotice``) before it is sent, so running the job twice a night, or on a night after a
missed one, sends nothing twice. A certification first seen inside a threshold (imported with
20 days left) gets that threshold's notice only.

``record_due(today)`` records the notices due and enqueues their sending in the same
transaction; ``send_to_producer`` / ``send_to_office`` (run by jobs, with retries) send
what is not sent yet and note it.
"""
import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _, ngettext

from marketplace.certification.models import Certification, CertificationStatus, ExpiryNotice
from marketplace.core.dates import display_date

THRESHOLDS = (90, 30, 7)


def _threshold(days_left: int) -> int | None:
    return min((t for t in THRESHOLDS if days_left <= t), default=None)


def due(today: datetime.date) -> list[tuple[Certification, int]]:
    """Newest current certifications of their products ending within 90 days, each with the
    threshold it has reached, when no notice for that threshold (or a closer one) exists yet."""
    newest = Certification.objects.filter(product=OuterRef("product")).order_by(
        "-selection_year", "-valid_from", "-id").values("pk")[:1]
    candidates = (Certification.objects
                  .filter(pk=Subquery(newest), status=CertificationStatus.CURRENT,
                          valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=max(THRESHOLDS)))
                  .prefetch_related("expiry_notices"))
    found = []
    for certification in candidates:
        threshold = _threshold((certification.valid_until - today).days)
        if threshold and not any(n.days <= threshold for n in certification.expiry_notices.all()):
            found.append((certification, threshold))
    return found


def record_due(today: datetime.date) -> list[int]:
    """Record the notices due today and enqueue their sending; returns the notices' ids."""
    from marketplace.certification import tasks

    with transaction.atomic():
        notices = ExpiryNotice.objects.bulk_create(
            [ExpiryNotice(certification=c, days=days) for c, days in due(today)])
        ids = [n.pk for n in notices]
        if not ids:
            return []
        producers = (ExpiryNotice.objects.filter(pk__in=ids)
                     .values_list("certification__product__profile__producer_id", flat=True).distinct())
        for producer_id in producers:
            tasks.send_expiry_notices.defer(notice_ids=ids, producer_id=producer_id)
        if settings.OTOP_PROGRAMME_OFFICE_EMAILS:
            tasks.send_expiry_notices.defer(notice_ids=ids, producer_id=None)
    return ids


def _lines(notices) -> str:
    lines = []
    for notice in notices:
        c = notice.certification
        profile = getattr(c.product, "profile", None)
        name = (profile.name if profile else "") or c.product.title
        code = profile.programme_code if profile else ""
        lines.append(_("- %(name)s (%(code)s), %(stars)d stars %(year)d: valid until %(date)s, %(days)d days left") % {
            "name": name, "code": code, "stars": c.star_level, "year": c.selection_year,
            "date": display_date(c.valid_until), "days": notice.days})
    return "\n".join(lines)


def _unsent(notice_ids, field):
    return list(ExpiryNotice.objects.filter(pk__in=notice_ids, **{f"{field}__isnull": True})
                .select_related("certification__product__profile__producer")
                .order_by("certification__valid_until", "pk"))


def send_to_producer(notice_ids, producer_id) -> int:
    """E-mail the producer its notices not sent yet, then note them as sent. Returns how many
    notices the e-mail named (0 when the producer has no e-mail address: nothing is noted)."""
    notices = [n for n in _unsent(notice_ids, "producer_sent_at")
               if n.certification.product.profile.producer_id == producer_id]
    if not notices:
        return 0
    producer = notices[0].certification.product.profile.producer
    if not producer.email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):  # producers read Thai
        subject = ngettext("%(count)d OTOP certification ends soon", "%(count)d OTOP certifications end soon",
                           len(notices)) % {"count": len(notices)}
        body = "\n\n".join([
            _("Dear %(name)s,") % {"name": producer.name},
            _("These products leave the OTOP marketplace when their certification ends. Ask your provincial "
              "programme office about the next selection to keep them listed."),
            _lines(notices),
        ])
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [producer.email])
    ExpiryNotice.objects.filter(pk__in=[n.pk for n in notices]).update(producer_sent_at=timezone.now())
    return len(notices)


def send_to_office(notice_ids) -> int:
    """E-mail the programme office one list of the notices it was not sent yet."""
    notices = _unsent(notice_ids, "office_sent_at")
    if not notices or not settings.OTOP_PROGRAMME_OFFICE_EMAILS:
        return 0
    by_producer = defaultdict(list)
    for notice in notices:
        by_producer[notice.certification.product.profile.producer].append(notice)
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext("%(count)d OTOP certification ends soon", "%(count)d OTOP certifications end soon",
                           len(notices)) % {"count": len(notices)}
        body = "\n\n".join(f"{producer.name} <{producer.email or '-'}>\n{_lines(items)}"
                           for producer, items in by_producer.items())
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, settings.OTOP_PROGRAMME_OFFICE_EMAILS)
    ExpiryNotice.objects.filter(pk__in=[n.pk for n in notices]).update(office_sent_at=timezone.now())
    return len(notices)
