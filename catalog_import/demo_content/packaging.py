"""The gross weights of the demo's export-ready products. Programme files record the net weight only,
and a product without a gross weight cannot be shipped abroad (``marketplace/shipping/pricing.py``),
so without these the demo would sell nothing to a shopper in Japan or Europe. In a real shop the
producers record them (producer portal, moderated); the demo's producers of the export-ready file
are taken to have weighed their packed items: the net weight plus packaging of 12 % of it, at least
40 g, rounded up to 10 g.
"""
import csv
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

from marketplace.catalog.models import Packaging

EXPORT_READY_FILE = Path(__file__).resolve().parents[1] / "demo" / "export-ready-2024.csv"


def export_ready_codes():
    with open(EXPORT_READY_FILE, encoding="utf-8-sig", newline="") as handle:
        return {row["Product code"] for row in csv.DictReader(handle) if row["Product code"]}


def demo_gross_weight_g(net_weight_g):
    packed = Decimal(net_weight_g) + max(Decimal(net_weight_g) * Decimal("0.12"), Decimal(40))
    return (packed / 10).quantize(Decimal(1), rounding=ROUND_CEILING) * 10


def record_gross_weights(programme_codes):
    """Gives the demo gross weight to those products' packaging that has a net weight and no gross
    weight yet (a weight staff or a producer recorded is kept); returns how many were recorded."""
    missing = Packaging.objects.filter(product__profile__programme_code__in=programme_codes,
                                       gross_weight_g__isnull=True, net_weight_g__isnull=False)
    recorded = 0
    for packaging in missing:
        packaging.gross_weight_g = demo_gross_weight_g(packaging.net_weight_g)
        packaging.save(update_fields=["gross_weight_g"])
        recorded += 1
    return recorded
