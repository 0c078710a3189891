"""Placing an order: the one domain function the Oscar storefront, the Saleor-compatible API
and the benchmarks all call.

It prices the basket in the shopper's currency, checks that every product is still listed and
can be shipped to the address, then — in one transaction — locks the stock records of the
basket (SELECT … FOR UPDATE, in primary-key order so that two checkouts sharing products
cannot deadlock), refuses when fewer are left than asked for, and lets Oscar's
``OrderCreator`` write the order and allocate the stock. Each producer's lines become one
``ProducerShipment``. The order waits for payment until Stripe says the money arrived
(``marketplace.payments.events``, through ``payment_status``).

The confirmation e-mail is owed in the same transaction (``outbox``) and sent after it commits:
an order is never placed without its e-mail, and never lost because the mailer failed.
Nothing here talks to the network while the stock rows are locked.
"""

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _, gettext_lazy
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.apps.offer.applicator import Applicator
from oscar.apps.order.utils import OrderCreator, OrderNumberGenerator
from oscar.core.loading import get_model

from marketplace.catalog import stock
from marketplace.catalog.names import product_name
from marketplace.channels.pricing import rate_from_base
from marketplace.core import email_addresses, library_edges
from marketplace.shipping import companies, pricing
from marketplace.shipping.methods import ParcelShipping, basket_items

from .currency import currency_for_destination
from . import guest_orders, remembered
from .errors import CheckoutError, CheckoutErrorCode, InsufficientStock
from .line_problems import unlisted_product_ids, wanted_per_record
from .outbox import queue_order_emails
from .models import ProducerShipment, ShipmentStatus
from .strategy import ChannelStrategy

StockRecord = get_model("partner", "StockRecord")

STATUS_PENDING_PAYMENT = "Pending payment"
STATUS_PAID = "Paid"
STATUS_CANCELLED = "Cancelled"
# Staff refund a paid order (``refunds``): pending until Stripe has given the money back.
STATUS_REFUND_PENDING = "Refund pending"
STATUS_REFUNDED = "Refunded"
# What a person reads for each status (Oscar keeps the status as this English code on the order).
STATUS_LABELS = {STATUS_PENDING_PAYMENT: gettext_lazy("Pending payment"), STATUS_PAID: gettext_lazy("Paid"),
                 STATUS_CANCELLED: gettext_lazy("Cancelled"), STATUS_REFUND_PENDING: gettext_lazy("Refund pending"),
                 STATUS_REFUNDED: gettext_lazy("Refunded")}


def comes_from_quote(order) -> bool:
    """Whether ``order`` is an accepted quote's (``quote_orders`` links it; this app may not import that
    one): its money is a deposit and a balance, not the shop's card payment."""
    return type(order).objects.filter(pk=order.pk, quote_link__isnull=False).exists()


def register_status_labels(labels: dict) -> None:
    """Names for the statuses another app sets on orders (an accepted quote's, which this app may not
    import), called from that app's ``ready``: ``status_label`` reads them with the shop's own."""
    clashing = {status for status in labels if status in STATUS_LABELS and STATUS_LABELS[status] != labels[status]}
    if clashing:
        raise ValueError(f"order statuses already named otherwise: {sorted(clashing)}")
    STATUS_LABELS.update(labels)


def status_label(status) -> str:
    """An order's status in the active language; a status the shop does not set is shown as kept."""
    return str(STATUS_LABELS.get(status, status or ""))


def use_currency(basket, currency):
    """Price ``basket`` in ``currency``: one basket holds one currency, so its lines are repriced."""
    basket.strategy = ChannelStrategy(currency=currency)
    for line in basket.all_lines():
        info = basket.strategy.fetch_for_line(line)
        if not info.price.exists:
            raise CheckoutError(CheckoutErrorCode.PRODUCT_NOT_PUBLISHED,
                                _("%(product)s is not sold in %(currency)s.") % {
                                    "product": product_name(line.product), "currency": currency},
                                field="lines", product=line.product)
        if line.price_currency != currency or line.price_excl_tax != info.price.excl_tax:
            line.price_currency = currency
            line.price_excl_tax = info.price.excl_tax
            line.price_incl_tax = info.price.incl_tax
            line.save(update_fields=["price_currency", "price_excl_tax", "price_incl_tax"])
        library_edges.keep_line_price(line, info)  # Oscar caches a line's price; keep the repriced one
    # Offers and vouchers are applied again to the repriced lines (a guest is AnonymousUser).
    Applicator().apply(basket, basket.owner or AnonymousUser())
    return basket

def check_listed(basket):
    lines = basket.all_lines()
    unlisted = unlisted_product_ids(lines)
    for line in lines:
        if line.product_id in unlisted:
            raise CheckoutError(CheckoutErrorCode.PRODUCT_NOT_PUBLISHED,
                                _("%(product)s is no longer on sale.") % {"product": product_name(line.product)},
                                field="lines", product=line.product)

def shipping_method_for(basket, country_code):
    """The priced parcel method for ``basket`` sent to ``country_code`` (raises CheckoutError)."""
    try:
        quote = pricing.quote(basket_items(basket), country_code)
    except pricing.NotShippable as refusal:
        raise CheckoutError(CheckoutErrorCode.SHIPPING_METHOD_NOT_APPLICABLE, str(refusal), field="shippingAddress")
    return ParcelShipping(quote, basket.currency)

def lock_and_check_stock(basket):
    """Lock the basket's stock records in a fixed order and refuse if any has too few left to sell
    (``catalog.stock``; read after the lock, so two checkouts cannot both take the last one)."""
    lines = basket.all_lines()
    wanted = wanted_per_record(lines)
    products = {line.stockrecord_id: line.product for line in lines}
    records = StockRecord.objects.select_for_update().filter(pk__in=list(wanted)).order_by("pk")
    for record in records:
        available = stock.available(record)
        if available < wanted[record.pk]:
            raise InsufficientStock(products[record.pk], available, wanted[record.pk])

def quote_checkout(basket, country_code, currency=None):
    """(shipping method, shipping charge, order total) for ``basket`` sent to ``country_code``,
    priced in the currency of that destination's channel unless ``currency`` is given. Refuses
    (``CHANNEL_INACTIVE``) a destination whose channel is switched off."""
    destination_currency = currency_for_destination(country_code)
    use_currency(basket, currency or destination_currency)
    check_listed(basket)
    method = shipping_method_for(basket, country_code)
    charge = method.calculate(basket)
    return method, charge, OrderTotalCalculator().calculate(basket, charge)

def place_order(basket, *, shipping_address, email, user=None, billing_address=None, order_number=None,
                currency=None, request=None, before_placing=None, while_placing=None, language=None,
                remember=()):
    """Place ``basket`` as an order shipped to ``shipping_address`` (an unsaved Oscar ShippingAddress).

    ``before_placing(total)`` runs once the total is known and before anything is written or
    locked (the payment check, which asks Stripe). ``while_placing(order)`` runs inside the
    placing transaction (tie the payment and the checkout to the order). Raises
    ``CheckoutError`` (``InsufficientStock`` among them) without writing. ``remember``: which of the
    addresses (``remembered.SHIPPING``, ``remembered.BILLING``) go into a signed-in buyer's address book
    with the order.
    """
    if basket.is_empty:
        raise CheckoutError(CheckoutErrorCode.NO_LINES, _("Your basket is empty."), field="lines")
    if not email:
        raise CheckoutError(CheckoutErrorCode.EMAIL_NOT_SET, _("An e-mail address is needed."), field="email")
    too_long = email_addresses.refusal(email)
    if too_long is not None:  # it would not fit the order's column: refused before the payment is checked
        raise CheckoutError(CheckoutErrorCode.INVALID, too_long, field="email")
    method, charge, total = quote_checkout(basket, shipping_address.country_id, currency)
    signed_in = user if user is not None and user.is_authenticated else None
    if signed_in is None:
        user = guest_orders.account_for(email)  # a guest's order with an account's e-mail is that account's
    order_number = str(order_number or OrderNumberGenerator().order_number(basket))
    if before_placing is not None:
        before_placing(total)
    with transaction.atomic():
        lock_and_check_stock(basket)
        shipping_address.save()
        companies.keep(shipping_address)
        if billing_address is not None:  # (an API checkout's; the storefront's checkout asks for none)
            billing_address.save()
            companies.keep(billing_address)
        order = OrderCreator().place_order(
            basket=basket, total=total, shipping_method=method, shipping_charge=charge, user=user,
            shipping_address=shipping_address, billing_address=billing_address, order_number=order_number,
            status=STATUS_PENDING_PAYMENT, request=request, guest_email=email if not user else "",
        )
        exchange_rate = rate_from_base(order.currency)
        for parcel, parcel_charge in zip(method.quote.parcels, method.parcel_charges):
            ProducerShipment.objects.create(
                order=order, partner=parcel.producer.partner, status=ShipmentStatus.AWAITING_PAYMENT,
                chargeable_weight_g=int(parcel.chargeable_weight_g), shipping_charge=parcel_charge,
                exchange_rate=exchange_rate)
        basket.submit()
        for kind, address in ((remembered.SHIPPING, shipping_address), (remembered.BILLING, billing_address)):
            if kind in remember:  # the signed-in buyer's book, never that of an account a guest's e-mail names
                remembered.remember(signed_in, address, kind)
        if while_placing is not None:
            while_placing(order)
        queue_order_emails(order, request=request, language=language)
    return order

def mark_paid(order):
    """Stripe confirmed the money: producers may now ship."""
    order.status = STATUS_PAID
    order.save(update_fields=["status"])
    order.producer_shipments.filter(status=ShipmentStatus.AWAITING_PAYMENT).update(status=ShipmentStatus.TO_SHIP)

def release_stock(order, partner_id=None):
    """Give the stock ``order`` allocated back to sale and cancel its parcels (only producer
    ``partner_id``'s, when given); call inside the transaction that ends the order or the parcel (its
    records locked in primary-key order, as placing locks them). A parcel cancelled before gave its
    stock back then."""
    lines = order.lines.exclude(partner_id__in=order.producer_shipments.filter(status=ShipmentStatus.CANCELLED)
                                .values("partner_id"))
    parcels = order.producer_shipments.exclude(status=ShipmentStatus.CANCELLED)
    if partner_id is not None:
        lines, parcels = lines.filter(partner_id=partner_id), parcels.filter(partner_id=partner_id)
    for line in lines.order_by("stockrecord_id"):
        if line.stockrecord_id:
            StockRecord.objects.select_for_update().get(pk=line.stockrecord_id).cancel_allocation(line.quantity)
    parcels.update(status=ShipmentStatus.CANCELLED)


def cancel_unpaid(order):
    """The payment failed after the order was placed (PromptPay expired): release the stock."""
    with transaction.atomic():
        release_stock(order)
        order.status = STATUS_CANCELLED
        order.save(update_fields=["status"])
