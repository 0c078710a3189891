"""``manage.py import_programme_records FILE [FILE ...] [--dry-run] [--report PATH] [--json] [--language th|en]``

Exit status: 0 no row rejected; 1 some rows rejected (the valid ones are imported all the
same); 2 a file cannot be read at all (nothing is imported then).
"""
import json
import sys

from django.core.management.base import BaseCommand
from django.utils import translation

from catalog_import.importer import FileUnreadable, import_files
from catalog_import.models import ImportRun
from catalog_import.problem_codes import describe
from catalog_import.report import write_report


class Command(BaseCommand):
    help = "Import OTOP programme records (.xlsx workbooks, .csv files) into the catalog."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--report", metavar="PATH", help="write rejected rows and warnings to this CSV file")
        parser.add_argument("--json", action="store_true", help="print one JSON summary on stdout, no progress bar")
        parser.add_argument("--language", choices=("en", "th"), default="en",
                            help="language of the problems printed and in the report (the JSON keeps their codes)")

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self._handle(options)

    def _handle(self, options):
        progress = not options["json"] and sys.stderr.isatty()
        try:
            summary = import_files(options["files"], dry_run=options["dry_run"], progress=progress)
        except FileUnreadable as exc:
            self.stderr.write(f"cannot read {exc}")
            sys.exit(2)
        if not summary.dry_run:
            ImportRun.objects.create(file_name=", ".join(summary.files)[:255], source=ImportRun.Source.COMMAND,
                                     status=ImportRun.Status.IMPORTED, summary=summary.as_dict())
        if options["report"]:
            write_report(summary.problems, options["report"])
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
        else:
            self._print(summary)
        sys.exit(summary.exit_code)

    def _print(self, summary):
        for p in summary.problems:
            kind = "rejected" if p.rejected else "warning"
            where = ", ".join(x for x in (p.file, p.sheet and f"sheet {p.sheet}", p.row and f"row {p.row}",
                                          p.column) if x)
            self.stdout.write(f"{kind}: {where}: {describe(p)}" + (f" [{p.value}]" if p.value else ""))
        for file, encoding in summary.encodings.items():
            self.stdout.write(f"{file}: read as {encoding} text")
        prefix = "dry run, nothing written: " if summary.dry_run else ""
        self.stdout.write(
            f"{prefix}{len(summary.files)} file(s), {len(summary.sheets)} sheet(s), {summary.rows_read} rows read: "
            f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged, "
            f"{summary.rejected} rejected, {summary.skipped} skipped, {len(summary.warnings)} warnings")
