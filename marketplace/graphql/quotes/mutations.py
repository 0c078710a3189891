"""The quote mutations: thin adapters over ``marketplace.quotes`` — ``quoting`` (requests, quotes as
versions, messages), ``states`` (decline, withdraw), ``acceptance`` (accept → order), ``quote_orders.deposits`` (the deposit by card) — with who may
see what from ``access``. Every refusal is a ``QuoteError`` whose code is a ``QuoteErrorCode``;
an object the caller may not see is ``NOT_FOUND``, the same as one that does not exist.

Only the shape of the input is checked here (ids, lengths, ranges the database would refuse), so
that malformed input is a typed error and never a database error; the rules are the domain's.
"""
from decimal import Decimal, InvalidOperation

import graphene
from django.conf import settings
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.graphql.catalog_mutations.access import camel
from marketplace.graphql.core.ids import integer_pk
from marketplace.graphql.core.money import Money, MoneyValue
from marketplace.graphql.core.mutations import AUTHENTICATED_USER, BaseMutation, error_type
from marketplace.quote_orders import deposits
from marketplace.quotes import access, acceptance, quoting, states
from marketplace.quotes.acceptance_errors import QuoteApiErrorCode
from marketplace.quotes.errors import QuoteError, QuoteErrorCode, not_found
from marketplace.quotes.models import Certificate, Quote as QuoteModel, Unit

from .types import (IncotermEnum, Quote, QuoteCurrencyEnum, QuoteMessage, QuoteRequest, QuoteUnitEnum,
                    load_visible)

Product = get_model("catalogue", "Product")
QuoteError_ = error_type("QuoteError", QuoteApiErrorCode, "An error of a quote request or quote mutation.")
MAX_AMOUNT = Decimal("9999999999.99")  # the largest amount the database keeps (12 digits, 2 decimals)
MAX_COUNT = 2_147_483_647


def _value(enum_value):
    return getattr(enum_value, "value", enum_value)


def _pk(value, type_name, field):
    pk = integer_pk(value, type_name)
    if pk is None:
        raise QuoteError(QuoteErrorCode.INVALID, _("Invalid ID %(value)r in %(field)s: expected the id of a %(type)s.")
                         % {"value": value, "field": field, "type": type_name},
                         field)
    return pk


def _text(value, field, limit, required=False):
    value = (value or "").strip()
    if required and not value:
        raise QuoteError(QuoteErrorCode.REQUIRED, _("%(field)s is required.") % {"field": field}, field)
    if len(value) > limit:
        raise QuoteError(QuoteErrorCode.INVALID, _("%(field)s holds at most %(limit)d characters.") % {"field": field, "limit": limit}, field)
    return value


def _amount(value, field, required=False):
    if value is None:
        if required:
            raise QuoteError(QuoteErrorCode.REQUIRED, _("%(field)s is required.") % {"field": field}, field)
        return None
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise QuoteError(QuoteErrorCode.INVALID, _("%(field)s must be an amount.") % {"field": field}, field)
    if not amount.is_finite() or not 0 <= amount <= MAX_AMOUNT:
        raise QuoteError(QuoteErrorCode.INVALID, _("%(field)s must be between 0 and %(limit)s.") % {"field": field, "limit": MAX_AMOUNT}, field)
    if amount != amount.quantize(Decimal("0.01")):  # refused, not rounded: the caller meant what it sent
        raise QuoteError(QuoteErrorCode.INVALID, _("%(field)s has at most 2 decimal places.") % {"field": field},
                         field)
    return amount.quantize(Decimal("0.01"))


def _count(value, field, minimum=0):
    if value is not None and not minimum <= value <= MAX_COUNT:
        raise QuoteError(QuoteErrorCode.INVALID, _("%(field)s must be at least %(minimum)d.") % {"field": field, "minimum": minimum}, field)
    return value


def _not_found():
    return not_found()


def visible_request(user, value, field="id"):
    """The request of global id ``value`` if ``user`` may see it (``access``), else NOT_FOUND."""
    found = access.requests_for(user).select_related("buyer").filter(pk=_pk(value, "QuoteRequest", field)).first()
    if found is None:
        raise _not_found()
    return found


def visible_quote(user, value, field="id"):
    """The quote of global id ``value`` if ``user`` may see it (``access``), else NOT_FOUND."""
    pk = _pk(value, "Quote", field)
    quote = QuoteModel.objects.select_related("request__buyer").filter(pk=pk).first()
    if quote is None or not access.quotes_for(user, quote.request).filter(pk=pk).exists():
        raise _not_found()
    return quote


def loaded_request(user, request):
    return load_visible(user, [type(request).objects.select_related("buyer").get(pk=request.pk)])[0]


def loaded_quote(user, quote):
    request = loaded_request(user, quote.request)
    return next(q for q in request.visible_quotes if q.pk == quote.pk)


def producer_for(user, request, value):
    """The producer ``user`` acts for on ``request``: the one named by ``value``, or their only one."""
    producers = access.producers_for(user, request)
    if value:
        producers = producers.filter(pk=_pk(value, "Producer", "producer"))
    producer = producers.first()
    if producer is None:
        raise QuoteError(QuoteErrorCode.NOT_FOUND, _("None of your producers is asked on this request."), "producer")
    return producer


class QuoteMutation(BaseMutation):
    class Meta:
        abstract = True

    error_type = QuoteError_
    permissions = (AUTHENTICATED_USER,)

    @classmethod
    def refused(cls, refusal):
        # the domain names its fields in Python (``named_place``); the inputs' names are camelCase
        if refusal.field:
            refusal.field = camel(refusal.field)
        return super().refused(refusal)


class QuoteRequestLineInput(graphene.InputObjectType):
    product = graphene.ID(required=True, description="The id of a catalogue `Product`.")
    quantity = graphene.Int(required=True)
    unit = graphene.Field(QuoteUnitEnum, description="Pieces (default) or cartons.")
    target_unit_price = graphene.Decimal()


class QuoteRequestCreateInput(graphene.InputObjectType):
    lines = graphene.List(graphene.NonNull(QuoteRequestLineInput), required=True)
    incoterm = graphene.Field(IncotermEnum, description="FOB when not given.")
    destination_country = graphene.String(required=True, description="ISO 3166-1 alpha-2 code, e.g. JP.")
    destination_place = graphene.String(required=True, description="Port or city.")
    wanted_by = graphene.Date()
    sample_requested = graphene.Boolean()
    certifications_required = graphene.List(graphene.NonNull(graphene.String),
                                            description=f"Among: {', '.join(Certificate.values)}.")
    certifications_other = graphene.String()
    message = graphene.String()
    target_currency = graphene.Field(QuoteCurrencyEnum)


class QuoteRequestCreate(QuoteMutation):
    """A trade buyer asks producers for a quote (products of one or more producers)."""

    class Arguments:
        input = QuoteRequestCreateInput(required=True)

    quote_request = graphene.Field(QuoteRequest)

    @classmethod
    def perform_mutation(cls, root, info, input):
        user = info.context.user
        pks = [_pk(line.product, "Product", "lines") for line in input.lines]
        products = Product.objects.select_related("profile__producer").in_bulk(pks)
        lines = []
        for pk, line in zip(pks, input.lines):
            if pk not in products:
                raise QuoteError(QuoteErrorCode.NOT_FOUND, _("A product of the request is not offered."), "lines")
            lines.append(quoting.LineInput(
                product=products[pk], quantity=_count(line.quantity, "quantity", minimum=1),
                unit=_value(line.unit) or Unit.PIECES,
                target_unit_price=_amount(line.target_unit_price, "targetUnitPrice")))
        country = _text(input.destination_country, "destinationCountry", 2, required=True)
        if len(country) != 2 or not country.isascii() or not country.isalpha():
            raise QuoteError(QuoteErrorCode.INVALID, _("destinationCountry is a two-letter country code."),
                             "destinationCountry")
        certifications = list(input.certifications_required or [])
        if set(certifications) - set(Certificate.values):
            raise QuoteError(QuoteErrorCode.INVALID, _("certificationsRequired are among: %(values)s.")
                             % {"values": ", ".join(Certificate.values)}, "certificationsRequired")
        options = {"incoterm": _value(input.incoterm)} if input.incoterm else {}
        if input.target_currency:
            options["target_currency"] = _value(input.target_currency)
        request = quoting.create_request(
            user, lines, destination_country=country,
            destination_place=_text(input.destination_place, "destinationPlace", 255, required=True),
            wanted_by=input.wanted_by, sample_requested=bool(input.sample_requested),
            certifications_required=certifications,
            certifications_other=_text(input.certifications_other, "certificationsOther", 255),
            message=_text(input.message, "message", 5000), **options)
        return cls(quote_request=loaded_request(user, request), errors=[])


class QuotePriceInput(graphene.InputObjectType):
    line = graphene.ID(required=True, description="A `QuoteRequestLine` of your producer.")
    unit_price = graphene.Decimal(required=True)


class QuoteInput(graphene.InputObjectType):
    prices = graphene.List(graphene.NonNull(QuotePriceInput), required=True,
                           description="A unit price for every line of your producer, and only those.")
    currency = QuoteCurrencyEnum(required=True)
    lead_time_days = graphene.Int(required=True)
    incoterm = IncotermEnum(required=True)
    named_place = graphene.String(required=True)
    valid_until = graphene.Date(required=True)
    minimum_order = graphene.Int()
    sample_cost = graphene.Decimal()
    deposit_percent = graphene.Int(description="30 when not given.")
    payment_terms = graphene.String()
    notes = graphene.String()


def _terms(data):
    return quoting.Terms(
        currency=_value(data.currency), lead_time_days=_count(data.lead_time_days, "leadTimeDays"),
        incoterm=_value(data.incoterm), named_place=_text(data.named_place, "namedPlace", 255, required=True),
        valid_until=data.valid_until, minimum_order=_count(data.minimum_order, "minimumOrder"),
        sample_cost=_amount(data.sample_cost, "sampleCost"),
        deposit_percent=30 if data.deposit_percent is None else data.deposit_percent,
        payment_terms=_text(data.payment_terms, "paymentTerms", 255), notes=_text(data.notes, "notes", 5000))


def _prices(data):
    # pairs, not a dict: a line given twice is the domain's refusal, not the last price silently kept
    return [(_pk(price.line, "QuoteRequestLine", "prices"), _amount(price.unit_price, "prices", required=True))
            for price in data.prices]


class QuoteCreate(QuoteMutation):
    """A producer's user quotes the producer's own lines of a request (a new version when it quoted before)."""

    class Arguments:
        request = graphene.ID(required=True)
        producer = graphene.ID(description="Which of your producers answers (when you act for several).")
        input = QuoteInput(required=True)

    quote = graphene.Field(Quote)

    @classmethod
    def perform_mutation(cls, root, info, request, input, producer=None):
        user = info.context.user
        found = visible_request(user, request, "request")
        quote = quoting.answer(found, producer_for(user, found, producer), user, _prices(input), _terms(input))
        return cls(quote=loaded_quote(user, quote), errors=[])


class QuoteUpdate(QuoteMutation):
    """A producer's user changes its quote: a new version, the old one kept in the history."""

    class Arguments:
        id = graphene.ID(required=True)
        input = QuoteInput(required=True)

    quote = graphene.Field(Quote)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        user = info.context.user
        quote = visible_quote(user, id)
        quote = quoting.answer(quote.request, quote.producer, user, _prices(input), _terms(input))
        return cls(quote=loaded_quote(user, quote), errors=[])


class QuoteStep(QuoteMutation):
    """One step on a quote the caller may see (``act``), answered with the quote as it now is."""

    class Meta:
        abstract = True

    class Arguments:
        id = graphene.ID(required=True)

    quote = graphene.Field(Quote)

    @classmethod
    def perform_mutation(cls, root, info, id):
        user = info.context.user
        quote = visible_quote(user, id)
        cls.act(quote, user)
        return cls(quote=loaded_quote(user, quote), errors=[])


class QuoteAccept(QuoteStep):
    """The buyer accepts a quote: an order at the quoted prices and terms (once, however often it is sent)."""

    act = staticmethod(acceptance.accept)


class QuoteDecline(QuoteStep):
    """The buyer declines a quote (the producer may send a new version)."""

    @staticmethod
    def act(quote, user):
        if not access.is_buyer_of(user, quote.request):
            raise _not_found()
        states.decline(quote, user)


class _CardPayment(QuoteMutation):
    """The buyer starts paying one stage of an accepted quote's order by card: a Stripe PaymentIntent
    whose client secret Stripe.js confirms in the browser; Stripe's webhook then marks it paid."""

    class Meta:
        abstract = True

    class Arguments:
        id = graphene.ID(required=True, description="The accepted quote.")

    client_secret = graphene.String(description="The PaymentIntent's client secret, for Stripe.js.")
    publishable_key = graphene.String(description="The shop's Stripe publishable key.")
    stage = deposits.DEPOSIT  # also the name of the payload's field with the amount

    @classmethod
    def perform_mutation(cls, root, info, id):
        payment = deposits.start_card(_buyers_accepted(info.context.user, id), cls.stage)  # asks Stripe: no transaction
        return cls(client_secret=payment.client_secret, publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
                   errors=[], **{cls.stage: MoneyValue(payment.amount, payment.currency)})


class QuoteDepositPay(_CardPayment):
    """The buyer starts paying an accepted quote's deposit by card: a Stripe PaymentIntent whose client
    secret Stripe.js confirms in the browser; Stripe's webhook then marks the deposit paid."""

    deposit = graphene.Field(Money)


class QuoteBalancePay(_CardPayment):
    """The buyer starts paying an accepted quote's balance by card once its deposit is paid (OTOP
    extension, as ``quoteDepositPay``); Stripe's webhook then marks it paid and the producer ships."""

    balance = graphene.Field(Money)
    stage = deposits.BALANCE


def _buyers_accepted(user, id):
    """The accepted quote ``id``'s order link, for its buyer only (others: as for an id that does not exist)."""
    quote = visible_quote(user, id)
    if not access.is_buyer_of(user, quote.request):
        raise _not_found()
    link = acceptance.accepted_order(quote)
    if link is None:
        raise QuoteError(QuoteErrorCode.NOT_FOUND, _("No accepted quote of yours has this id."), "id")
    return link


class QuoteRequestWithdraw(QuoteMutation):
    """The buyer withdraws a request nothing was accepted on; its open quotes go with it."""

    class Arguments:
        id = graphene.ID(required=True)

    quote_request = graphene.Field(QuoteRequest)

    @classmethod
    def perform_mutation(cls, root, info, id):
        user = info.context.user
        request = visible_request(user, id)
        if not access.is_buyer_of(user, request):
            raise _not_found()
        states.withdraw(request, user)
        return cls(quote_request=loaded_request(user, request), errors=[])


class QuoteMessageSend(QuoteMutation):
    """A message in the thread between a request's buyer and one of its producers."""

    class Arguments:
        request = graphene.ID(required=True)
        producer = graphene.ID(description="The producer's thread; for a buyer, needed when several producers "
                                           "are asked.")
        body = graphene.String(required=True)

    message = graphene.Field(QuoteMessage)

    @classmethod
    def perform_mutation(cls, root, info, request, body, producer=None):
        user = info.context.user
        found = visible_request(user, request, "request")
        if access.is_buyer_of(user, found):
            producers = {line.producer_id: line.producer for line in access.lines_for(user, found)}
            pk = _pk(producer, "Producer", "producer") if producer else (
                next(iter(producers)) if len(producers) == 1 else None)
            if pk not in producers:
                raise QuoteError(QuoteErrorCode.REQUIRED if pk is None else QuoteErrorCode.NOT_FOUND,
                                 _("Name the producer whose thread this is."), "producer")
            thread = producers[pk]
        else:
            thread = producer_for(user, found, producer)
        message = quoting.send_message(found, thread, user, _text(body, "body", 5000, required=True))
        message.request = found
        return cls(message=message, errors=[])


class QuoteMutations(graphene.ObjectType):
    quote_request_create = QuoteRequestCreate.Field()
    quote_create = QuoteCreate.Field()
    quote_update = QuoteUpdate.Field()
    quote_accept = QuoteAccept.Field()
    quote_decline = QuoteDecline.Field()
    quote_request_withdraw = QuoteRequestWithdraw.Field()
    quote_deposit_pay = QuoteDepositPay.Field()
    quote_balance_pay = QuoteBalancePay.Field()
    quote_message_send = QuoteMessageSend.Field()
