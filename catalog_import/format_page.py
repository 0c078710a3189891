"""The file-format page an officer opens from the upload page: every column of a programme file, in the
importer's order, with its Thai and English headers and the other spellings the importer accepts
(``columns.COLUMNS``), what it holds (``columns.DESCRIPTIONS``), whether a row without it is rejected
(``records.REQUIRED``) and the values it accepts (the importer's own lists: categories from the catalogue,
producer types, the programme's first year). Nothing here repeats a column: a column added to
``COLUMNS`` is on the page."""
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog_import.columns import COLUMNS, DESCRIPTIONS
from catalog_import.records import REQUIRED
from catalog_import.values import BUDDHIST_ERA_OFFSET, PROGRAMME_START
from marketplace.catalog.models import CategoryNames
from marketplace.producers.models import ProducerType

FIXED_VALUES = {
    "stars": gettext_lazy("1 to 5, written 4, 4 ดาว, ★★★★ or 4 stars"),
    "quadrant": "A, B, C, D",
    "postcode": gettext_lazy("Five digits"),
    "province": gettext_lazy("One of the 77 provinces"),
}


def _allowed_values(field):
    if field == "category":
        return [f"{names.name_th} / {names.name_en}"
                for names in CategoryNames.objects.filter(category__depth=1).order_by("category__path")]
    if field == "producer_type":
        return [str(label) for label in ProducerType.labels]
    if field == "year":
        last = timezone.localdate().year + 1
        return [format_lazy(_("{first} to {last} (Christian era) or {first_be} to {last_be} (Buddhist era)"),
                            first=PROGRAMME_START, last=last, first_be=PROGRAMME_START + BUDDHIST_ERA_OFFSET,
                            last_be=last + BUDDHIST_ERA_OFFSET)]
    return [FIXED_VALUES[field]] if field in FIXED_VALUES else []


def format_rows():
    """One row per column, in the template workbook's order."""
    return [{
        "field": field, "thai": names[0], "english": names[1], "other_spellings": names[2:],
        "description": DESCRIPTIONS[field], "required": field in REQUIRED, "allowed": _allowed_values(field),
    } for field, names in COLUMNS.items()]
