"""Reading programme files: every sheet of an .xlsx workbook, or a .csv in UTF-8 (with or without BOM)
or in the Windows Thai encoding (cp874, a superset of TIS-620) that Excel on a Thai Windows computer
writes for "CSV (Comma delimited)".

A reader yields one ``Table`` per sheet: the header row found below any title or blank rows,
and the rows under it with their row numbers as the programme officer sees them in the file.
A file that cannot be read at all raises ``FileUnreadable`` with a one-line reason; so does a
file holding more than the marketplace's spreadsheet bounds allow
(``marketplace.media.spreadsheet_bounds``, checked before openpyxl or the csv module parse it).

A cell that cannot be handed on as a value is a ``BadCell`` in its row (a ``BadRow``), for the row's
check to report with its row and column: a spreadsheet error (``#REF!``, ``#N/A`` …), a cell longer
than ``MAX_CELL_CHARS``, or, in a CSV file, the cell a quote that is never closed ran away with (the
rows before it are read as usual; the lines it swallowed are named, not read). A merged range of a
workbook holds its value in its top-left cell only: the rows below its first take the first row's
values, as the officer sees them on screen.
"""
import csv
import io
import zipfile
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from catalog_import.columns import field_for, looks_like_header
from catalog_import.problem_codes import ProblemCode
from marketplace.media import csv_encodings, spreadsheet_bounds
from marketplace.media.spreadsheet_kinds import CSV_SUFFIXES, WORKBOOK_SUFFIXES

# The header is expected among the first rows; titles and notes above it are skipped.
HEADER_SEARCH_ROWS = 30
# No cell of a programme record comes near this (Excel itself holds 32,767 characters in a cell);
# it was the csv module's own limit, which refused the whole file without saying where.
MAX_CELL_CHARS = 131_072
# The csv module may read a field of any length (the file's own size is bounded before it is
# parsed), so that a cell over MAX_CELL_CHARS is named, and the rows around it read. The limit
# is the process's: raising it takes nothing from another reader.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
# What spreadsheets write in a cell whose formula fails; Excel writes them into CSV as text.
SPREADSHEET_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
    "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!"})
EXCERPT_CHARS = 60  # of a bad cell, in the report
_END = "\x00"  # a line after a CSV file's last: an unclosed quote takes it into its cell (NUL is refused in a file)


class FileUnreadable(Exception):
    """The file cannot be read at all: wrong type, damaged, or text neither UTF-8 nor cp874."""


@dataclass(eq=False)
class BadCell:
    """A cell the reader does not hand on as a value: ``code`` is the problem that rejects the row
    (in a required column, or whatever the column when ``left_out`` is None), ``left_out`` the warning
    when an optional column's value is simply left out. ``text`` is what the report shows of it."""
    text: str
    code: ProblemCode
    left_out: ProblemCode | None
    params: dict = field(default_factory=dict)

    __hash__ = None  # never a key of a column's memo: each bad cell is reported where it is

    def __str__(self):
        return self.text


class BadRow(tuple):
    """The cells of a row that holds at least one ``BadCell``."""


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "…"


def _bad_cell(value):
    """``value``, or the ``BadCell`` it is."""
    if value.__class__ is not str:
        return value
    if len(value) > MAX_CELL_CHARS:
        return BadCell(_excerpt(value), ProblemCode.TOO_LONG, ProblemCode.TOO_LONG_LEFT_OUT, {"limit": MAX_CELL_CHARS})
    error = value.strip()
    if error in SPREADSHEET_ERRORS:
        return BadCell(value, ProblemCode.SPREADSHEET_ERROR, ProblemCode.SPREADSHEET_ERROR_LEFT_OUT, {"error": error})
    return value


def _checked(cells) -> tuple:
    """The cells of a row, with those that cannot be values as ``BadCell`` (then a ``BadRow``)."""
    for value in cells:
        if value.__class__ is str and (len(value) > MAX_CELL_CHARS or value[:1] == "#"):
            break
    else:
        return cells if isinstance(cells, tuple) else tuple(cells)
    return _with_bad_cells(cells)


def _checked_text(cells: list) -> tuple:
    """``_checked`` for a CSV row of a file without any "#" (so without a spreadsheet error), quicker:
    the lengths are taken in C."""
    if not cells or max(map(len, cells)) <= MAX_CELL_CHARS:
        return tuple(cells)
    return _with_bad_cells(cells)


def _with_bad_cells(cells) -> tuple:
    checked = tuple(map(_bad_cell, cells))
    return BadRow(checked) if any(value.__class__ is BadCell for value in checked) else checked


@dataclass
class Column:
    index: int
    header: str
    field: str | None  # None: not a column of FORMAT.md, kept as unmapped data


@dataclass
class Table:
    file: str
    sheet: str  # "" for a CSV file
    header_row: int | None = None
    columns: list[Column] = field(default_factory=list)
    rows: list[tuple[int, tuple]] = field(default_factory=list)  # (row number, cell values)
    encoding: str = ""  # how a CSV file's bytes were read (UTF8, UTF8_BOM or CP874); "" for a workbook


def read_file(path, name=None) -> list[Table]:
    path = Path(path)
    name = name or path.name
    suffix = Path(name).suffix.lower()
    if not path.is_file():
        raise FileUnreadable(f"{name}: file not found")
    if suffix in WORKBOOK_SUFFIXES:
        return _read_workbook(path, name)
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path, name)]
    if suffix == ".xls":
        raise FileUnreadable(f"{name}: the old Excel 97-2003 format (.xls) is not supported; save it as .xlsx")
    raise FileUnreadable(f"{name}: unsupported file type {suffix or '(none)'}; use an Excel workbook (.xlsx) or CSV")


def _table(file, sheet, rows, encoding="") -> Table:
    """Find the header row among ``rows`` (an iterable of cell tuples) and collect what follows it."""
    table = Table(file=file, sheet=sheet, encoding=encoding)
    for number, cells in enumerate(rows, start=1):
        if table.header_row is None:
            if number > HEADER_SEARCH_ROWS:
                break
            if looks_like_header(cells):
                table.header_row = number
                table.columns = _columns(cells)
            continue
        table.rows.append((number, cells if isinstance(cells, tuple) else tuple(cells)))
    return table


def _columns(cells) -> list[Column]:
    columns, seen = [], set()
    for index, cell in enumerate(cells):
        if cell is None or str(cell).strip() == "":
            continue
        header = " ".join(str(cell).split())
        field_name = field_for(header)
        if field_name in seen:  # the same field twice: the first column stands
            field_name = None
        seen.add(field_name)
        columns.append(Column(index=index, header=header, field=field_name))
    return columns


def _read_workbook(path, name) -> list[Table]:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        raise FileUnreadable(f"{name}: not an Excel workbook (.xlsx), or the file is damaged")
    try:
        spreadsheet_bounds.check_workbook(path, name)
        declared = spreadsheet_bounds.declared_sheets(path, name)
    except spreadsheet_bounds.SpreadsheetTooLarge as refused:
        raise FileUnreadable(str(refused)) from refused
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise FileUnreadable(f"{name}: the workbook is damaged and cannot be read ({exc.__class__.__name__})") from exc
    if all(sheet.kind == "chartsheet" for sheet in declared):  # openpyxl takes any other sheet for a worksheet
        # openpyxl is not asked to read the charts (it fails on some): nothing of them is imported anyway
        kinds = "only chart sheets" if declared else "no sheet at all"
        raise FileUnreadable(f"{name}: the workbook has no worksheet with data ({kinds}); "
                             "the programme records must be on a worksheet")
    merged = {sheet.title: sheet.merged for sheet in declared}
    budget = _FillBudget(name, spreadsheet_bounds.Bounds.from_settings().max_cells)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            tables = []
            for sheet in workbook.worksheets:
                # Saved dimensions are sometimes wrong; read every row there is.
                sheet.reset_dimensions()
                rows = map(_checked, sheet.iter_rows(values_only=True))
                tables.append(_table(name, sheet.title, _filled(rows, merged.get(sheet.title, ()), budget)))
            return tables
        finally:
            workbook.close()
    except FileUnreadable:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise FileUnreadable(f"{name}: the workbook is damaged and cannot be read ({exc.__class__.__name__})") from exc


class _FillBudget:
    """The cells that merged ranges may fill in one file: as many as the file may hold (a few merged
    ranges over a whole sheet must not multiply what the bounds let in)."""

    def __init__(self, name, cells):
        self.name, self.left = name, cells

    def spend(self, cells):
        self.left -= cells
        if self.left < 0:
            raise FileUnreadable(f"{self.name}: its merged cells would fill more cells than a file may hold")


def _filled(rows, merged, budget):
    """``rows`` (numbered from 1) with the cells under the first row of each merged range holding
    what that row holds there. Only downwards: a range across columns of one row (a title, a footer
    note) stays in its first column, as before."""
    starts = {}
    for first_column, first_row, last_column, last_row in merged:
        if last_row > first_row:
            starts.setdefault(first_row, []).append((first_column, last_column, last_row))
    if not starts:
        yield from rows
        return
    active = []  # (last row, first column index, values of the first row)
    for number, cells in enumerate(rows, start=1):
        if active:
            active = [fill for fill in active if fill[0] >= number]
            if active:
                cells = _fill(cells, active, budget)
        for first_column, last_column, last_row in starts.get(number, ()):
            values = tuple(cells[first_column - 1:last_column])
            if any(value is not None for value in values):
                active.append((last_row, first_column - 1, values))
        yield cells


def _fill(cells, active, budget) -> tuple:
    cells = list(cells)
    for _last_row, start, values in active:
        end = start + len(values)
        if len(cells) < end:
            budget.spend(end - len(cells))
            cells.extend([None] * (end - len(cells)))
        budget.spend(len(values))
        for index, value in enumerate(values, start=start):
            if value is not None:
                cells[index] = value
    return BadRow(cells) if any(value.__class__ is BadCell for value in cells) else tuple(cells)


def _read_csv(path, name) -> Table:
    data = path.read_bytes()
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise FileUnreadable(f"{name}: this is an Excel workbook, not CSV; name it .xlsx")
    try:
        text, encoding = csv_encodings.decode(data)
    except csv_encodings.NotText as refused:
        raise FileUnreadable(
            f"{name}: line {refused.line}: byte 0x{refused.byte:02X} is neither UTF-8 nor Thai Windows (cp874) text; "
            "save it again as 'CSV UTF-8'") from refused
    del data  # the text is all that is needed from here: the bytes would double the peak
    if "\x00" in text:
        raise FileUnreadable(f"{name}: not a text file")
    try:
        spreadsheet_bounds.check_csv(text, name)
    except spreadsheet_bounds.SpreadsheetTooLarge as refused:
        raise FileUnreadable(str(refused)) from refused
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        return _table(name, "", _csv_rows(text, delimiter), encoding)
    except csv.Error as exc:
        raise FileUnreadable(f"{name}: not readable as CSV ({exc})") from exc


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _csv_rows(text, delimiter):
    """The rows of CSV ``text``, checked (``_checked``). A quote that is never closed takes the rest of
    the file into its cell: that cell is a ``BadCell`` naming the lines, and its row is the last. A
    quoted cell holding lines that look like rows of the file is one too (a quote missing there and
    another one further down closed it)."""
    reader = csv.reader(chain(io.StringIO(text, newline=""), [_END]), delimiter=delimiter)
    checked = _checked_text if "#" not in text else _checked
    width = last_line = 0  # width: of the row before, the rows a quoted cell could have swallowed
    for row in reader:
        if row == [_END]:
            return
        first_line, last_line = last_line + 1, reader.line_num
        if row and _END in row[-1]:  # the quoted cell that took the rest of the file is the row's last
            content = row[-1][:row[-1].index(_END)]
            trailing = 2 if content.endswith("\r\n") else 1 if content.endswith(("\n", "\r")) else 0
            last_line -= 1  # the line after the last is not the file's
            line = last_line - _line_breaks(content[:len(content) - trailing])
            bad = BadCell(_excerpt(content), ProblemCode.QUOTE_NOT_CLOSED, None, {"line": line, "last": last_line})
            yield BadRow((*_checked(row[:-1]), bad))
            return
        if last_line > first_line and width >= 3:  # a quoted cell holds line breaks
            row = _quoted_rows(row, width, delimiter, last_line)
        width = len(row) or width
        yield checked(row) if row.__class__ is list else _checked(row)


def _quoted_rows(row, width, delimiter, last_line):
    """``row`` with a quoted cell that holds a line of more than half a row's fields (``width``: the
    row before; at least 8, the required columns) as a ``BadCell`` naming its lines: rows of the
    file, or the start of one, not a story (``last_line``: the line the row ends on)."""
    least = max(8, width // 2 + 1)
    for index in range(len(row) - 1, -1, -1):
        cell = row[index]
        breaks = _line_breaks(cell)
        if breaks and any(len(fields) >= least for fields in csv.reader(cell.splitlines(), delimiter=delimiter)):
            closed = last_line - sum(_line_breaks(later) for later in row[index + 1:])
            bad = BadCell(_excerpt(cell), ProblemCode.QUOTE_HOLDS_ROWS, None, {"line": closed - breaks, "last": closed})
            return BadRow((*row[:index], bad, *row[index + 1:]))
    return row
