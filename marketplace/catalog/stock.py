"""Stock available to sell: the one rule the product pages, the basket and checkout (Oscar's
strategy and ``orders.placement``), the API and its stock filter share.

A product is sold from one stock record, its **selling record**: the first of its stock
records (by id) that has a price — the record ``channels.pricing`` takes the price from, and the
one Oscar's basket line allocates from. Other records of the product (an old partner's, an
unpriced one) are neither priced nor sold from, so their stock does not count.

What is available to sell is the selling record's stock less what placed orders have allocated
from it, never below zero; a product without a selling record has none.

Two forms of the same rule, tested against each other:
- ``selling_record(product)`` and ``quantity_available(product)`` for one product (they read
  ``stockrecords`` when it is prefetched, so a page of products costs no query per product);
- ``available_expression()`` in SQL, for annotating whole catalogues; the listing keeps its value
  per product (``listing.in_stock_q`` filters on it).

Shoppers are told how many units are left only when few are (``is_low``: at most
``LOW_STOCK_THRESHOLD``); otherwise a product is simply in stock or not.

Producers change their stock with ``set_stock(product, quantity, by=user)`` (the portal and the
API): applied at once, on the selling record.

What a stock record's save changed (``quantities_only``, ``told_the_same``), for the catalogue's
version and the search index: an order's allocation changes a record's quantities alone, which no
search document holds and, unless it sells the product out or leaves few, nothing a page says
(``shown``): kept pages and answers then stay kept (``catalog.version``). The record as it was is
read, its row locked, just before each save (``connect``).
"""
from enum import StrEnum

from django.db import connection, transaction
from django.db.models import F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.core.actor import acting_as
from marketplace.core.errors import DomainError

StockRecord = get_model("partner", "StockRecord")

LOW_STOCK_THRESHOLD = 5  # units left at or below which the shop says how many


def is_low(quantity: int) -> bool:
    """Whether shoppers are told how many units are left: some are, and no more than the threshold."""
    return 0 < quantity <= LOW_STOCK_THRESHOLD


def shown(quantity: int) -> int:
    """What shoppers are told of ``quantity`` units left, as a number: none, how many when few
    (``is_low``), or one value for every quantity above the threshold ("in stock")."""
    return min(max(quantity, 0), LOW_STOCK_THRESHOLD + 1)


def selling_record(product):
    """The stock record ``product`` is priced and sold from, or None."""
    priced = [record for record in product.stockrecords.all() if record.price is not None]
    return min(priced, key=lambda record: record.pk) if priced else None


def available(record) -> int:
    """How many of a stock record's units are left to sell (0 without a record)."""
    if record is None:
        return 0
    return _left(record.num_in_stock, record.num_allocated)


def _left(in_stock, allocated) -> int:
    return max((in_stock or 0) - (allocated or 0), 0)


def quantity_available(product) -> int:
    """How many units of ``product`` a shopper may buy now."""
    return available(selling_record(product))


def selling_records(product_ref="pk"):
    """``selling_record`` as a correlated subquery's queryset: the outer query's product is
    named by ``product_ref``; take ``[:1]`` of it."""
    return StockRecord.objects.filter(product=OuterRef(product_ref), price__isnull=False).order_by("pk")


def available_expression(product_ref="pk"):
    """``quantity_available`` as an SQL expression over ``catalogue.Product``."""
    left = Greatest(Coalesce(F("num_in_stock"), 0) - Coalesce(F("num_allocated"), 0), Value(0))
    first = selling_records(product_ref).annotate(left_to_sell=left).values("left_to_sell")[:1]
    return Coalesce(Subquery(first, output_field=IntegerField()), Value(0))


class StockErrorCode(StrEnum):
    """Saleor 3.23's ``StockErrorCode`` values a stock change may be refused with."""

    INVALID = "INVALID"
    REQUIRED = "REQUIRED"


class StockError(DomainError):
    code_enum = StockErrorCode


MAX_STOCK = 2_147_483_647  # Oscar's num_in_stock is a PostgreSQL integer


def record_to_write(product, *, lock=False):
    """The stock record a producer's stock and THB price changes go to: the selling record, else
    the product's first record of its own producer's partner, else None (no record yet)."""
    if lock:
        records = list(StockRecord.objects.select_for_update().filter(product=product).order_by("pk"))
    else:  # ``stockrecords`` as loaded (prefetched on a page of products)
        records = sorted(product.stockrecords.all(), key=lambda record: record.pk)
    priced = [record for record in records if record.price is not None]
    if priced:
        return priced[0]
    partner_id = product.profile.producer.partner_id
    return next((record for record in records if record.partner_id == partner_id), None)


def new_record(product):
    """An unpriced stock record of the product's own producer (not sold until it has a price)."""
    profile = product.profile
    return StockRecord(product=product, partner_id=profile.producer.partner_id, partner_sku=profile.programme_code,
                       price_currency="THB", num_in_stock=0)


def clean_quantity(quantity, field="quantity") -> int:
    """``quantity`` as a whole number of units from 0, or a ``StockError`` saying what is wrong."""
    text = str(quantity).strip() if quantity is not None else ""
    if not text:
        raise StockError(StockErrorCode.REQUIRED, _("Enter the number of units in stock."), field)
    try:
        value = int(text)
    except ValueError:
        raise StockError(StockErrorCode.INVALID, _("Stock must be a whole number of units, not “%(value)s”.")
                         % {"value": text}, field) from None
    if value < 0:
        raise StockError(StockErrorCode.INVALID, _("Stock cannot be below zero."), field)
    if value > MAX_STOCK:
        raise StockError(StockErrorCode.INVALID, _("Stock cannot be above %(max)s units.") % {"max": MAX_STOCK},
                         field)
    return value


def set_stock(product, quantity, by=None):
    """Set how many units of ``product`` are in stock (Saleor's ``quantity``: units held for placed
    orders not yet shipped included), at once, on the record it is sold from; a product without a
    record gets an unpriced one of its producer. Returns the record."""
    value = clean_quantity(quantity)
    with transaction.atomic(), acting_as(by):
        record = record_to_write(product, lock=True) or new_record(product)
        record.num_in_stock = value
        record.save()
    return record


# --- what a save of a stock record changed ------------------------------------------------------

QUANTITIES = ("num_in_stock", "num_allocated")
_BEFORE = "_otop_stock_before"  # the record's row as it was before the save under way


def _read_before_save(sender, instance, raw=False, **kwargs):
    """Before a stock record is saved (``save()``, and Oscar's allocations, which send the signal
    before their UPDATE): its row as it is now, locked — the save locks it next anyway — so that two
    orders' allocations of one record are each compared with what the other left. Outside a
    transaction the lock would end before the save: nothing is read, and the save counts as a
    change of everything."""
    before = None
    if not raw and instance.pk is not None and not instance._state.adding and connection.in_atomic_block:
        before = StockRecord.objects.select_for_update().filter(pk=instance.pk).values().first()
    setattr(instance, _BEFORE, before)


def quantities_only(record) -> bool:
    """Whether the save of ``record`` just made changed its quantities (in stock, allocated) and
    nothing else: no price, product or partner, and the record existed before."""
    before = getattr(record, _BEFORE, None)
    if before is None:
        return False
    for field in StockRecord._meta.concrete_fields:
        if field.attname not in QUANTITIES and not getattr(field, "auto_now", False) \
                and before[field.attname] != getattr(record, field.attname):
            return False
    return True


def told_the_same(record) -> bool:
    """Whether, after the save of ``record`` just made, shoppers are told what they were told
    before: only its quantities changed, and ``shown`` of what is left is the same (so the product
    neither sold out nor came back, and no "only N left" changed). An exact count (the API's
    ``quantityAvailable``) may have changed."""
    if not quantities_only(record):
        return False
    after = [getattr(record, name) for name in QUANTITIES]
    if not all(value is None or isinstance(value, int) for value in after):
        return False  # an expression (F()) saved: what it came to is not known here
    before = getattr(record, _BEFORE)
    return shown(_left(*(before[name] for name in QUANTITIES))) == shown(_left(*after))


def connect():
    from django.db.models.signals import pre_save

    pre_save.connect(_read_before_save, sender=StockRecord, dispatch_uid="otop_stock_before_save")
