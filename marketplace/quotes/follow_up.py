"""The scheduled follow-up of quotes (bodies of the jobs in ``tasks``): quotes past their
validity date expire; a request without any quote 14 days after it was sent is flagged to the
programme office (listed first on the staff overview, and one e-mail to
``OTOP_PROGRAMME_OFFICE_EMAILS`` listing the newly flagged ones, by a job of the same transaction)."""
import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from . import states
from .models import Quote, QuoteRequest, State

UNANSWERED_DAYS = 14


def expire_due(on=None):
    """Expire every open quote whose validity date is before ``on`` (Thai today); how many."""
    on = on or states.today()
    return sum(states.expire(quote, None, on) for quote in Quote.objects.filter(state=State.QUOTED,
                                                                                  valid_until__lt=on))


@transaction.atomic
def flag_unanswered(now=None):
    """Flag requests still ``submitted`` (no quote) after ``UNANSWERED_DAYS`` and tell the office;
    how many were flagged now."""
    from . import tasks

    now = now or timezone.now()
    due = list(QuoteRequest.objects.select_for_update(skip_locked=True).filter(
        state=State.SUBMITTED, flagged_to_office_at__isnull=True,
        created__lte=now - datetime.timedelta(days=UNANSWERED_DAYS)).values_list("pk", flat=True))
    QuoteRequest.objects.filter(pk__in=due).update(flagged_to_office_at=now)
    if due and settings.OTOP_PROGRAMME_OFFICE_EMAILS:
        tasks.send_office_flags.defer(request_ids=due)
    return len(due)


def send_office_flags(request_ids):
    """The job's body: one e-mail to the programme office listing the flagged requests."""
    requests = list(QuoteRequest.objects.filter(pk__in=request_ids).select_related("buyer__trade_buyer")
                    .order_by("pk"))
    if not requests or not settings.OTOP_PROGRAMME_OFFICE_EMAILS:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext("%(count)d quote request has no quote after 14 days",
                           "%(count)d quote requests have no quote after 14 days", len(requests)) % {
            "count": len(requests)}
        body = "\n".join(f"{request.reference} {getattr(getattr(request.buyer, 'trade_buyer', None), 'company', '')} "
                         f"{reverse('quotes:request', kwargs={'pk': request.pk})}" for request in requests)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, settings.OTOP_PROGRAMME_OFFICE_EMAILS)
    return len(requests)
