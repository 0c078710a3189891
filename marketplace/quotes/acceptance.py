"""Accepting a quote: the buyer's "yes" becomes an Oscar order at the quoted prices and terms.

``accept(quote, by)`` is the one path of the pages and the API:

- who: the request's buyer (``access``); the step itself is ``states``' (quoted → accepted,
  logged with who and when) — an expired, declined or withdrawn quote is refused there;
- the order: one Oscar order per quote, an export order of the international channel (which
  must be active): one line per request line at the quote's current version's unit price, in
  the quote's own currency (never converted: the buyer accepted those numbers), no shipping
  charge (the Incoterm says who pays the carriage, and the quoted price already includes what
  the seller owes), the Incoterm and its named place as the order's shipping method and on the
  ``QuoteOrder``, shipped to the request's destination. Stock is not allocated: a quoted
  quantity is made to order within the quoted lead time;
- idempotent: the ``QuoteOrder`` row's one-to-one on the quote (and the order number, derived
  from the quote) is a unique index, so a second acceptance — even one running at the same
  moment on another connection — fails to insert, rolls back its order and returns the first's;
- the e-mails (the buyer's confirmation, the producer's new-order notice) are jobs of the same
  transaction (``orders.outbox``), sent after the commit;
- money only after the order is committed: the deposit (``quote_orders.deposits``) is asked for
  separately, with no transaction open.

The request's other quotes (other producers answering their own lines) are left as they are:
a buyer may accept several producers' quotes, one order each. A producer quotes only its own
lines, so no other quote covers the same lines.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from oscar.apps.order.utils import OrderCreator
from oscar.core.loading import get_model
from oscar.core.prices import Price

from marketplace.catalog import stock
from marketplace.channels.models import INTERNATIONAL_CHANNEL_SLUG, Channel
from marketplace.orders.models import ProducerShipment, ShipmentStatus
from marketplace.orders.outbox import queue_order_emails
from marketplace.quote_orders.deposits import STATUS_AWAITING_DEPOSIT
from marketplace.quote_orders.models import QuoteOrder
from marketplace.shipping import companies

from . import access, states
from .acceptance_errors import AcceptanceError, AcceptanceErrorCode
from .errors import QuoteError, QuoteErrorCode, not_found
from .models import Quote, Unit

Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
CENT = Decimal("0.01")


def order_number(quote) -> str:
    """The order number of a quote's order: derived from the quote, so it is unique per quote too."""
    return f"Q{quote.pk:06d}"


def deposit_of(total: Decimal, percent) -> Decimal:
    return (Decimal(total) * Decimal(percent) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


class IncotermShipping:
    """Oscar's shipping method as the order records it: the Incoterm and its named place."""

    def __init__(self, incoterm, named_place):
        self.code = f"incoterm-{incoterm.lower()}"
        self.name = f"{incoterm} {named_place} (Incoterms 2020)".replace("  ", " ")


def accepted_order(quote):
    """The ``QuoteOrder`` of ``quote`` when it was accepted, else None."""
    return QuoteOrder.objects.select_related("order").filter(quote=quote).first()


def accept(quote: Quote, by) -> QuoteOrder:
    """Accept ``quote`` for ``by`` (its request's buyer); the ``QuoteOrder`` (with ``.order``).
    Accepting an accepted quote again returns its order. Raises ``QuoteError`` (the state
    rule's) or ``AcceptanceError``."""
    if not access.is_buyer_of(by, quote.request):
        raise not_found()  # as for an id that does not exist
    existing = accepted_order(quote)
    if existing is not None:
        return existing
    channel = Channel.objects.filter(slug=INTERNATIONAL_CHANNEL_SLUG, is_active=True).first()
    if channel is None:
        raise AcceptanceError(AcceptanceErrorCode.CHANNEL_INACTIVE,
                         _("The shop does not take export orders at the moment; please try again later."))
    try:
        with transaction.atomic():
            # The state rule first (it locks the request and the quote, and refuses an expired,
            # declined or withdrawn quote with a QuoteError); it lets an accepted quote through.
            quote = states.accept(quote, by)
            link = _place(quote, by)
    except IntegrityError:
        # Another acceptance of this quote committed first (the unique index waited for it).
        existing = accepted_order(quote)
        if existing is None:
            raise
        return existing
    return link


def _place(quote, by):
    version = quote.current_version
    request = quote.request
    prices = list(version.prices.select_related("line__product", "line__producer__partner").order_by("line_id"))
    if not prices:
        raise QuoteError(QuoteErrorCode.INVALID, _("This quote has no prices."), field="id")
    partner = quote.producer.partner
    currency = version.currency
    total = sum((price.unit_price * price.line.quantity for price in prices), Decimal("0.00"))
    order = OrderCreator().create_order_model(
        user=request.buyer, basket=None, shipping_address=_destination(request),
        shipping_method=IncotermShipping(version.incoterm, version.named_place),
        shipping_charge=Price(currency, Decimal("0.00"), incl_tax=Decimal("0.00")), billing_address=None,
        total=Price(currency, total, incl_tax=total), order_number=order_number(quote),
        status=STATUS_AWAITING_DEPOSIT, guest_email="")
    link = QuoteOrder.objects.create(  # the unique index on quote: a second acceptance stops here
        quote=quote, order=order, accepted_by=by, incoterm=version.incoterm, named_place=version.named_place,
        currency=currency, deposit_percent=version.deposit_percent,
        deposit_amount=deposit_of(total, version.deposit_percent))
    for price in prices:
        line = price.line
        record = stock.selling_record(line.product)
        amount = (price.unit_price * line.quantity).quantize(CENT)
        unit = _("cartons") if line.unit == Unit.CARTONS else _("pieces")
        Line.objects.create(
            order=order, partner=partner, partner_name=partner.name,
            partner_sku=record.partner_sku if record is not None else "", stockrecord=record,
            product=line.product, title=f"{line.product.get_title()} ({unit})", upc=line.product.upc or "",
            quantity=line.quantity, line_price_excl_tax=amount, line_price_incl_tax=amount,
            line_price_before_discounts_excl_tax=amount, line_price_before_discounts_incl_tax=amount,
            unit_price_excl_tax=price.unit_price, unit_price_incl_tax=price.unit_price, num_allocated=0)
    ProducerShipment.objects.create(order=order, partner=partner, status=ShipmentStatus.AWAITING_PAYMENT)
    queue_order_emails(order)
    return link


def _destination(request):
    """The request's destination as the order's shipping address: the buyer's contact and company, the
    port or city, the country."""
    country = Country.objects.filter(pk=request.destination_country.upper()).first()
    if country is None:
        return None
    buyer = request.buyer
    profile = getattr(buyer, "trade_buyer", None)
    address = ShippingAddress(
        first_name=(profile.contact_name if profile else buyer.get_full_name())[:255] or buyer.email[:255],
        line4=request.destination_place[:255], country=country)
    companies.attach(address, profile.company[:255] if profile else "")
    address.save()
    companies.keep(address)
    return address
