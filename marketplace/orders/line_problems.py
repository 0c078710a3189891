"""What stands between a basket's lines and an order, shown before the shopper pays: a product no
longer listed (``catalog.listing``), or fewer units left to sell than the basket asks of a stock
record (``catalog.stock``). ``placement`` refuses exactly these when the order is placed, under a
lock; this reads without one, so the checkout can say it ahead (Saleor's checkout ``problems``).
"""
from collections import defaultdict
from dataclasses import dataclass

from marketplace.catalog import stock
from marketplace.catalog.listing import listable


@dataclass(frozen=True)
class NoLongerListed:
    line: object


@dataclass(frozen=True)
class ShortOfStock:
    line: object
    available: int


def unlisted_product_ids(lines) -> set[int]:
    """The products of ``lines`` that the listing rule no longer lists (one query)."""
    ids = {line.product_id for line in lines}
    return ids - set(listable().filter(pk__in=ids).values_list("pk", flat=True))


def wanted_per_record(lines) -> dict[int, int]:
    """Units the basket takes from each stock record (two lines may share one)."""
    wanted = defaultdict(int)
    for line in lines:
        wanted[line.stockrecord_id] += line.quantity
    return wanted


def line_problems(basket) -> list:
    """One problem per line that could not be ordered now, in the basket's order; a line no longer
    listed is that, whatever its stock."""
    lines = list(basket.all_lines())
    unlisted, wanted = unlisted_product_ids(lines), wanted_per_record(lines)
    problems = []
    for line in lines:
        if line.product_id in unlisted:
            problems.append(NoLongerListed(line))
            continue
        available = stock.available(line.stockrecord)
        if available < wanted[line.stockrecord_id]:
            problems.append(ShortOfStock(line, available))
    return problems
