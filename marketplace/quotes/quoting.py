"""What buyers and producers do with requests, quotes and messages (issue 14), for pages and the
API alike: ``create_request``, ``answer`` (a producer's quote, as a new version), ``send_message``,
``hide_message``, ``add_attachment``; ``landed_cost_hint`` for the buyer's comparison.

States change only through ``states``; who may do what is ``access``; the e-mails are jobs
enqueued in the same transaction (``notices``). Refusals are ``QuoteError``s.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from marketplace.catalog import listing
from marketplace.channels import pricing
from marketplace.core import plain_text
from marketplace.core.countries import is_country_code
from marketplace.media.uploads import check_document

from . import access, notices, states
from .errors import QuoteError, QuoteErrorCode
from .models import (Attachment, Incoterm, Message, Quote, QuotePrice, QuoteRequest, QuoteVersion, RequestLine,
                     TargetCurrency, TradeBuyer, Unit)

MAX_ATTACHMENTS = 5
# Products one request asks about (its producers are each told): a buyer's real list, never the catalogue.
MAX_LINES = 50
# Each request and message mails producers (or the buyer): what one account may send in 24 hours.
MAX_REQUESTS_PER_DAY = 20
MAX_MESSAGES_PER_DAY = 100


def _check_daily(sent, most, message):
    if sent.filter(created__gte=timezone.now() - datetime.timedelta(days=1)).count() >= most:
        raise QuoteError(QuoteErrorCode.TOO_MANY, message % {"count": most})


def check_line_count(count):
    """``count`` products in one request, or on the quote list that becomes one."""
    if count > MAX_LINES:
        raise QuoteError(QuoteErrorCode.INVALID, _("A request can ask about at most %(count)s products: send the "
                                                   "others in another request.") % {"count": MAX_LINES}, "lines")


@dataclass
class LineInput:
    product: object
    quantity: int
    unit: str = Unit.PIECES
    target_unit_price: Decimal | None = None


def _producer_of(product):
    profile = getattr(product, "profile", None)
    if profile is None:
        raise QuoteError(QuoteErrorCode.INVALID, _("“%(product)s” has no OTOP producer.") % {"product": product},
                         "lines")
    return profile.producer


def check_destination(country, wanted_by=None):
    """A request goes to a country of ISO 3166-1 (``core.countries``), wanted today (Thai date) or later."""
    if not is_country_code(country):
        raise QuoteError(QuoteErrorCode.INVALID, _("Give the country as its two-letter code, e.g. JP for Japan."),
                         "destination_country")
    if wanted_by is not None and wanted_by < states.today():
        raise QuoteError(QuoteErrorCode.INVALID, _("The date is in the past."), "wanted_by")


@transaction.atomic
def create_request(buyer, lines, *, destination_country, destination_place, incoterm=Incoterm.FOB,
                   wanted_by=None, sample_requested=False, certifications_required=(), certifications_other="",
                   message="", target_currency=TargetCurrency.USD, attachments=()):
    """A trade buyer's request for products of one or more producers; the producers are told."""
    if not access.is_trade_buyer(buyer):
        raise QuoteError(QuoteErrorCode.NOT_TRADE_BUYER,
                         _("Only trade buyers can ask for quotes: complete your trade-buyer profile first."))
    if not lines:
        raise QuoteError(QuoteErrorCode.REQUIRED, _("Add at least one product to the request."), "lines")
    check_line_count(len(lines))
    TradeBuyer.objects.select_for_update().get(user=buyer)  # a buyer's requests are counted one at a time
    _check_daily(QuoteRequest.objects.filter(buyer=buyer), MAX_REQUESTS_PER_DAY, _(
        "You have sent %(count)s requests in the last 24 hours, the most a day allows: send this one later."))
    visible = set(listing.visible_to(buyer).filter(pk__in=[line.product.pk for line in lines])
                  .values_list("pk", flat=True))
    seen = set()
    for line in lines:
        if line.product.pk not in visible:
            raise QuoteError(QuoteErrorCode.NOT_FOUND, _("A product of the request is not offered."), "lines")
        if line.product.pk in seen:
            raise QuoteError(QuoteErrorCode.INVALID, _("“%(product)s” is twice in the request; give it once.")
                             % {"product": line.product.get_title()}, "lines")
        seen.add(line.product.pk)
        if not line.quantity or line.quantity < 1:
            raise QuoteError(QuoteErrorCode.INVALID, _("The quantity of “%(product)s” must be at least 1.")
                             % {"product": line.product.get_title()}, "quantity")
    if incoterm not in Incoterm.values:
        raise QuoteError(QuoteErrorCode.INVALID, _("Choose one of the Incoterms 2020."), "incoterm")
    check_destination(destination_country, wanted_by)
    _check_texts(destination_place=(destination_place, False), certifications_other=(certifications_other, False),
                 message=(message, True))
    if target_currency not in TargetCurrency.values:
        raise QuoteError(QuoteErrorCode.INVALID, _("The target currency is THB or USD."), "target_currency")
    request = QuoteRequest.objects.create(
        buyer=buyer, incoterm=incoterm, destination_country=destination_country.upper(),
        destination_place=destination_place, wanted_by=wanted_by, sample_requested=sample_requested,
        certifications_required=list(certifications_required), certifications_other=certifications_other,
        message=message, target_currency=target_currency, buyer_currency=buyer.trade_buyer.currency)
    RequestLine.objects.bulk_create([
        RequestLine(request=request, product=line.product, producer=_producer_of(line.product),
                    quantity=line.quantity, unit=line.unit, target_unit_price=line.target_unit_price)
        for line in lines])
    for upload in attachments:
        add_attachment(request, upload, buyer)
    states.submitted(request, buyer)
    for producer in {line.producer for line in request.lines.select_related("producer__partner")}:
        notices.to_producer(notices.NEW_REQUEST, request, producer)
    return request


def add_attachment(request, upload, by):
    """A specification or label (PDF or image), checked by content and size."""
    if not access.is_buyer_of(by, request):
        raise QuoteError(QuoteErrorCode.NOT_FOUND, _("No quote request of yours has this number."))
    if request.attachments.count() >= MAX_ATTACHMENTS:
        raise QuoteError(QuoteErrorCode.INVALID, _("A request holds at most %(count)d files.")
                         % {"count": MAX_ATTACHMENTS}, "attachments")
    try:
        kind = check_document(upload)
    except ValidationError as refused:
        raise QuoteError(QuoteErrorCode.FILE_REFUSED, " ".join(refused.messages), "attachments") from refused
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:255]
    attachment = Attachment(request=request, name=name, kind=kind, size=upload.size, uploaded_by=by)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


@dataclass
class Terms:
    currency: str
    lead_time_days: int
    incoterm: str
    named_place: str
    valid_until: object
    minimum_order: int | None = None
    sample_cost: Decimal | None = None
    deposit_percent: int = 30
    payment_terms: str = ""
    notes: str = ""


def _check_texts(**texts):
    """The free texts of a request, a quote or a message, as ``core.plain_text`` holds typed text
    (no control characters but line breaks, no direction overrides: the other side reads them, and
    the pro-forma prints them); ``texts`` by the field's name, a ``(value, multiline)`` pair each."""
    for field, (value, multiline) in texts.items():
        refusal = plain_text.refusal(value or "", multiline=multiline)
        if refusal is not None:
            raise QuoteError(QuoteErrorCode.INVALID, refusal, field)


def _check_terms(terms):
    _check_texts(named_place=(terms.named_place, False), payment_terms=(terms.payment_terms, False),
                 notes=(terms.notes, True))
    if terms.currency not in TargetCurrency.values:
        raise QuoteError(QuoteErrorCode.INVALID, _("The quote's currency is THB or USD."), "currency")
    if terms.incoterm not in Incoterm.values:
        raise QuoteError(QuoteErrorCode.INVALID, _("Choose one of the Incoterms 2020."), "incoterm")
    if not (terms.named_place or "").strip():
        raise QuoteError(QuoteErrorCode.REQUIRED, _("Name the place of the Incoterm (a port or a city)."),
                         "named_place")
    if terms.valid_until is None or terms.valid_until < states.today():
        raise QuoteError(QuoteErrorCode.INVALID, _("The quote must be valid until today or later."), "valid_until")
    if not 0 <= int(terms.deposit_percent) <= 100:
        raise QuoteError(QuoteErrorCode.INVALID, _("The deposit is between 0 and 100 %."), "deposit_percent")


def _unit_price(value, currency):
    """A quoted unit price checked as any price of the shop (``channels.pricing.clean_amount``): a
    finite number from 0, within the column, with no more decimals than the currency has (never
    rounded by the database)."""
    try:
        return pricing.clean_amount(value, currency, "prices")
    except pricing.PriceError as refused:
        raise QuoteError(QuoteErrorCode.INVALID, refused.message, "prices") from None


def _one_price_per_line(prices) -> dict:
    """``prices`` as {line id: unit price}; given as (line id, unit price) pairs, a line priced twice
    is refused rather than one of its prices silently kept."""
    if isinstance(prices, dict):
        return prices
    found = {}
    for line_id, price in prices:
        if line_id in found:
            raise QuoteError(QuoteErrorCode.INVALID, _("A line is priced twice: give one unit price per line."),
                             "prices")
        found[line_id] = price
    return found


@transaction.atomic
def answer(request, producer, by, prices, terms: Terms):
    """``producer``'s quote on ``request``: a new version with ``prices`` ({line id: unit price}, or
    (line id, unit price) pairs with each line once, for every one of the producer's lines and only
    those) and ``terms``; the old versions stay."""
    if not (access.may_quote(by, request, producer) or access.is_quote_office(by)):
        raise QuoteError(QuoteErrorCode.NOT_FOUND, _("No quote request of yours has this number."))
    prices = _one_price_per_line(prices)
    request = states.lock(request)
    existing = Quote.objects.select_for_update().filter(request=request, producer=producer).first()
    states.check_quotable(request, existing)
    own_lines = {line.pk: line for line in request.lines.filter(producer=producer)}
    foreign = set(prices) - set(own_lines)
    if foreign:
        raise QuoteError(QuoteErrorCode.NOT_OWN_LINE, _("A producer prices its own lines only."), "prices")
    unpriced = [line for pk, line in own_lines.items() if prices.get(pk) in (None, "")]
    if unpriced:
        raise QuoteError(QuoteErrorCode.REQUIRED, _("Give a unit price for every line of yours."), "prices")
    prices = {pk: _unit_price(prices[pk], terms.currency) for pk in own_lines}
    _check_terms(terms)
    quote = existing or Quote.objects.create(request=request, producer=producer, valid_until=terms.valid_until)
    number = (quote.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = QuoteVersion.objects.create(quote=quote, number=number, created_by=by, **terms.__dict__)
    QuotePrice.objects.bulk_create([QuotePrice(version=version, line_id=pk, unit_price=prices[pk])
                                    for pk in own_lines])
    quote.current_version, quote.valid_until = version, terms.valid_until
    quote.save(update_fields=["current_version", "valid_until", "updated"])
    quote.request = request
    states.quoted(quote, by, new=existing is None)
    notices.to_buyer(notices.NEW_QUOTE, request, producer)
    return quote


@transaction.atomic
def send_message(request, producer, author, body):
    """A message in the thread of ``request`` with ``producer``; the other side is told."""
    body = (body or "").strip()
    if not body:
        raise QuoteError(QuoteErrorCode.REQUIRED, _("Write a message first."), "body")
    _check_texts(body=(body, True))
    if not access.may_write(author, request, producer):
        raise QuoteError(QuoteErrorCode.NOT_FOUND, _("No quote request of yours has this number."))
    _check_daily(Message.objects.filter(author=author), MAX_MESSAGES_PER_DAY, _(
        "You have sent %(count)s messages in the last 24 hours, the most a day allows: write again later."))
    message = Message.objects.create(request=request, producer=producer, author=author, body=body[:5000])
    if access.is_buyer_of(author, request):
        notices.to_producer(notices.NEW_MESSAGE, request, producer)
    else:
        notices.to_buyer(notices.NEW_MESSAGE, request, producer)
    return message


def hide_message(message, by, hidden=True):
    """Staff moderate a thread: a hidden message is no longer shown to the buyer or the producer."""
    if not access.is_quote_office(by):
        raise QuoteError(QuoteErrorCode.NOT_FOUND, _("There is no such message."))
    message.hidden_by_staff = hidden
    message.save(update_fields=["hidden_by_staff"])
    return message


# What the buyer still pays on top of the quote under each Incoterm (a hint, not a price).
BUYER_STILL_PAYS = {
    Incoterm.EXW: gettext_lazy("export clearance, loading, main freight, insurance, import duties and delivery"),
    Incoterm.FCA: gettext_lazy("main freight, insurance, import duties and delivery"),
    Incoterm.FOB: gettext_lazy("sea freight, insurance, import duties and delivery"),
    Incoterm.CFR: gettext_lazy("insurance, import duties and delivery from the port"),
    Incoterm.CIF: gettext_lazy("import duties and delivery from the port"),
    Incoterm.DAP: gettext_lazy("import duties and taxes"),
    Incoterm.DDP: gettext_lazy("nothing more: delivered with duties paid"),
}


@dataclass
class LandedCostHint:
    goods_total: Decimal
    currency: str
    incoterm: str
    buyer_still_pays: str


def landed_cost_hint(version, lines):
    """The goods' total of a quote version over ``lines`` (the lines it prices) and what the Incoterm
    leaves to the buyer."""
    prices = {price.line_id: price.unit_price for price in version.prices.all()}
    total = sum((prices[line.pk] * line.quantity for line in lines if line.pk in prices), Decimal(0))
    return LandedCostHint(goods_total=total, currency=version.currency, incoterm=version.incoterm,
                          buyer_still_pays=BUYER_STILL_PAYS.get(version.incoterm, ""))
