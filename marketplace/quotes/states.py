"""The one rule of the states of quote requests and quotes (issue 14). Pages, the API and the
jobs change a state only through the functions here; each change leaves a ``Transition`` row with
who (``None``: a scheduled job) and when.

A quote (one producer's answer to its own lines of a request)::

    quoted ──accept──▶ accepted
       │  ──decline─▶ declined ──(new version)──▶ quoted
       │  ──expire──▶ expired  ──(new version)──▶ quoted
       └──withdraw (the buyer withdraws the request)──▶ withdrawn

A request sums up its quotes: ``submitted`` until a first quote, ``quoted`` while a quote is open,
``accepted`` once any quote is accepted (its producers answer different lines), else ``declined``
when the buyer declined one, else ``expired``; ``withdrawn`` by its buyer before any acceptance.
A refusal is a ``QuoteError`` with a ``QuoteErrorCode``.
"""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.dates import display_date

from .errors import QuoteError, QuoteErrorCode
from .models import Quote, QuoteRequest, State, Transition

OPEN_REQUEST = (State.SUBMITTED, State.QUOTED)
RE_QUOTABLE = (State.QUOTED, State.DECLINED, State.EXPIRED)  # a producer may send a new version


def today() -> datetime.date:
    """Thai calendar day: validity dates are Thai dates."""
    return timezone.localdate()


def _log(request, quote, from_state, to_state, by):
    Transition.objects.create(request=request, quote=quote, from_state=from_state or "", to_state=to_state,
                              by=by if getattr(by, "is_authenticated", False) else None)


def _move_request(request, to_state, by):
    if request.state != to_state:
        _log(request, None, request.state, to_state, by)
        request.state = to_state
        request.save(update_fields=["state", "updated"])


def _move_quote(quote, to_state, by):
    if quote.state != to_state:
        _log(quote.request, quote, quote.state, to_state, by)
        quote.state = to_state
        quote.save(update_fields=["state", "updated"])


def _settle(request, by):
    """The request's state from its quotes' states (see the module's docstring)."""
    if request.state == State.WITHDRAWN:
        return
    states = set(request.quotes.values_list("state", flat=True))
    for candidate in (State.ACCEPTED, State.QUOTED, State.DECLINED, State.EXPIRED):
        if candidate in states:
            _move_request(request, candidate, by)
            return


def _locked_request(request):
    return QuoteRequest.objects.select_for_update().get(pk=request.pk)


def _locked_quote(quote):
    return Quote.objects.select_for_update().select_related("request").get(pk=quote.pk)


def submitted(request, by):
    """Log the birth of a new request (it is created ``submitted``)."""
    _log(request, None, "", State.SUBMITTED, by)


def check_quotable(request, quote=None):
    """Refuse a new quote or version when the request or the quote is closed to it."""
    if request.state == State.WITHDRAWN:
        raise QuoteError(QuoteErrorCode.INVALID_STATE, _("The buyer withdrew this request."))
    if quote is not None and quote.state == State.ACCEPTED:
        raise QuoteError(QuoteErrorCode.ALREADY_ACCEPTED, _("This quote was accepted; it can no longer change."))
    if quote is not None and quote.state not in RE_QUOTABLE:
        raise QuoteError(QuoteErrorCode.INVALID_STATE,
                         _("This quote is %(state)s; it can no longer change.") % {"state": quote.get_state_display()})


def quoted(quote, by, *, new):
    """A version was sent (call inside the caller's transaction, after ``check_quotable`` under
    the request's lock): the quote is (again) ``quoted``, the request at least ``quoted``."""
    if new:
        _log(quote.request, quote, "", State.QUOTED, by)
    else:
        _move_quote(quote, State.QUOTED, by)
    _settle(quote.request, by)
    return quote


def lock(request):
    """The request row locked for the caller's transaction (one change at a time per request)."""
    return _locked_request(request)


def _check_open_quote(quote):
    if quote.request.state == State.WITHDRAWN:
        raise QuoteError(QuoteErrorCode.INVALID_STATE, _("This request was withdrawn."))
    if quote.state == State.ACCEPTED:
        raise QuoteError(QuoteErrorCode.ALREADY_ACCEPTED, _("This quote is already accepted."))
    if quote.state == State.EXPIRED or (quote.state == State.QUOTED and quote.valid_until < today()):
        raise QuoteError(QuoteErrorCode.EXPIRED, _("This quote was valid until %(date)s; ask the producer for a new one.")
                         % {"date": display_date(quote.valid_until)})
    if quote.state != State.QUOTED:
        raise QuoteError(QuoteErrorCode.INVALID_STATE,
                         _("This quote is %(state)s; only an open quote can be answered.")
                         % {"state": quote.get_state_display()})


@transaction.atomic
def accept(quote, by):
    """``quoted`` → ``accepted`` (the request too). Accepting an accepted quote again is no error:
    it returns the quote as it is (``acceptance.accept`` makes its order once)."""
    _locked_request(quote.request)
    quote = _locked_quote(quote)
    if quote.state == State.ACCEPTED:
        return quote
    _check_open_quote(quote)
    _move_quote(quote, State.ACCEPTED, by)
    _settle(quote.request, by)
    return quote


@transaction.atomic
def decline(quote, by):
    """``quoted`` → ``declined`` by the buyer (the producer may send a new version)."""
    _locked_request(quote.request)
    quote = _locked_quote(quote)
    _check_open_quote(quote)
    _move_quote(quote, State.DECLINED, by)
    _settle(quote.request, by)
    return quote


@transaction.atomic
def withdraw(request, by):
    """The buyer withdraws a request that nothing was accepted on: its open quotes go with it."""
    request = _locked_request(request)
    if request.state not in OPEN_REQUEST + (State.DECLINED, State.EXPIRED):
        raise QuoteError(QuoteErrorCode.INVALID_STATE,
                         _("This request is %(state)s; it can no longer be withdrawn.")
                         % {"state": request.get_state_display()})
    for quote in request.quotes.select_for_update().filter(state__in=RE_QUOTABLE):
        _move_quote(quote, State.WITHDRAWN, by)
    _move_request(request, State.WITHDRAWN, by)
    return request


@transaction.atomic
def expire(quote, by=None, on=None):
    """``quoted`` → ``expired`` once its validity date has passed; False when not (yet) due."""
    quote = _locked_quote(quote)
    if quote.state != State.QUOTED or quote.valid_until >= (on or today()):
        return False
    _move_quote(quote, State.EXPIRED, by)
    _settle(quote.request, by)
    return True
