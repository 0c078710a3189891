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
- ``available_expression()`` and ``in_stock_q()`` in SQL, for filtering and annotating whole
  catalogues.
"""
from django.db import transaction
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThan
from oscar.core.loading import get_model

StockRecord = get_model("partner", "StockRecord")


def selling_record(product):
    """The stock record ``product`` is priced and sold from, or None."""
    priced = [record for record in product.stockrecords.all() if record.price is not None]
    return min(priced, key=lambda record: record.pk) if priced else None


def available(record) -> int:
    """How many of a stock record's units are left to sell (0 without a record)."""
    if record is None:
        return 0
    return max((record.num_in_stock or 0) - (record.num_allocated or 0), 0)


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


def in_stock_q(product_ref="pk") -> Q:
    """A filter on ``catalogue.Product`` keeping the products with stock available to sell."""
    return Q(GreaterThan(available_expression(product_ref), 0))


def set_stock(product, quantity: int, by=None):
    """Set the units of ``product`` its producer holds (the selling record's stock; what is available
    to sell is that less what placed orders have allocated). Applies at once, under the record's row
    lock. ``by``: who, for the audit log (which reads the actor from the request). ``ValueError`` for a
    product with no selling record (no price yet) or a negative quantity."""
    if quantity < 0:
        raise ValueError("a stock quantity is at least 0")
    with transaction.atomic():
        record = StockRecord.objects.select_for_update().filter(product=product, price__isnull=False).order_by("pk").first()
        if record is None:
            raise ValueError(f"product {product.pk} has no selling record: give it a price first")
        record.num_in_stock = quantity
        record.save(update_fields=["num_in_stock", "date_updated"])
    return record
