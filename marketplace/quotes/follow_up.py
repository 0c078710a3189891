"""The scheduled follow-up of quotes (bodies of the jobs in ``tasks``): quotes past their
validity date expire; a request without any quote 14 days after it was sent is flagged to the
programme office (listed first on the staff overview)."""
import datetime

from django.utils import timezone

from . import states
from .models import Quote, QuoteRequest, State

UNANSWERED_DAYS = 14


def expire_due(on=None):
    """Expire every open quote whose validity date is before ``on`` (Thai today); how many."""
    on = on or states.today()
    return sum(states.expire(quote, None, on) for quote in Quote.objects.filter(state=State.QUOTED,
                                                                                  valid_until__lt=on))


def flag_unanswered(now=None):
    """Flag requests still ``submitted`` (no quote) after ``UNANSWERED_DAYS``; how many."""
    now = now or timezone.now()
    return QuoteRequest.objects.filter(
        state=State.SUBMITTED, flagged_to_office_at__isnull=True,
        created__lte=now - datetime.timedelta(days=UNANSWERED_DAYS)).update(flagged_to_office_at=now)
