"""Import programme files into the catalog: the one entry point the command, the dashboard,
the demo loader and other apps call.

    summary = import_files(["north.xlsx", "export.csv"], dry_run=False)

Every file is read and every row checked before anything is written, so a file that cannot be
read (``FileUnreadable``) stops the run with nothing imported. Valid rows are then written in
one transaction; a dry run does the same work and rolls it back, so its counts are exact.
A row exactly as it was last imported (``fingerprints``) is counted as unchanged and skipped.
"""
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from catalog_import import fingerprints, forked, planner_statistics, values
from catalog_import.models import RecordFingerprint
from catalog_import.problem_codes import ProblemCode
from catalog_import.readers import FileUnreadable, read_file
from catalog_import.columns import LABELS
from catalog_import.records import Problem, Record, RowReader
from catalog_import.signals import records_imported
from catalog_import.upsert import CatalogWriter
from marketplace.catalog import listing
from marketplace.catalog.models import CategoryNames, Listing, ProductProfile
from marketplace.certification import validity
from marketplace.channels.models import ChannelListingRow
from marketplace.core import collector
from marketplace.provinces.lookup import find_province_by_id
from marketplace.provinces.models import Province

__all__ = ["FileUnreadable", "Summary", "import_files"]

# Written after the listing's rewrite has read the catalogue: analysed once it has.
LATER = (Listing, ChannelListingRow, RecordFingerprint)


@dataclass
class SheetSummary:
    file: str
    sheet: str
    header_row: int | None
    encoding: str = ""  # a CSV file's encoding as read (readers.decode_csv); "" for a workbook sheet
    rows_read: int = 0
    valid: int = 0
    rejected: int = 0
    skipped: int = 0


@dataclass
class Summary:
    dry_run: bool = False
    files: list = field(default_factory=list)
    sheets: list[SheetSummary] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    producers_created: int = 0
    producers_updated: int = 0
    remembered: int = 0  # unchanged rows recognised by their fingerprint, neither checked nor written
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows_read(self):
        return sum(s.rows_read for s in self.sheets)

    @property
    def rejected(self):
        return sum(s.rejected for s in self.sheets)

    @property
    def skipped(self):
        return sum(s.skipped for s in self.sheets)

    @property
    def encodings(self) -> dict:
        """How each CSV file's bytes were read, by file name (workbooks have no text encoding)."""
        return {s.file: s.encoding for s in self.sheets if s.encoding}

    @property
    def rejections(self):
        return [p for p in self.problems if p.rejected]

    @property
    def warnings(self):
        return [p for p in self.problems if not p.rejected]

    @property
    def exit_code(self):
        return 1 if self.rejected else 0

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "files": len(self.files),
            "sheets": len(self.sheets),
            "rows_read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "warnings": len(self.warnings),
            "producers_created": self.producers_created,
            "producers_updated": self.producers_updated,
            "encodings": self.encodings,
            "per_sheet": [vars(s) for s in self.sheets],
            "problems": [vars(p) for p in self.problems],
        }


# Records, trie nodes, rows to COPY: many objects that live to the end, little cyclic garbage.
@collector.paused()
def import_files(paths, dry_run=False, names=None, validity_years=None, progress=False, today=None,
                 on_progress=None, before_commit=None, provinces=None) -> Summary:
    """Import ``paths`` (.xlsx or .csv) in order. ``names`` gives the file names to report when the
    paths are temporary copies (uploads). Raises ``FileUnreadable`` when a file cannot be read.

    ``on_progress(phase, done, total)`` is called as rows are checked (phase ``"checking"``) and
    records written (``"writing"``); what it raises stops the import with nothing written.
    ``before_commit(writer)`` is called inside the transaction once everything is written (before a
    dry run rolls back): what the import did can be looked at there.

    ``provinces``: the ids of the provinces the importing officer acts for (``officers.access``), or
    None for all (the command, a superuser). A row of another province is rejected, and so is a row
    whose product code is already a product of another province."""
    today = today or timezone.localdate()
    validity_years = validity.validity_years() if validity_years is None else validity_years
    names = list(names) if names else [Path(p).name for p in paths]
    summary = Summary(dry_run=dry_run, files=names)
    categories = values.category_index(CategoryNames.objects.all())
    scope = None if provinces is None else frozenset(provinces)
    batches = [_check_file(path, name, categories, today, validity_years, summary, progress, on_progress, scope)
               for path, name in zip(paths, names)]
    _by_row(summary)

    total = sum(len(batch) for batch in batches)
    with tqdm(total=total, disable=not progress, unit="rows", desc="importing", leave=False) as bar:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # One import at a time: two writing the same new codes or producers would collide.
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('catalog_import'))")
                # The commit need not wait for the disk: should the server crash in the moment after
                # it, the import is simply run again (it is idempotent).
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            writer = CatalogWriter(validity_years)
            written = 0

            def advance(rows):
                nonlocal written
                written += rows
                bar.update(rows)
                if on_progress:
                    on_progress("writing", written, total)

            for batch in batches:
                writer.write(batch, progress=advance)
            writer.finish()
            analysed = len(writer.counts.product_ids) > 1000
            if analysed:
                # the rows about to be read by the listing's rewrite have no statistics yet (a first
                # import): planned blind, its subqueries ran 10 times slower; ANALYZE sees this
                # transaction's own rows
                planner_statistics.analyze_written_tables(leave_out=LATER)
            listing.refresh_written(writer.counts.product_ids)  # shoppers see the import with its commit
            if analysed:  # committed with the rows: the search index and first shoppers plan with them
                planner_statistics.analyze_written_tables(only=LATER)
            if before_commit:
                before_commit(writer)
            if dry_run:
                transaction.set_rollback(True)
    outcomes = list(writer.counts.outcomes.values())
    summary.created = outcomes.count("created")
    summary.updated = outcomes.count("updated")
    summary.unchanged = outcomes.count("unchanged") + summary.remembered
    summary.producers_created = writer.counts.producers_created
    summary.producers_updated = writer.counts.producers_updated
    if not dry_run and not analysed and (summary.created or summary.updated):
        # Before the signal: the search index and the first shoppers' queries are planned with them.
        planner_statistics.analyze_written_tables()
    if not dry_run:
        records_imported.send(sender=Summary, product_ids=set(writer.counts.product_ids), summary=summary)
    return summary


def _check_file(path, name, categories, today, validity_years, summary, progress, on_progress=None,
                scope=None) -> list[Record]:
    """Read and validate one file: its valid records, with problems and counts added to ``summary``.
    A row exactly as it was last imported is counted as unchanged and not checked again; with a
    ``scope`` (province ids), a row outside it is rejected first. A large file's rows are checked
    in two halves at once, the second in a fork of this process (``forked``)."""
    tables = read_file(path, name)
    if not any(table.header_row for table in tables):
        raise FileUnreadable(f"{name}: no header row naming a product code column was found")
    sheets, rows = [], []
    for table in tables:
        sheet = SheetSummary(file=name, sheet=table.sheet, header_row=table.header_row, encoding=table.encoding)
        summary.sheets.append(sheet)
        if table.header_row is None:
            summary.problems.append(Problem(name, table.sheet, None, "", "", ProblemCode.NO_HEADER_ROW, rejected=False))
            continue
        reader = RowReader(table, categories, today)
        layout = fingerprints.layout(reader, validity_years)
        # each row's code, read once (a code column is unique: its reader's memo cannot keep them)
        rows.extend((len(sheets), number, cells, reader.code(cells)) for number, cells in table.rows)
        sheets.append((sheet, reader, layout))
    known = fingerprints.known_digests({code for *_, code in rows if code})
    first_row_of = {}  # the row each code is first given in, among the rows that get that far
    for at, number, cells, code in rows:
        if code and code not in first_row_of and _province_outside(sheets[at][1], cells, scope) is None:
            first_row_of[code] = (sheets[at][0].sheet, number)
    check = _RowCheck(sheets, known, first_row_of, scope)
    total = sum(len(table.rows) for table in tables)
    with tqdm(total=total, disable=not progress, unit="rows", desc=f"checking {name}", leave=False) as bar:
        def advance(done):
            bar.update(done - bar.n)
            if on_progress:
                on_progress("checking", done, total)

        checked = _check_rows(check, rows, advance)
    for (sheet, *_), counts in zip(sheets, checked.counts):
        sheet.rows_read, sheet.skipped, sheet.rejected, sheet.valid = counts
    summary.problems.extend(checked.problems)
    summary.remembered += checked.remembered
    records = checked.records
    if scope is not None:
        records = _leave_out_other_provinces_products(records, scope, summary)
    return records


# Rows a file must have for its check to be split between two processes: starting a fork costs
# a few ms, and sending a record back ~30 µs (pickled, then read) against ~80 µs to check it.
FORK_FROM = 4000


@dataclass
class _RowCheck:
    sheets: list  # (SheetSummary, RowReader, fingerprint layout) of each table with a header row
    known: dict  # digest of each code's row as last imported
    first_row_of: dict
    scope: frozenset | None


@dataclass
class _Checked:
    """What checking some of a file's rows found, in row order."""
    counts: list  # per sheet: rows read, skipped, rejected, valid
    records: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    remembered: int = 0

    def add(self, other) -> None:
        self.counts = [[a + b for a, b in zip(mine, theirs)] for mine, theirs in zip(self.counts, other.counts)]
        self.records += other.records
        self.problems += other.problems
        self.remembered += other.remembered


def _check_rows(check, rows, advance) -> _Checked:
    """Check ``rows``; from ``FORK_FROM`` rows on, the second half in a fork while this process
    checks the first (and checks it itself should the fork fail)."""
    if len(rows) < FORK_FROM or (os.cpu_count() or 1) < 2:
        return _check_part(check, rows, advance)
    half = len(rows) // 2
    find_province_by_id(None)  # the provinces, read here once: the fork reads no database
    fork = forked.Fork(lambda: _sendable(_check_part(check, rows[half:], None)))
    try:
        checked = _check_part(check, rows[:half], lambda done: advance(done * len(rows) // half))
    except BaseException:
        fork.stop()
        raise
    try:
        second = _received(fork.wait())
    except forked.ForkLost:
        second = _check_part(check, rows[half:], None)
    checked.add(second)
    return checked


def _sendable(checked):
    """Records name their province by id on the way back from a fork: a pickled Province is most
    of a pickled record."""
    for record in checked.records:
        record.province = record.province.pk
    return checked


def _received(checked):
    for record in checked.records:
        record.province = find_province_by_id(record.province)
    return checked


def _check_part(check, rows, advance) -> _Checked:
    checked = _Checked(counts=[[0, 0, 0, 0] for _ in check.sheets])
    records, problems, scope = checked.records, checked.problems, check.scope
    for done, (at, number, cells, code) in enumerate(rows, 1):
        if advance:
            advance(done)
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue  # a blank line is not a row at all
        sheet, reader, layout = check.sheets[at]
        counts = checked.counts[at]
        counts[0] += 1
        if not reader.is_data(cells, code):
            counts[1] += 1
            continue
        outside = _province_outside(reader, cells, scope)
        if outside is not None:
            problems.append(reader.problem(number, cells, "province", ProblemCode.PROVINCE_NOT_YOURS,
                                           {"province": str(outside)}))
            problems.extend(reader.read(number, cells)[1])  # what else the file must have fixed
            counts[2] += 1
            continue
        first = check.first_row_of.get(code) if code else None
        if first and first != (sheet.sheet, number):
            other_sheet = first[0] != sheet.sheet
            _, found = reader.read(number, cells)
            problems.append(reader.problem(
                number, cells, "code",
                ProblemCode.DUPLICATE_CODE_OTHER_SHEET if other_sheet else ProblemCode.DUPLICATE_CODE,
                {"row": first[1], "sheet": first[0]} if other_sheet else {"row": first[1]}))
            problems.extend(found)
            counts[2] += 1
            continue
        digest = fingerprints.row_digest(layout, cells)
        if code and check.known.get(code) == digest:
            counts[3] += 1
            checked.remembered += 1
            continue
        record, found = reader.read(number, cells)
        problems.extend(found)
        if record is None:
            counts[2] += 1
        else:
            record.digest = digest
            counts[3] += 1
            records.append(record)
    return checked


def _by_row(summary) -> None:
    """Puts each row's problems together in the files' order, and makes every problem of a rejected
    row a rejection: a warning of a row that is not imported is one more thing to fix in it, not
    something the import did (it was listed among the imported rows' warnings)."""
    rejected = {(p.file, p.sheet, p.row) for p in summary.problems if p.rejected and p.row is not None}
    for problem in summary.problems:
        if (problem.file, problem.sheet, problem.row) in rejected:
            problem.rejected = True
    files = {name: n for n, name in enumerate(summary.files)}
    sheets = {(s.file, s.sheet): n for n, s in enumerate(summary.sheets)}
    summary.problems.sort(key=lambda p: (files.get(p.file, len(files)), sheets.get((p.file, p.sheet), -1),
                                         -1 if p.row is None else p.row))


def _province_outside(reader, cells, scope):
    """The row's province when it is one the importer does not act for; None otherwise (no scope,
    or a province that is missing or unknown: the row's own check reports those)."""
    if scope is None:
        return None
    province = reader.parsed(cells, "province", values.province)
    if isinstance(province, Province) and province.pk not in scope:
        return province
    return None


def _leave_out_other_provinces_products(records, scope, summary) -> list[Record]:
    """Rejects the records whose code is already a product of a producer outside ``scope``: a row
    of one's own province must not take over (or rewrite) another province's product."""
    owned_elsewhere = dict(ProductProfile.objects.filter(programme_code__in=[r.code for r in records])
                           .exclude(producer__province_id__in=scope)
                           .values_list("programme_code", "producer__province_id"))
    if not owned_elsewhere:
        return records
    names = {p.pk: str(p) for p in Province.objects.filter(pk__in=set(owned_elsewhere.values()))}
    sheets = {(s.file, s.sheet): s for s in summary.sheets}
    kept = []
    for record in records:
        if record.code not in owned_elsewhere:
            kept.append(record)
            continue
        summary.problems.append(Problem(record.file, record.sheet, record.row, LABELS["code"], record.code,
                                        ProblemCode.CODE_OF_ANOTHER_PROVINCE,
                                        {"province": names[owned_elsewhere[record.code]]}))
        sheet = sheets[(record.file, record.sheet)]
        sheet.valid -= 1
        sheet.rejected += 1
    return kept
