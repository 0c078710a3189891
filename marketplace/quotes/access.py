"""Who may see what of the quotes (issue 14): the one rule that pages and the API call.

- a trade buyer: their own requests, every quote and thread on them;
- a producer's user: only requests that include that producer's products, and of those only the
  producer's own lines, its own quote and its own thread with the buyer;
- the quote office (``is_quote_office``: a superuser, or staff given the permission to view quote
  requests): everything, hidden messages included. Being staff alone is not enough: a programme
  officer is staff (to import their province's records) and sees no trade buyer's requests;
- anyone else (anonymous, a shopper): nothing.

Something a user may not see is a 404 on the pages, never a 403 that says it exists.
A producer's contact details (phone, e-mail) are shown to a buyer only once the buyer has
accepted a quote of that producer (``may_see_contact``).
"""
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from marketplace.producers.models import Producer

from .models import Message, Quote, QuoteRequest, RequestLine, State


OFFICE_PERMISSION = "quotes.view_quoterequest"


def is_quote_office(user) -> bool:
    """Whether ``user`` works in the quote office: sees every request and moderates the threads."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or user.has_perm(OFFICE_PERMISSION)



def _signed_in(user):
    return bool(getattr(user, "is_authenticated", False))


def is_trade_buyer(user) -> bool:
    return _signed_in(user) and hasattr(user, "trade_buyer")


def requests_for(user, queryset=None):
    """The requests ``user`` may open: own ones, those with lines of their producers; staff all."""
    queryset = QuoteRequest.objects.all() if queryset is None else queryset
    if is_quote_office(user):
        return queryset
    if not _signed_in(user):
        return queryset.none()
    theirs = RequestLine.objects.filter(producer__in=Producer.objects.for_user(user)).values("request_id")
    return queryset.filter(Q(buyer=user) | Q(pk__in=theirs))


def requests_for_producer(producer, queryset=None):
    """The requests one producer is asked about (the portal's inbox; the producer is the user's own,
    resolved by ``ProducerPortalMixin``)."""
    queryset = QuoteRequest.objects.all() if queryset is None else queryset
    return queryset.filter(pk__in=RequestLine.objects.filter(producer=producer).values("request_id"))


def request_for(user, pk, queryset=None):
    """The request ``pk`` if ``user`` may open it, else ``Http404``."""
    found = requests_for(user, queryset).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No quote request of yours has this number."))
    return found


def is_buyer_of(user, request) -> bool:
    return _signed_in(user) and request.buyer_id == user.pk


def producers_for(user, request):
    """The producers on ``request`` that ``user`` acts for (usually one or none)."""
    return Producer.objects.for_user(user).filter(pk__in=request.lines.values("producer_id"))


def sees_everything(user, request) -> bool:
    return is_quote_office(user) or is_buyer_of(user, request)


def lines_for(user, request, producer=None):
    """The lines ``user`` may see: every line for the buyer and staff; a producer's own otherwise.
    ``producer`` narrows to that producer (which must be one the user may act for)."""
    lines = request.lines.select_related("product", "product__profile", "product__packaging", "producer")
    if producer is not None:
        if not (sees_everything(user, request) or Producer.objects.for_user(user).filter(pk=producer.pk).exists()):
            return lines.none()
        return lines.filter(producer=producer)
    if sees_everything(user, request):
        return lines
    return lines.filter(producer__in=Producer.objects.for_user(user))


def quotes_for(user, request):
    """The quotes on ``request`` that ``user`` may see: all for the buyer and staff, the own one
    for a producer."""
    quotes = Quote.objects.filter(request=request).select_related("producer", "current_version")
    if sees_everything(user, request):
        return quotes
    return quotes.filter(producer__in=Producer.objects.for_user(user))


def messages_for(user, request, producer=None):
    """The thread(s) ``user`` may read; messages hidden by staff are shown to staff only."""
    messages = Message.objects.filter(request=request).select_related("author", "producer")
    if producer is not None:
        messages = messages.filter(producer=producer)
    if is_quote_office(user):
        return messages
    messages = messages.filter(hidden_by_staff=False)
    if is_buyer_of(user, request):
        return messages
    return messages.filter(producer__in=Producer.objects.for_user(user))


def may_write(user, request, producer) -> bool:
    """Whether ``user`` may post in the thread of ``request`` with ``producer``."""
    if not request.lines.filter(producer=producer).exists():
        return False
    return is_buyer_of(user, request) or Producer.objects.for_user(user).filter(pk=producer.pk).exists()


def may_quote(user, request, producer) -> bool:
    """A producer's user answers the producer's own lines only."""
    return (Producer.objects.for_user(user).filter(pk=producer.pk).exists()
            and request.lines.filter(producer=producer).exists())


def may_see_contact(user, producer) -> bool:
    """A producer's phone and e-mail: staff, its own users, and buyers with an accepted quote of it."""
    if is_quote_office(user):
        return True
    if not _signed_in(user):
        return False
    if Producer.objects.for_user(user).filter(pk=producer.pk).exists():
        return True
    return Quote.objects.filter(producer=producer, request__buyer=user, state=State.ACCEPTED).exists()
