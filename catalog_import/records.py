"""From a row of a programme file to a validated ``Record``, or the problems that reject it.

A row is rejected as a whole (FORMAT.md, "Invalid rows"); a problem with an optional cell that
FORMAT.md does not list as invalid only drops that value, with a warning on the row. So does a
cell the reader could not take as a value (``readers.BadCell``: a spreadsheet error, an overlong
cell) in an optional column; in a required one it rejects the row, and a cell a CSV quote ran
away with rejects it in any column.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from catalog_import import values
from catalog_import.columns import LABELS
from catalog_import.problem_codes import ProblemCode, english
from catalog_import.readers import BadCell, BadRow, Table


@dataclass
class Problem:
    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    code: ProblemCode
    params: dict = field(default_factory=dict)  # the values the message names (a limit, a row)
    rejected: bool = True  # False: a warning, the row is imported
    message: str = ""  # in English, from the code: as the command prints it; pages use problem_codes.describe

    def __post_init__(self):
        self.message = english(self.code, self.params)


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
    digest: str = ""  # of the row's cells, see fingerprints.py


MAX_LENGTHS = {"code": 64, "name_th": 255, "name_en": 255, "producer_name": 255, "address": 255,
               "subdistrict": 128, "district": 128, "phone": 64, "email": 254, "unit": 64, "packaging": 255,
               "hs_code": 16}
MEMO_SIZE = 5000  # remembered values per column: bounded, so that unique columns cost little memory
REQUIRED = {
    "code": ProblemCode.MISSING_CODE,
    "name_th": ProblemCode.MISSING_NAME,
    "category": ProblemCode.MISSING_CATEGORY,
    "stars": ProblemCode.MISSING_STARS,
    "year": ProblemCode.MISSING_YEAR,
    "producer": ProblemCode.MISSING_PRODUCER,
    "province": ProblemCode.MISSING_PROVINCE,
    "price": ProblemCode.MISSING_PRICE,
}


# These problems of optional cells reject the row too (FORMAT.md: negative size or weight, a size
# that is not three numbers); other problems of optional cells only leave the value out, with a
# warning (a weight that is not a number of grams, a size or weight beyond what the catalog holds).
REJECTING = {ProblemCode.SIZE_NOT_LXWXH, ProblemCode.SIZE_NEGATIVE, ProblemCode.WEIGHT_NEGATIVE}


def _plan(categories, today):
    """(field, reader, extra reader arguments, Record attribute, value of an empty cell)"""
    return [
        ("code", values.number_text, (), "code", None),
        ("name_th", values.text, (), "name_th", None),
        ("category", values.category, (categories,), "category", None),
        ("stars", values.star_level, (), "stars", None),
        ("year", values.selection_year, (today,), "year", None),
        ("producer", values.text, (), "producer_name", None),
        ("province", values.province, (), "province", None),
        ("price", values.price, (), "price", None),
        ("size", values.package_size, (), "size", None),
        ("net_weight", values.weight, (), "net_weight", None),
        *((name, values.text, (), name, "") for name in (
            "name_en", "address", "subdistrict", "district", "phone", "unit", "packaging", "hs_code")),
        ("story_th", values.multiline, (), "story_th", ""),
        ("story_en", values.multiline, (), "story_en", ""),
        ("producer_type", values.producer_type, (), "producer_type", ""),
        ("standards", values.standards, (), "standards", []),
        ("units_per_carton", values.whole_number, (ProblemCode.UNITS_PER_CARTON_NOT_WHOLE,), "units_per_carton", None),
        ("monthly_capacity", values.whole_number, (ProblemCode.MONTHLY_CAPACITY_NOT_WHOLE,), "monthly_capacity", None),
        ("shelf_life", values.whole_number, (ProblemCode.SHELF_LIFE_NOT_WHOLE,), "shelf_life", None),
        ("postcode", values.postcode, (), "postcode", ""),
        ("email", values.email, (), "email", ""),
        ("quadrant", values.quadrant, (), "quadrant", ""),
    ]


class RowReader:
    """Validates the rows of one table; ``categories`` maps category spellings to codes.

    Parsed cells are remembered per column: most columns repeat a few values (categories,
    provinces, producers, units) thousands of times in a national file."""

    def __init__(self, table: Table, categories, today=None):
        self.table = table
        self.index = {column.field: column for column in table.columns if column.field}
        self.unmapped = [column for column in table.columns if not column.field]
        self.plan = [(field_name, self.index[field_name].index if field_name in self.index else None, *rest)
                     for field_name, *rest in _plan(categories, today)]
        self.memo = {field_name: {} for field_name, *_ in self.plan}

    def cell(self, cells, field_name):
        column = self.index.get(field_name)
        if column is None or column.index >= len(cells):
            return None
        return cells[column.index]

    def is_data(self, cells, code) -> bool:
        """A row without product code and product name (a footer, a note) is not data (``code``:
        the row's, as ``code`` reads it); a row with a cell that could not be read is, whatever its
        code and name."""
        return bool(code or self.parsed(cells, "name_th", values.text) or cells.__class__ is BadRow)

    def code(self, cells) -> str:
        return self.parsed(cells, "code", values.number_text)

    def parsed(self, cells, field_name, reader):
        """A text cell as ``read`` sees it, through the same memo (None for a ``BadCell``)."""
        raw = self.cell(cells, field_name)
        memo = self.memo[field_name] if raw.__class__ is not bool else {}  # TRUE == 1 as a key (``read``)
        try:
            return memo[raw]
        except KeyError:
            return self._parse(memo, raw, reader, ())
        except TypeError:
            return None if raw.__class__ is BadCell else reader(raw)

    def problem(self, number, cells, field_name, code, params=None, rejected=True) -> Problem:
        column = self.index.get(field_name)
        raw = self.cell(cells, field_name)
        return Problem(self.table.file, self.table.sheet, number, column.header if column else LABELS[field_name],
                       "" if raw is None else str(raw), code, params or {}, rejected)

    @staticmethod
    def _parse(memo, raw, reader, args):
        try:
            result = reader(raw, *args)
        except values.Invalid as invalid:
            result = invalid
        except (ValueError, TypeError, ArithmeticError):  # a spelling no reader foresaw: still the officer's answer
            result = values.Invalid(ProblemCode.CANNOT_BE_READ)
        if len(memo) < MEMO_SIZE:
            memo[raw] = result
        return result

    def read(self, number, cells) -> tuple[Record | None, list[Problem]]:
        problems, parsed, size = [], {}, len(cells)
        for field_name, index, reader, args, attribute, empty in self.plan:
            raw = cells[index] if index is not None and index < size else None
            # a workbook's TRUE equals 1 as a dict key: the one must never be read as the other
            memo = self.memo[field_name] if raw.__class__ is not bool else {}
            try:
                result = memo[raw]
            except KeyError:
                result = self._parse(memo, raw, reader, args)
            except TypeError:  # a cell value that cannot be a key (a BadCell is none)
                if raw.__class__ is BadCell:
                    problems.append(self._bad(number, cells, field_name, raw, required=field_name in REQUIRED))
                    parsed[attribute] = empty
                    continue
                result = self._parse({}, raw, reader, args)
            if isinstance(result, values.Invalid):
                problems.append(self.problem(number, cells, field_name, result.code, result.params,
                                             rejected=field_name in REQUIRED or result.code in REJECTING))
                result = None
            elif (result is None or result == "") and field_name in REQUIRED:
                problems.append(self.problem(number, cells, field_name, REQUIRED[field_name]))
            parsed[attribute] = empty if result is None else result
        if parsed["price"] is not None:
            parsed["price"], warning = parsed["price"]
            if warning:
                problems.append(self.problem(number, cells, "price", warning.code, warning.params, rejected=False))
        self._lengths(number, cells, parsed, problems)
        if cells.__class__ is BadRow:
            self._bad_elsewhere(number, cells, problems)
        if any(p.rejected for p in problems):
            return None, problems
        parsed["unmapped"] = {
            column.header: values.text(cells[column.index])
            for column in self.unmapped
            if column.index < size and cells[column.index].__class__ is not BadCell
            and values.text(cells[column.index])
        }
        return Record(file=self.table.file, sheet=self.table.sheet, row=number, **parsed), problems

    def _bad(self, number, cells, field_name, cell, required) -> Problem:
        rejected = required or cell.left_out is None
        return self.problem(number, cells, field_name, cell.code if rejected else cell.left_out, cell.params, rejected)

    def _bad_elsewhere(self, number, cells, problems):
        """The bad cells of columns the row's check does not read: unmapped, informational, headerless."""
        from openpyxl.utils import get_column_letter

        read = {index for _, index, *_ in self.plan}
        headers = {column.index: column.header for column in self.table.columns}
        for index, cell in enumerate(cells):
            if cell.__class__ is BadCell and index not in read:
                rejected = cell.left_out is None
                problems.append(Problem(self.table.file, self.table.sheet, number,
                                        headers.get(index) or get_column_letter(index + 1), str(cell),
                                        cell.code if rejected else cell.left_out, cell.params, rejected))

    def _lengths(self, number, cells, parsed, problems):
        for name, limit in MAX_LENGTHS.items():
            value = parsed.get(name)
            if value and len(value) > limit:
                field_name = "producer" if name == "producer_name" else name
                required = field_name in REQUIRED
                code = ProblemCode.TOO_LONG if required else ProblemCode.TOO_LONG_LEFT_OUT
                problems.append(self.problem(number, cells, field_name, code, {"limit": limit}, rejected=required))
                if not required:
                    parsed[name] = ""
