"""Reading programme files: every sheet of an .xlsx workbook, or a .csv in UTF-8 (with or without BOM)
or in the Windows Thai encoding (cp874, a superset of TIS-620) that Excel on a Thai Windows computer
writes for "CSV (Comma delimited)".

A reader yields one ``Table`` per sheet: the header row found below any title or blank rows,
and the rows under it with their row numbers as the programme officer sees them in the file.
A file that cannot be read at all raises ``FileUnreadable`` with a one-line reason; so does a
file holding more than the marketplace's spreadsheet bounds allow
(``marketplace.media.spreadsheet_bounds``, checked before openpyxl or the csv module parse it).
"""
import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from catalog_import.columns import field_for, looks_like_header
from marketplace.media import csv_encodings, spreadsheet_bounds
from marketplace.media.spreadsheet_kinds import CSV_SUFFIXES, WORKBOOK_SUFFIXES

# The header is expected among the first rows; titles and notes above it are skipped.
HEADER_SEARCH_ROWS = 30


class FileUnreadable(Exception):
    """The file cannot be read at all: wrong type, damaged, or text neither UTF-8 nor cp874."""


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
        table.rows.append((number, tuple(cells)))
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
    except spreadsheet_bounds.SpreadsheetTooLarge as refused:
        raise FileUnreadable(str(refused)) from refused
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise FileUnreadable(f"{name}: the workbook is damaged and cannot be read ({exc.__class__.__name__})") from exc
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            tables = []
            for sheet in workbook.worksheets:
                # Saved dimensions are sometimes wrong; read every row there is.
                sheet.reset_dimensions()
                tables.append(_table(name, sheet.title, sheet.iter_rows(values_only=True)))
            return tables
        finally:
            workbook.close()
    except FileUnreadable:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise FileUnreadable(f"{name}: the workbook is damaged and cannot be read ({exc.__class__.__name__})") from exc


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
        return _table(name, "", csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), encoding)
    except csv.Error as exc:
        raise FileUnreadable(f"{name}: not readable as CSV ({exc})") from exc

