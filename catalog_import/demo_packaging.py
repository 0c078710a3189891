"""Package sizes and weights for the demo catalog. The sample programme files in ``demo/`` carry made-up
package sizes that have nothing to do with the product (a 38 g tea in a 44×34×24 cm box, whose
volumetric weight made shipping it to Japan cost more than 50 times its price), so after the import
``load_demo_catalog`` gives each demo product a package derived from its category, selling unit and net
weight by the one rule here (``demo_package``): the product's volume at its category's packing density
(a glass bottle or jar takes more room than its contents), in a box of its category's proportions. The
weights stay the files' (plausible ones): the shipping estimate adds the shop's packing allowance to the
net weight. Real imports keep the sizes their files give; this is the demo's data only."""
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from catalog_import.readers import read_file
from catalog_import.records import RowReader
from marketplace.catalog.models import OtopCategory, Packaging


@dataclass(frozen=True)
class Packing:
    density: Decimal  # grams of product per cm³ of box
    proportions: tuple  # length : width : height
    default_net_g: Decimal  # a record without a net weight


PACKING = {
    OtopCategory.FOOD: Packing(Decimal("0.35"), (Decimal("1.4"), Decimal(1), Decimal("0.5")), Decimal(200)),
    OtopCategory.BEVERAGES: Packing(Decimal("0.6"), (Decimal(1), Decimal(1), Decimal("2.8")), Decimal(500)),
    OtopCategory.TEXTILES: Packing(Decimal("0.25"), (Decimal("1.4"), Decimal(1), Decimal("0.25")), Decimal(300)),
    OtopCategory.HOUSEHOLD: Packing(Decimal("0.2"), (Decimal("1.3"), Decimal(1), Decimal("0.9")), Decimal(500)),
    OtopCategory.HERBAL: Packing(Decimal("0.45"), (Decimal("1.2"), Decimal(1), Decimal("0.8")), Decimal(150)),
}
GLASS_UNITS = {"ขวด", "bottle", "กระปุก", "jar"}  # glass: a third more room than the contents alone
GLASS_ROOM = Decimal("1.35")
MIN_SIDE_CM = Decimal(4)
MIN_VOLUME_CM3 = Decimal(300)  # the smallest box a courier takes: about 10×7.5×4 cm


def _cm(value):
    return max(MIN_SIDE_CM, value.quantize(Decimal("1"), rounding=ROUND_CEILING))


def demo_package(category, unit="", net_weight_g=None):
    """(length, width, height) in cm of a demo product's package."""
    packing = PACKING.get(category, PACKING[OtopCategory.HOUSEHOLD])
    net = Decimal(net_weight_g) if net_weight_g else packing.default_net_g
    room = GLASS_ROOM if (unit or "").strip().lower() in GLASS_UNITS else Decimal(1)
    volume = max(MIN_VOLUME_CM3, net / packing.density * room)
    a, b, c = packing.proportions
    scale = Decimal(float(volume / (a * b * c)) ** (1 / 3))
    return tuple(_cm(side * scale) for side in packing.proportions)


def demo_codes(paths):
    """The programme codes of the records in the demo's files."""
    codes = set()
    for path in paths:
        for table in read_file(path, path.name):
            if table.header_row:
                reader = RowReader(table, {})
                codes.update(code for code in (reader.code(cells) for _, cells in table.rows) if code)
    return codes


def apply_demo_packaging(paths):
    """Give every product of the demo's files its package size by ``demo_package``; returns how many changed."""
    changed = 0
    for packaging in Packaging.objects.filter(product__profile__programme_code__in=demo_codes(paths)).select_related(
            "product__profile"):
        profile = packaging.product.profile
        length, width, height = demo_package(profile.otop_category, profile.unit, packaging.net_weight_g)
        wanted = {"length_cm": length, "width_cm": width, "height_cm": height}
        if any(getattr(packaging, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(packaging, name, value)
            packaging.save(update_fields=list(wanted))
            changed += 1
    return changed
