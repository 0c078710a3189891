"""Export facts of a quantity of a product, computed from its ``catalog.Packaging`` (issue 14):
shown to the buyer with a request and pre-filled for the producer answering it.

- cartons = ⌈pieces ÷ units per carton⌉ (a quantity asked in cartons is that many cartons);
- gross weight (kg) = cartons × carton gross weight when the carton's weight is known, else
  pieces × a piece's gross weight;
- volume (CBM, m³) = cartons × carton length × width × height (cm) ÷ 1,000,000;
- chargeable weight for **air freight** = max(gross kg, CBM × 167): airlines charge the volume at
  IATA's 6,000 cm³ per kg, i.e. 1 m³ = 1,000,000 ÷ 6,000 = 166.67 kg, which forwarders round to
  ``AIR_KG_PER_CBM`` = 167. (Sea freight charges per CBM or tonne; no factor is needed there.)
- ``missing``: what an export shipment needs and the product does not have yet (HS code, shelf
  life, gross weight, carton size, units per carton), each named.

Weights round to 0.01 kg, volumes to 0.001 m³ (half up), after the whole computation.
"""
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

AIR_KG_PER_CBM = Decimal(167)
MODE = "air"  # the mode the chargeable weight is for

MISSING_LABELS = {
    "hs_code": _("HS code"),
    "shelf_life": _("shelf life"),
    "gross_weight": _("gross weight"),
    "carton_size": _("carton size"),
    "units_per_carton": _("units per carton"),
}


@dataclass
class ExportFacts:
    pieces: int | None = None
    cartons: int | None = None
    gross_kg: Decimal | None = None
    cbm: Decimal | None = None
    chargeable_kg: Decimal | None = None
    hs_code: str = ""
    missing: list = field(default_factory=list)  # codes, keys of MISSING_LABELS

    @property
    def missing_labels(self):
        return [MISSING_LABELS[code] for code in self.missing]

    @property
    def ready(self):
        return not self.missing


def _d(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _kg(value):
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _cbm(value):
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def missing_for_export(packaging) -> list:
    if packaging is None:
        return list(MISSING_LABELS)
    missing = []
    if not packaging.hs_code:
        missing.append("hs_code")
    if not packaging.shelf_life_days:
        missing.append("shelf_life")
    if not (packaging.gross_weight_g or packaging.carton_weight_g):
        missing.append("gross_weight")
    if packaging.carton_size_cm is None:
        missing.append("carton_size")
    if not packaging.units_per_carton:
        missing.append("units_per_carton")
    return missing


def compute(packaging, quantity: int, unit: str = "pieces") -> ExportFacts:
    """The facts of ``quantity`` ``unit`` ("pieces" or "cartons") of a product with ``packaging``
    (``None`` when the product has none: everything is missing)."""
    facts = ExportFacts(missing=missing_for_export(packaging), hs_code=getattr(packaging, "hs_code", "") or "")
    if packaging is None:
        if unit == "pieces":
            facts.pieces = quantity
        else:
            facts.cartons = quantity
        return facts
    per_carton = packaging.units_per_carton or None
    if unit == "cartons":
        facts.cartons = quantity
        facts.pieces = quantity * per_carton if per_carton else None
    else:
        facts.pieces = quantity
        facts.cartons = math.ceil(quantity / per_carton) if per_carton else None
    gross = None
    if packaging.carton_weight_g and facts.cartons is not None:
        gross = facts.cartons * _d(packaging.carton_weight_g) / 1000
    elif packaging.gross_weight_g and facts.pieces is not None:
        gross = facts.pieces * _d(packaging.gross_weight_g) / 1000
    cbm = None
    if packaging.carton_size_cm is not None and facts.cartons is not None:
        length, width, height = packaging.carton_size_cm
        cbm = facts.cartons * _d(length) * _d(width) * _d(height) / Decimal(1_000_000)
    facts.gross_kg = _kg(gross) if gross is not None else None
    facts.cbm = _cbm(cbm) if cbm is not None else None
    if gross is not None and cbm is not None:
        facts.chargeable_kg = _kg(max(gross, cbm * AIR_KG_PER_CBM))
    return facts


def for_line(line) -> ExportFacts:
    return compute(getattr(line.product, "packaging", None), line.quantity, line.unit)
