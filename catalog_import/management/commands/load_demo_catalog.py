"""``manage.py load_demo_catalog``: the demo catalog `make run` shows, imported from the copies
of programme files in ``catalog_import/demo/`` exactly as a programme officer would import them.

The samples hold selections from 2019 (B.E. 2562) on. With the usual validity
(OTOP_CERTIFICATION_VALIDITY_YEARS) most of them would have lapsed by now and the shop would be
nearly empty, so the demo stretches the validity period just far enough that the oldest sample
selection is still current today (``--validity-years`` overrides it). The records themselves
are imported unchanged; only the demo's validity policy differs. The policy is recorded (an
``ImportRun`` named "demo catalog") and the dashboard's imports follow it on such an install.
"""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from catalog_import.demo_english import apply_english, thai_producer_stories
from catalog_import.demo_packaging import apply_demo_packaging
from catalog_import.importer import FileUnreadable, import_files
from catalog_import.models import ImportRun
from catalog_import.runs import DEMO_RUN_NAME
from marketplace.certification.validity import years_reaching

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
OLDEST_DEMO_SELECTION_YEAR = 2019


class Command(BaseCommand):
    help = "Import the demo programme files in catalog_import/demo/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--validity-years", type=int, default=None,
                            help="years a certification stays valid after its selection year "
                                 "(default: long enough that every demo record is current today)")

    def handle(self, *args, **options):
        validity = options["validity_years"]
        if validity is None:
            validity = years_reaching(OLDEST_DEMO_SELECTION_YEAR)
        files = sorted(p for p in DEMO_DIR.iterdir() if p.suffix.lower() in {".xlsx", ".csv"})
        try:
            summary = import_files(files, validity_years=validity, progress=sys.stderr.isatty())
        except FileUnreadable as exc:
            self.stderr.write(f"cannot read {exc}")
            sys.exit(2)
        # English names and stories where the programme files have none (demo_translations/english.csv).
        english = apply_english()
        thai = thai_producer_stories()  # and the producers' stories in Thai, told from the same facts
        # Package sizes that fit each product (the samples' sizes are made up): demo_packaging.py.
        packaged = apply_demo_packaging(files)
        # Remembered so the dashboard imports with the same validity: re-importing the demo's own
        # files from the dashboard must not delist the demo (``runs.validity_years_for_dashboard``).
        # One row, kept up to date (make run loads the demo at every start).
        ImportRun.objects.update_or_create(
            source=ImportRun.Source.COMMAND, file_name=DEMO_RUN_NAME,
            defaults={"validity_years": validity, "status": ImportRun.Status.IMPORTED, "summary": summary.as_dict(),
                      "finished": timezone.now()})
        self.stdout.write(
            f"demo catalog: {summary.rows_read} records from {len(files)} files: {summary.created} created, "
            f"{summary.updated} updated, {summary.unchanged} unchanged, {summary.rejected} rejected "
            f"(certifications valid {validity} years after their selection year); English filled in for {english}; "
            f"Thai stories told for {thai} producers; packages sized for {packaged}")
        if summary.rejected:
            sys.exit(1)
