"""The quote types. What a caller sees of a request (its lines, quotes and thread) is always
``marketplace.quotes.access``'s answer: the loader below asks the rule for every request of a page
at once (its per-request querysets joined with ``|``: one SQL query per kind, whatever the page
size), never filters on its own."""
from collections import defaultdict
from functools import reduce
from operator import or_

import graphene

from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.money import Money, MoneyValue
from marketplace.quote_orders.models import QuoteOrder as QuoteOrderModel
from marketplace.quotes import access
from marketplace.quotes.models import Incoterm, QuotePrice as QuotePriceModel, State, TargetCurrency, Unit


def _enum(name, choices, description):
    return graphene.Enum(name, [(member.name, member.value) for member in choices], description=description)


QuoteStateEnum = _enum("QuoteStateEnum", State, "The state of a quote request or a quote.")
IncotermEnum = _enum("IncotermEnum", Incoterm, "An Incoterm of Incoterms 2020.")
QuoteUnitEnum = _enum("QuoteUnitEnum", Unit, "What a quantity counts: pieces or cartons.")
QuoteCurrencyEnum = _enum("QuoteCurrencyEnum", TargetCurrency, "A currency a quote may be given in.")


def load_visible(user, requests):
    """Attach to each request what ``user`` may see of it: lines, quotes (with their prices and
    order) and messages. One query per kind for the whole page."""
    requests = list(requests)
    if not requests:
        return requests
    kinds = {"lines": access.lines_for, "quotes": access.quotes_for, "messages": access.messages_for}
    for kind, rule in kinds.items():
        rows = defaultdict(list)
        for row in reduce(or_, (rule(user, request) for request in requests)).order_by("pk"):
            rows[row.request_id].append(row)
        for request in requests:
            setattr(request, f"visible_{kind}", rows.get(request.pk, []))
    quotes = [quote for request in requests for quote in request.visible_quotes]
    prices = defaultdict(list)
    for price in QuotePriceModel.objects.filter(version_id__in=[q.current_version_id for q in quotes]):
        prices[price.version_id].append(price)
    orders = {link.quote_id: link for link in QuoteOrderModel.objects.filter(quote__in=quotes).select_related("order")}
    for quote in quotes:
        quote.visible_prices = prices.get(quote.current_version_id, [])
        quote.visible_order = orders.get(quote.pk)
    return requests


class QuoteRequestLine(graphene.ObjectType):
    """One product of a request, with the quantity asked for."""

    id = graphene.ID(required=True)
    product_id = graphene.ID(required=True, description="The product's id (a `Product` of the catalogue).")
    product_name = graphene.String(required=True)
    producer_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    unit = graphene.Field(QuoteUnitEnum, required=True)
    target_unit_price = graphene.Decimal(description="The buyer's target price per unit, in the request's currency.")

    @staticmethod
    def resolve_id(root, info):
        return global_id("QuoteRequestLine", root.pk)

    @staticmethod
    def resolve_product_id(root, info):
        return global_id("Product", root.product_id)

    @staticmethod
    def resolve_product_name(root, info):
        return root.product.get_title()

    @staticmethod
    def resolve_producer_name(root, info):
        return root.producer.name


class QuotePrice(graphene.ObjectType):
    """A quote's unit price for one line of the request."""

    line_id = graphene.ID(required=True)
    unit_price = graphene.Decimal(required=True)

    @staticmethod
    def resolve_line_id(root, info):
        return global_id("QuoteRequestLine", root.line_id)


class QuoteOrder(graphene.ObjectType):
    """The order an accepted quote became, with its deposit, its balance and pro-forma invoice."""

    number = graphene.String(required=True)
    status = graphene.String(required=True)
    total = graphene.Field(Money, required=True)
    incoterm = graphene.Field(IncotermEnum, required=True)
    named_place = graphene.String(required=True)
    deposit_percent = graphene.Decimal(required=True)
    deposit = graphene.Field(Money, required=True)
    deposit_paid = graphene.Boolean(required=True)
    balance = graphene.Field(Money, required=True, description="The total less the deposit, paid before shipment.")
    balance_paid = graphene.Boolean(required=True)
    proforma_url = graphene.String(required=True, description="Where the pro-forma invoice (PDF) is downloaded.")

    @staticmethod
    def resolve_number(root, info):
        return root.order.number

    @staticmethod
    def resolve_status(root, info):
        return root.order.status

    @staticmethod
    def resolve_total(root, info):
        return MoneyValue(root.order.total_incl_tax, root.order.currency)

    @staticmethod
    def resolve_deposit(root, info):
        return MoneyValue(root.deposit_amount, root.currency)

    @staticmethod
    def resolve_deposit_paid(root, info):
        return root.deposit_paid_at is not None

    @staticmethod
    def resolve_balance(root, info):
        return MoneyValue(root.balance, root.currency)

    @staticmethod
    def resolve_balance_paid(root, info):
        return root.balance_paid_at is not None

    @staticmethod
    def resolve_proforma_url(root, info):
        from django.urls import reverse

        url = reverse("quote_proforma:download", kwargs={"number": root.order.number})
        request = getattr(info.context, "build_absolute_uri", None)
        return request(url) if request else url


class Quote(graphene.ObjectType):
    """One producer's answer to its own lines of a request (its current version)."""

    id = graphene.ID(required=True)
    state = graphene.Field(QuoteStateEnum, required=True)
    producer_name = graphene.String(required=True)
    version = graphene.Int(required=True, description="The number of the current version (1, 2, …).")
    currency = graphene.Field(QuoteCurrencyEnum, required=True)
    prices = graphene.NonNull(graphene.List(graphene.NonNull(QuotePrice)))
    minimum_order = graphene.Int()
    lead_time_days = graphene.Int(required=True)
    incoterm = graphene.Field(IncotermEnum, required=True)
    named_place = graphene.String(required=True)
    valid_until = graphene.Date(required=True)
    sample_cost = graphene.Decimal()
    deposit_percent = graphene.Int(required=True)
    payment_terms = graphene.String(required=True)
    notes = graphene.String(required=True)
    order = graphene.Field(QuoteOrder, description="The order, once the quote is accepted.")

    @staticmethod
    def resolve_id(root, info):
        return global_id("Quote", root.pk)

    @staticmethod
    def resolve_producer_name(root, info):
        return root.producer.name

    @staticmethod
    def resolve_prices(root, info):
        return root.visible_prices

    @staticmethod
    def resolve_order(root, info):
        return root.visible_order


def _version_field(name):
    return staticmethod(lambda root, info: getattr(root.current_version, name))


for _name in ("currency", "minimum_order", "lead_time_days", "incoterm", "named_place", "sample_cost",
              "deposit_percent", "payment_terms", "notes"):
    setattr(Quote, f"resolve_{_name}", _version_field(_name))
Quote.resolve_version = _version_field("number")


class QuoteMessage(graphene.ObjectType):
    """A message of the thread between the buyer and one producer."""

    id = graphene.ID(required=True)
    body = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    producer_name = graphene.String(required=True, description="The producer whose thread it is.")
    from_buyer = graphene.Boolean(required=True)

    @staticmethod
    def resolve_id(root, info):
        return global_id("QuoteMessage", root.pk)

    @staticmethod
    def resolve_producer_name(root, info):
        return root.producer.name

    @staticmethod
    def resolve_from_buyer(root, info):
        return root.author_id is not None and root.author_id == root.request.buyer_id


class QuoteRequest(graphene.ObjectType):
    """A trade buyer's request for quotation; producers see their own lines and quote only."""

    id = graphene.ID(required=True)
    reference = graphene.String(required=True)
    state = graphene.Field(QuoteStateEnum, required=True)
    incoterm = graphene.Field(IncotermEnum, required=True)
    destination_country = graphene.String(required=True)
    destination_place = graphene.String(required=True)
    wanted_by = graphene.Date()
    sample_requested = graphene.Boolean(required=True)
    certifications_required = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    message = graphene.String(required=True)
    target_currency = graphene.Field(QuoteCurrencyEnum, required=True)
    created = graphene.DateTime(required=True)
    lines = graphene.NonNull(graphene.List(graphene.NonNull(QuoteRequestLine)))
    quotes = graphene.NonNull(graphene.List(graphene.NonNull(Quote)))
    messages = graphene.NonNull(graphene.List(graphene.NonNull(QuoteMessage)))

    @staticmethod
    def resolve_id(root, info):
        return global_id("QuoteRequest", root.pk)

    @staticmethod
    def resolve_lines(root, info):
        return root.visible_lines

    @staticmethod
    def resolve_quotes(root, info):
        return root.visible_quotes

    @staticmethod
    def resolve_messages(root, info):
        for message in root.visible_messages:
            message.request = root  # from_buyer compares with the request's buyer, already loaded
        return root.visible_messages
