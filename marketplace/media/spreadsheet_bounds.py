"""How much a programme file may hold, checked before anything parses it into memory.

A workbook is a zip of XML parts: a 300 KB ``.xlsx`` can declare a sheet of millions of cells
or a string table of gigabytes, and openpyxl would build all of it (1 GB of memory, minutes of
CPU, measured). So before openpyxl opens a workbook, the standard library looks at what it
declares and refuses it when any bound is passed:

- the zip: number of parts; each part's unpacked size (worksheets and the shared string table
  have a larger allowance than styles, themes and the rest, which openpyxl builds objects from);
  the total unpacked size; the compression ratio of each large part (a zip bomb's hallmark);
- the workbook: number of sheets;
- each sheet, scanned piece by piece without keeping anything: the range its ``<dimension>``
  declares, the highest row and column any cell reaches, and the cells the reader would
  build (each row padded from column A to its last cell, as openpyxl yields it), summed over
  the file;
- the shared string table: number of strings.

``declared_sheets`` reads, in the same piecewise way, what openpyxl's read-only mode does not give:
each sheet's kind (a chart sheet holds no cells) and its merged ranges (declared after the cells),
at most ``max_merged_ranges`` of them in a file.

Zip sizes come from the archive's directory and are trustworthy bounds: Python's ``zipfile``
(which openpyxl reads through) never unpacks more than a part declares and fails on a
mismatch. A CSV file is bounded the same way in rows, columns and cells, before the csv module
splits it.

``SpreadsheetTooLarge`` says which bound was passed and where (part, sheet, row, column), in the
active language. Limits come from the ``OTOP_SPREADSHEET_*`` settings (``Bounds.from_settings``).
"""
import re
import zipfile
from dataclasses import dataclass
from itertools import repeat
from posixpath import dirname, join, normpath
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.media.spreadsheet_kinds import WORKBOOK_CONTENT_TYPES

MB = 1024 * 1024
# Small parts compress very well legitimately (a sheet of one repeated value); the ratio is
# only judged on parts large enough to matter.
RATIO_FLOOR_BYTES = 1 * MB
_CHUNK = 256 * 1024
# A programme row is a few kB; this leaves room for every cell of a row holding a long story,
# and keeps the carrying of an unfinished row from piece to piece cheap.
MAX_ROW_BYTES = 4 * MB
_RANGE_REF = re.compile(r"\$?([A-Za-z]{1,4})?\$?(\d{1,9})?(?::\$?([A-Za-z]{1,4})?\$?(\d{1,9})?)?$")


@dataclass(frozen=True)
class Bounds:
    max_part_mb: float  # one worksheet or the shared string table, unpacked
    max_total_mb: float  # the whole workbook unpacked
    max_rows: int  # per sheet (the CSV: per file)
    max_columns: int
    max_cells: int  # per file, counted as the reader builds them
    max_shared_strings: int
    # Structural bounds no programme file comes near; not settings.
    max_other_part_mb: float = 16  # styles, theme, workbook, relationships … unpacked
    max_compression_ratio: float = 100
    max_parts: int = 1000
    max_sheets: int = 50
    max_merged_ranges: int = 100_000

    @classmethod
    def from_settings(cls) -> "Bounds":
        """The ``OTOP_SPREADSHEET_*`` settings (their defaults and environment variables are there)."""
        return cls(max_part_mb=settings.OTOP_SPREADSHEET_MAX_PART_MB,
                   max_total_mb=settings.OTOP_SPREADSHEET_MAX_UNPACKED_MB,
                   max_rows=settings.OTOP_SPREADSHEET_MAX_ROWS,
                   max_columns=settings.OTOP_SPREADSHEET_MAX_COLUMNS,
                   max_cells=settings.OTOP_SPREADSHEET_MAX_CELLS,
                   max_shared_strings=settings.OTOP_SPREADSHEET_MAX_SHARED_STRINGS)


class SpreadsheetTooLarge(Exception):
    """A bound was passed. ``message`` % ``params`` says which and where; ``code`` names the bound."""

    def __init__(self, message, code, **params):
        super().__init__(code)
        self.message, self.code, self.params = message, code, params

    def __str__(self):
        return str(self.message) % self.params


def _mb(size) -> str:
    return f"{size / MB:.2f}".rstrip("0").rstrip(".")


def _number(value) -> str:
    return f"{value:,}"


def column_index(letters: str) -> int:
    """A=1, Z=26, AA=27 … XFD=16384."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


# --- workbooks --------------------------------------------------------------------------------
def check_workbook(file, name: str, bounds: Bounds | None = None) -> None:
    """Refuse the workbook ``file`` (a path or a binary file object) with ``SpreadsheetTooLarge``
    when it declares more than ``bounds`` allow. A file that is not a readable workbook zip raises
    ``zipfile.BadZipFile`` (the callers say "damaged" in their own words)."""
    bounds = bounds or Bounds.from_settings()
    with zipfile.ZipFile(file) as archive:
        check_parts(archive, name, bounds)
        check_contents(archive, name, bounds)


def check_parts(archive: zipfile.ZipFile, name: str, bounds: Bounds | None = None) -> None:
    """The zip directory's bounds (parts, sizes, ratios): first, before any part is read."""
    _check_parts(archive.infolist(), name, bounds or Bounds.from_settings())


def check_contents(archive: zipfile.ZipFile, name: str, bounds: Bounds | None = None) -> None:
    """The sheets' and the shared string table's bounds, streamed; after ``check_parts``."""
    bounds = bounds or Bounds.from_settings()
    sheets, shared_strings = _workbook_layout(archive, name, bounds)
    scan = _CellCount(name, bounds)
    for title, part, _kind in sheets:
        if part in archive.NameToInfo:
            scan.sheet(archive, part, title)
    for part in shared_strings:
        if part in archive.NameToInfo:
            _check_shared_strings(archive, part, name, bounds)


def _check_parts(parts, name, bounds) -> None:
    if len(parts) > bounds.max_parts:
        raise SpreadsheetTooLarge(_("“%(name)s” holds %(count)s parts; the limit is %(limit)s."),
                                  "too_many_parts", name=name, count=_number(len(parts)), limit=bounds.max_parts)
    total = 0
    for info in parts:
        large_part = info.filename.startswith("xl/worksheets/") or info.filename.endswith("sharedStrings.xml")
        limit = (bounds.max_part_mb if large_part else bounds.max_other_part_mb) * MB
        if info.file_size > limit:
            raise SpreadsheetTooLarge(
                _("“%(name)s”: the part %(part)s unpacks to %(size)s MB; the limit is %(limit)s MB per part."),
                "part_too_large", name=name, part=info.filename, size=_mb(info.file_size), limit=_mb(limit))
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > bounds.max_compression_ratio:
            raise SpreadsheetTooLarge(
                _("“%(name)s”: the part %(part)s is compressed %(ratio)s times; the limit is %(limit)s times."),
                "compression_ratio", name=name, part=info.filename, ratio=_number(int(ratio)),
                limit=f"{bounds.max_compression_ratio:g}")
        total += info.file_size
    if total > bounds.max_total_mb * MB:
        raise SpreadsheetTooLarge(_("“%(name)s” unpacks to %(size)s MB; the limit is %(limit)s MB."),
                                  "unpacked_too_large", name=name, size=_mb(total), limit=_mb(bounds.max_total_mb * MB))


def _attributes(archive, part, element):
    """The attributes of every ``element`` (local name) in the small XML ``part``."""
    found = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = lambda tag, attrs: found.append(attrs) if tag.rsplit(" ", 1)[-1] == element else None
    parser.Parse(archive.read(part), True)
    return found


def _workbook_layout(archive, name, bounds):
    """The sheets (title, part, kind) of the workbook and its shared string parts, found as openpyxl
    finds them: the workbook part named in [Content_Types].xml, its sheets through its
    relationships; shared strings by content type and by relationship."""
    try:
        overrides = _attributes(archive, "[Content_Types].xml", "Override")
        workbook = next(o["PartName"].lstrip("/") for o in overrides
                        if o.get("ContentType", "").encode() in WORKBOOK_CONTENT_TYPES)
        rels_part = join(dirname(workbook), "_rels", workbook.rsplit("/", 1)[-1] + ".rels")
        relations = {r["Id"]: r for r in _attributes(archive, rels_part, "Relationship")}
        declared = _attributes(archive, workbook, "sheet")
    except (KeyError, StopIteration, expat.ExpatError) as error:
        raise zipfile.BadZipFile(f"no readable workbook part ({error})") from error
    if len(declared) > bounds.max_sheets:
        raise SpreadsheetTooLarge(_("“%(name)s” has %(count)s sheets; the limit is %(limit)s."),
                                  "too_many_sheets", name=name, count=_number(len(declared)), limit=bounds.max_sheets)

    def target(relation):
        path = relation["Target"]
        return normpath(path.lstrip("/") if path.startswith("/") else join(dirname(workbook), path))

    sheets = []
    for sheet in declared:
        relation_id = next((value for key, value in sheet.items() if key.rsplit(" ", 1)[-1] == "id"), None)
        if relation_id in relations:
            relation = relations[relation_id]
            kind = relation.get("Type", "").rsplit("/", 1)[-1]  # worksheet, chartsheet, dialogsheet …
            sheets.append((sheet.get("name", ""), target(relation), kind))
    shared = {target(r) for r in relations.values() if r.get("Type", "").endswith("/sharedStrings")}
    shared |= {o["PartName"].lstrip("/") for o in overrides if o.get("ContentType", "").endswith("sharedStrings+xml")}
    return sheets, sorted(shared)


@dataclass(frozen=True)
class DeclaredSheet:
    title: str
    kind: str  # the relationship's: "worksheet" for a sheet of cells, "chartsheet" for a chart …
    merged: tuple  # (first column, first row, last column, last row) of each merged range, from 1


def declared_sheets(file, name: str, bounds: Bounds | None = None) -> list[DeclaredSheet]:
    """The sheets the workbook ``file`` declares, in order, with each worksheet's merged ranges, read
    piece by piece (after ``check_workbook``: the parts are known to be within bounds). More merged
    ranges in the file than ``bounds`` allow raise ``SpreadsheetTooLarge``."""
    bounds = bounds or Bounds.from_settings()
    found, count = [], 0
    with zipfile.ZipFile(file) as archive:
        sheets = _workbook_layout(archive, name, bounds)[0]
        for title, part, kind in sheets:
            merged = []
            if kind != "chartsheet" and part in archive.NameToInfo:
                for chunk in _chunks(archive, part):
                    for ref in _MERGE_CELL.findall(chunk):
                        match = _RANGE_REF.match(ref.decode("ascii", "replace"))
                        if not match or not all(match.groups()):
                            continue  # one cell, or a reference openpyxl would not take either
                        first_column, first_row, last_column, last_row = match.groups()
                        columns = sorted((column_index(first_column), column_index(last_column)))
                        rows = sorted((int(first_row), int(last_row)))
                        merged.append((columns[0], rows[0], columns[1], rows[1]))
                        count += 1
                        if count > bounds.max_merged_ranges:
                            raise SpreadsheetTooLarge(
                                _("“%(name)s”, sheet “%(sheet)s”: by this sheet the file has more than %(limit)s "
                                  "merged ranges of cells, the limit for one file."), "too_many_merged_ranges",
                                name=name, sheet=title, limit=_number(bounds.max_merged_ranges))
            found.append(DeclaredSheet(title, kind, tuple(merged)))
    return found


def _chunks(archive, part):
    """``part`` in pieces that end at a tag's end; nothing of the part is kept beyond a piece and
    the unfinished element carried to the next one."""
    carried = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            data = carried + chunk
            cut = data.rfind(b">") + 1
            carried = data[cut:]
            if len(carried) > MAX_ROW_BYTES:  # no tag ends: not XML a spreadsheet writes
                raise zipfile.BadZipFile(f"{part}: no tag ends in {_mb(len(carried))} MB")
            yield data[:cut]
    if carried.strip():
        yield carried


# Byte patterns rather than an XML parser: a sheet of millions of cells is scanned at C speed
# (expat's per-element callbacks took minutes for the largest permitted sheet). Any namespace
# prefix is accepted, as openpyxl accepts it; where the patterns could miss a cell's position
# (a cell without ``r``), the count errs upwards.
_PREFIX = rb"<(?:[\w.-]+:)?"
_ROW_TAG = re.compile(_PREFIX + rb"row(?=[\s/>])([^>]*?)(/?)>")
_ROW_END = re.compile(rb"</(?:[\w.-]+:)?row\s*>")
_CELL_TAG = re.compile(_PREFIX + rb"c(?=[\s/>])")
_CELL_COLUMN = re.compile(rb"""\sR\s*=\s*["']\$?([A-Z]+)""")  # in upper case: openpyxl takes "b2" too
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MARKUP_DECLARATION = b"<!"  # comments, CDATA, a DTD: no spreadsheet writer puts them in a sheet
_DIMENSION = re.compile(_PREFIX + rb"""dimension\s[^>]*?ref\s*=\s*["']([^"']*)["']""")
_STRING_ITEM = re.compile(_PREFIX + rb"si(?=[\s/>])")
_MERGE_CELL = re.compile(_PREFIX + rb"""mergeCell\s[^>]*?ref\s*=\s*["']([^"']*)["']""")


class _CellCount:
    """Rows, columns and cells of each sheet as the reader would build them, summed over the file:
    openpyxl yields every row from column A to the row's last cell, and an empty row for each
    row number skipped."""

    def __init__(self, name, bounds):
        self.name, self.bounds, self.cells = name, bounds, 0

    def sheet(self, archive, part, title):
        self.title, self.row = title, 0
        pending, first = b"", True
        for chunk in _chunks(archive, part):
            # A comment could hide a row's end from these patterns but not from openpyxl's parser
            # (pieces end at a ">", so "<!" is never split between two).
            _check_markup(chunk, self.name, part)
            # Where the unfinished row's end may be: only the new bytes are searched again.
            resume = max(len(pending) - 16, 0)
            data = pending + chunk
            if first:
                dimension = _DIMENSION.search(data, 0, 4096)
                if dimension:
                    self._check_dimension(dimension.group(1).decode("ascii", "replace"))
                first = False
            position = 0
            while row := _ROW_TAG.search(data, position):
                if row.group(2):  # <row/>: an empty row
                    self._row(row.group(1), data, 0, 0)
                    position = row.end()
                    continue
                end = _ROW_END.search(data, max(row.end(), resume))
                if not end:
                    break
                self._row(row.group(1), data, row.end(), end.start())
                position = end.end()
            row = _ROW_TAG.search(data, position)
            pending = data[row.start():] if row else b""
            if len(pending) > MAX_ROW_BYTES:
                self._refuse(_("“%(name)s”, sheet “%(sheet)s”: row %(row)s is larger than %(limit)s MB."),
                             "row_too_large", row=_number(self.row + 1), limit=_mb(MAX_ROW_BYTES))
        if pending:
            raise zipfile.BadZipFile(f"{part}: a row is not closed")

    def _refuse(self, message, code, **params):
        raise SpreadsheetTooLarge(message, code, name=self.name, sheet=self.title, **params)

    def _row(self, attributes, data, start, end):
        number = _ROW_NUMBER.search(attributes)
        self.row = _row_number(number.group(1) or number.group(2), self.row) if number else self.row + 1
        if self.row > self.bounds.max_rows:
            self._refuse(_("“%(name)s”, sheet “%(sheet)s”, reaches row %(row)s; the limit is %(limit)s rows."),
                         "too_many_rows", row=_number(self.row), limit=_number(self.bounds.max_rows))
        self.cells += self._columns(data, start, end, self.row)
        if self.cells > self.bounds.max_cells:
            self._refuse(_("“%(name)s”, sheet “%(sheet)s”: by row %(row)s the file holds more than %(limit)s "
                           "cells, the limit for one file."), "too_many_cells",
                         row=_number(self.row), limit=_number(self.bounds.max_cells))

    def _columns(self, data, start, end, row):
        """The last column the row's cells reach (an upper bound when some cells have no ``r``)."""
        cells = len(_CELL_TAG.findall(data, start, end))
        if not cells:
            return 0
        letters = _CELL_COLUMN.findall(data[start:end].upper())
        last = column_index(max(map(bytes.rjust, letters, repeat(4))).strip().decode()) if letters else 0
        if len(letters) < cells:
            last += cells  # cells placed by their order: each one at most one further
        if last > self.bounds.max_columns:
            self._refuse(_("“%(name)s”, sheet “%(sheet)s”, row %(row)s reaches column %(column)s; "
                           "the limit is %(limit)s columns."), "too_many_columns",
                         row=_number(row), column=_number(last), limit=self.bounds.max_columns)
        return last

    def _check_dimension(self, ref):
        match = _RANGE_REF.match(ref)
        if not match:
            return
        first_column, first_row, last_column, last_row = match.groups()
        rows = int(last_row or first_row or 0)
        columns = column_index(last_column or first_column or "")
        if rows > self.bounds.max_rows or columns > self.bounds.max_columns:
            self._refuse(_("“%(name)s”, sheet “%(sheet)s”, declares the range %(range)s (%(rows)s rows, "
                           "%(columns)s columns); the limit is %(max_rows)s rows and %(max_columns)s columns."),
                         "declared_range", range=ref, rows=_number(rows), columns=_number(columns),
                         max_rows=_number(self.bounds.max_rows), max_columns=self.bounds.max_columns)


def _check_markup(chunk, name, part):
    if _MARKUP_DECLARATION in chunk:
        raise SpreadsheetTooLarge(
            _("“%(name)s”: the part %(part)s holds XML comments, CDATA or a DTD, which a spreadsheet "
              "never writes there."), "xml_declarations", name=name, part=part)


def _row_number(value: bytes, previous: int) -> int:
    """A row's number as openpyxl reads its ``r`` (``int``, else a float such as ``1e6``); one
    openpyxl cannot read fails there anyway."""
    try:
        return int(value)
    except ValueError:
        try:
            number = float(value)
        except ValueError:
            return previous + 1
        return int(number) if number.is_integer() else previous + 1


def _check_shared_strings(archive, part, name, bounds):
    count = 0
    for chunk in _chunks(archive, part):
        _check_markup(chunk, name, part)  # a DTD could declare entities that expand into gigabytes
        count += len(_STRING_ITEM.findall(chunk))
        if count > bounds.max_shared_strings:
            raise SpreadsheetTooLarge(
                _("“%(name)s”: its shared string table (%(part)s) holds more than %(limit)s strings; "
                  "the limit is %(limit)s."), "too_many_shared_strings",
                name=name, part=part, limit=_number(bounds.max_shared_strings))


# --- CSV --------------------------------------------------------------------------------------
def check_csv(text: str, name: str, bounds: Bounds | None = None) -> None:
    """Refuse CSV ``text`` with more lines, fields on a line, or fields in all than ``bounds``
    allow, before the csv module splits it. Lines stand for rows here, and every comma or tab for a
    field separator: a cell holding a line break or a comma counts once more, which errs on the
    side of refusing (the limits leave room far beyond any programme file)."""
    bounds = bounds or Bounds.from_settings()
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines > bounds.max_rows:
        raise SpreadsheetTooLarge(_("“%(name)s” has %(count)s lines; the limit is %(limit)s rows."),
                                  "too_many_rows", name=name, count=_number(lines), limit=_number(bounds.max_rows))
    separators = max(text.count(","), text.count("\t"))
    if separators < bounds.max_columns and lines + separators <= bounds.max_cells:
        return  # no line can reach a limit (the usual case: nothing more to count)
    cells, start = 0, 0
    for number in range(1, lines + 1):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        # Counted in place: no copy of the line, nor of the text.
        fields = max(text.count(",", start, end), text.count("\t", start, end)) + 1
        start = end + 1
        if fields > bounds.max_columns:
            raise SpreadsheetTooLarge(
                _("“%(name)s”, line %(line)s, has %(count)s fields; the limit is %(limit)s columns."),
                "too_many_columns", name=name, line=_number(number), count=_number(fields),
                limit=bounds.max_columns)
        cells += fields
        if cells > bounds.max_cells:
            raise SpreadsheetTooLarge(
                _("“%(name)s”: by line %(line)s it holds more than %(limit)s cells, the limit for one file."),
                "too_many_cells", name=name, line=_number(number), limit=_number(bounds.max_cells))
