"""From a row of a programme file to a validated ``Record``, or the problems that reject it.

A row is rejected as a whole (FORMAT.md, "Invalid rows"); a problem with an optional cell that
FORMAT.md does not list as invalid only drops that value, with a warning on the row.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from catalog_import import values
from catalog_import.columns import LABELS
from catalog_import.readers import Table
from marketplace.provinces.lookup import find_province


@dataclass
class Problem:
    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    message: str
    rejected: bool = True  # False: a warning, the row is imported


@dataclass
class Record:
    file: str
    sheet: str
    row: int
    code: str
    name_th: str
    category: str
    stars: int
    year: int
    producer_name: str
    province: object  # marketplace.provinces.models.Province
    price: Decimal
    name_en: str = ""
    producer_type: str = ""
    address: str = ""
    subdistrict: str = ""
    district: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    unit: str = ""
    standards: list = field(default_factory=list)
    story_th: str = ""
    story_en: str = ""
    packaging: str = ""
    size: tuple | None = None
    net_weight: Decimal | None = None
    units_per_carton: int | None = None
    monthly_capacity: int | None = None
    quadrant: str = ""
    hs_code: str = ""
    shelf_life: int | None = None
    unmapped: dict = field(default_factory=dict)


# field -> (reader, required, maximum length for text) ; readers raise values.Invalid
MAX_LENGTHS = {"code": 64, "name_th": 255, "name_en": 255, "producer_name": 255, "address": 255,
               "subdistrict": 128, "district": 128, "phone": 64, "unit": 64, "packaging": 255, "hs_code": 16}
MEMO_SIZE = 5000  # remembered values per column: bounded, so that unique columns cost little memory
REQUIRED = {
    "code": "missing product code",
    "name_th": "missing product name",
    "category": "missing category",
    "stars": "missing star level",
    "year": "missing selection year",
    "producer": "missing producer",
    "province": "missing province",
    "price": "missing price",
}


class RowReader:
    """Validates the rows of one table; ``categories`` maps category spellings to codes."""

    def __init__(self, table: Table, categories, today=None):
        self.table = table
        self.categories = categories
        self.today = today
        self.index = {column.field: column for column in table.columns if column.field}
        self.unmapped = [column for column in table.columns if not column.field]
        self.memo = {}

    def parse(self, field_name, raw, reader, *args):
        """``reader(raw)``, or the ``Invalid`` it raised; remembered per field, because most
        columns repeat a few values (categories, provinces, producers, units) thousands of times."""
        memo = self.memo.setdefault(field_name, {})
        try:
            return memo[raw]
        except KeyError:
            pass
        except TypeError:  # a cell value that cannot be a key
            memo = {}
        try:
            result = reader(raw, *args)
        except values.Invalid as invalid:
            result = invalid
        if len(memo) < MEMO_SIZE:
            memo[raw] = result
        return result

    def cell(self, cells, field_name):
        column = self.index.get(field_name)
        if column is None or column.index >= len(cells):
            return None
        return cells[column.index]

    def is_data(self, cells) -> bool:
        """A row without product code and product name (a footer, a note) is not data."""
        return not (values.text(self.cell(cells, "code")) == "" and values.text(self.cell(cells, "name_th")) == "")

    def problem(self, number, cells, field_name, message, rejected=True) -> Problem:
        column = self.index.get(field_name)
        raw = self.cell(cells, field_name)
        return Problem(self.table.file, self.table.sheet, number, column.header if column else LABELS[field_name],
                       "" if raw is None else str(raw), message, rejected)

    def read(self, number, cells) -> tuple[Record | None, list[Problem]]:
        problems = []
        parsed = {}

        def take(field_name, reader, *args):
            result = self.parse(field_name, self.cell(cells, field_name), reader, *args)
            if isinstance(result, values.Invalid):
                problems.append(self.problem(number, cells, field_name, result.reason,
                                             rejected=field_name in REQUIRED or field_name in ("size", "net_weight")))
                return None
            if (result is None or result == "") and field_name in REQUIRED:
                problems.append(self.problem(number, cells, field_name, REQUIRED[field_name]))
            return result

        parsed["code"] = take("code", values.number_text)
        parsed["name_th"] = take("name_th", values.text)
        parsed["category"] = take("category", values.category, self.categories)
        parsed["stars"] = take("stars", values.star_level)
        parsed["year"] = take("year", values.selection_year, self.today)
        parsed["producer_name"] = take("producer", values.text)
        province_text = take("province", values.text)
        parsed["province"] = find_province(province_text) if province_text else None
        if province_text and parsed["province"] is None:
            problems.append(self.problem(number, cells, "province", "unknown province"))
        price_and_warning = take("price", values.price)
        if price_and_warning:
            parsed["price"], price_warning = price_and_warning
            if price_warning:
                problems.append(self.problem(number, cells, "price", price_warning, rejected=False))
            if parsed["price"] is None:
                problems.append(self.problem(number, cells, "price", REQUIRED["price"]))
        parsed["size"] = take("size", values.package_size)
        parsed["net_weight"] = take("net_weight", values.weight)

        for name in ("name_en", "address", "subdistrict", "district", "phone", "unit", "packaging", "hs_code"):
            parsed[name] = take(name, values.text) or ""
        parsed["story_th"] = take("story_th", values.multiline) or ""
        parsed["story_en"] = take("story_en", values.multiline) or ""
        parsed["producer_type"] = take("producer_type", values.producer_type) or ""
        parsed["standards"] = take("standards", values.standards) or []
        parsed["units_per_carton"] = take("units_per_carton", values.whole_number, "units per carton")
        parsed["monthly_capacity"] = take("monthly_capacity", values.whole_number, "monthly capacity")
        parsed["shelf_life"] = take("shelf_life", values.whole_number, "shelf life")
        self._contact(number, cells, parsed, problems)
        self._lengths(number, cells, parsed, problems)

        if any(p.rejected for p in problems):
            return None, problems
        parsed["unmapped"] = {
            column.header: values.text(cells[column.index])
            for column in self.unmapped
            if column.index < len(cells) and values.text(cells[column.index])
        }
        return Record(file=self.table.file, sheet=self.table.sheet, row=number, **parsed), problems

    def _contact(self, number, cells, parsed, problems):
        postcode = values.number_text(self.cell(cells, "postcode"))
        if postcode and not (postcode.isdigit() and len(postcode) == 5):
            problems.append(self.problem(number, cells, "postcode", "postcode is not 5 digits; left out", False))
            postcode = ""
        parsed["postcode"] = postcode
        email = values.text(self.cell(cells, "email"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(self.problem(number, cells, "email", "not an e-mail address; left out", False))
                email = ""
        parsed["email"] = email
        quadrant = values.text(self.cell(cells, "quadrant")).upper()
        if quadrant and quadrant not in {"A", "B", "C", "D"}:
            problems.append(self.problem(number, cells, "quadrant", "quadrant is not A, B, C or D; left out", False))
            quadrant = ""
        parsed["quadrant"] = quadrant

    def _lengths(self, number, cells, parsed, problems):
        for name, limit in MAX_LENGTHS.items():
            value = parsed.get(name)
            if value and len(value) > limit:
                field_name = "producer" if name == "producer_name" else name
                required = field_name in REQUIRED
                message = f"longer than {limit} characters" + ("" if required else "; left out")
                problems.append(self.problem(number, cells, field_name, message, rejected=required))
                if not required:
                    parsed[name] = ""
