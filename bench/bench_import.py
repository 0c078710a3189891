"""Benchmark of the programme-record import: ../shared/programme-records/catalog-20k.csv into an
empty catalog, then the same file again (nothing changes). Prints rows/s and peak memory, and
the time the search index then takes to catch up (the import's ``records_imported`` signal does
that work after every import; it is timed apart so each figure says what it measures).

The catalog lives in its own database (test_otop_bench_import), created and migrated fresh by
this script and dropped at the end. Each import runs in its own process so that its peak
memory (maximum resident set size, Django included) is its own.

    .venv/bin/python bench/bench_import.py [CSV]
"""
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from databases import named, point_at  # noqa: E402
from machine import busy_seconds  # noqa: E402
from samples import CATALOG_20K as DEFAULT_CSV  # noqa: E402

DB_NAME = named("otop_bench_import")


def _django(db_name):
    point_at(os.environ, db_name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def run_import(csv_path):
    """In a child process: import once, then bring the search index up to date as the import's
    signal would, timing the two apart; print one JSON line."""
    from catalog_import.importer import import_files
    from catalog_import.signals import records_imported
    from marketplace.search import service

    records_imported.disconnect(dispatch_uid="otop_search_import")  # timed on its own below
    started, cpu_started, busy_started = time.perf_counter(), time.process_time(), busy_seconds()
    summary = import_files([csv_path])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    started, busy_imported = time.perf_counter(), busy_seconds()
    indexed = service.sync()
    indexing, busy_indexed = time.perf_counter() - started, busy_seconds()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": summary.rows_read, "seconds": elapsed, "cpu": cpu, "peak_mb": peak_mb, "created": summary.created,
                      "updated": summary.updated, "unchanged": summary.unchanged, "rejected": summary.rejected,
                      "indexed": indexed, "indexing_seconds": indexing,
                      "machine_cpu": busy_imported - busy_started, "machine_cpu_indexing": busy_indexed - busy_imported}))


def main(csv_path):
    if not csv_path.is_file():
        print(f"skipped: {csv_path} is not there (it comes with the shared programme-records samples)")
        return
    _django(DB_NAME)
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    print(f"creating and migrating an empty database for {csv_path.name} ...", flush=True)
    config = setup_databases(verbosity=0, interactive=False, keepdb=False, serialized_aliases=set())
    test_db = connection.settings_dict["NAME"]
    try:
        for label in ("into an empty catalog", "again, unchanged"):
            child = subprocess.run([sys.executable, __file__, "--child", test_db, str(csv_path)],
                                   capture_output=True, text=True, check=True)
            result = json.loads(child.stdout.strip().splitlines()[-1])
            rate = result["rows"] / result["seconds"]
            print(f"import {label}: {result['rows']} rows in {result['seconds']:.1f} s = {rate:,.0f} rows/s "
                  f"({result['cpu']:.1f} s CPU in the importing process; load average {os.getloadavg()[0]:.1f}), "
                  f"peak memory {result['peak_mb']:.0f} MB (created {result['created']}, updated {result['updated']}, "
                  f"unchanged {result['unchanged']}, rejected {result['rejected']})", flush=True)
            total = result["seconds"] + result["indexing_seconds"]
            print(f"  then search indexing of the imported products: {result['indexed']} products in "
                  f"{result['indexing_seconds']:.1f} s; import and indexing together {result['rows'] / total:,.0f} rows/s",
                  flush=True)
            machine_cpu = result["machine_cpu"] + result["machine_cpu_indexing"]
            cpus = os.cpu_count() or 1
            print(f"  CPU the machine spent (every process: the importer, PostgreSQL, index workers): "
                  f"{result['machine_cpu']:.1f} s importing, {result['machine_cpu_indexing']:.1f} s indexing; "
                  f"with all {cpus} CPUs busy throughout, no faster than {result['rows'] / (machine_cpu / cpus):,.0f} rows/s",
                  flush=True)
    finally:
        teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _django(sys.argv[2])
        run_import(Path(sys.argv[3]))
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV)
