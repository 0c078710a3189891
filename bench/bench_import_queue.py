"""Benchmark of a dashboard import end to end, through the job queue: ../shared/programme-records/
catalog-20k.csv stored as an upload, checked by a worker process (the preview), confirmed, written
by the worker. Prints how long each step took from the officer's point of view (the file waiting
in the queue, the check, the write) and the whole, from upload to "imported", in rows/s.

The steps are the dashboard's own (``catalog_import/views.py``: the run and its check job in one
transaction; the confirm moves it to *importing* and enqueues the write), without the HTTP around
them. One worker (``manage.py procrastinate worker``, concurrency 1), as `make run` starts it. The
catalog lives in its own database (``test_otop_bench_import_queue``), created fresh and dropped
at the end; uploads go to a temporary media folder shared with the worker.

    .venv/bin/python bench/bench_import_queue.py [CSV]
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from databases import named  # noqa: E402
from samples import CATALOG_20K as DEFAULT_CSV  # noqa: E402

DB_NAME = named("otop_bench_import_queue")


def _django(media_root):
    os.environ["MEDIA_ROOT"] = media_root  # read by the settings; the worker inherits it
    sys.path.insert(0, str(REPO / "bench"))
    import bench_import

    bench_import._django(DB_NAME)


def _worker_env(test_db):
    env = {**os.environ}
    if os.environ.get("DATABASE_URL"):
        from urllib.parse import urlsplit, urlunsplit

        url = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{test_db}"))
    else:
        env["OTOP_DB_NAME"] = test_db
    return env


def _wait(run, states, timeout=1800):
    """Poll the run (as the page does, more often) until it reaches one of ``states``."""
    from catalog_import.models import ImportRun

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = ImportRun.objects.values_list("status", flat=True).get(pk=run.pk)
        if status in states:
            return status, time.perf_counter()
        time.sleep(0.05)
    raise SystemExit(f"the run did not reach {states} within {timeout} s")


def main(csv_path):
    if not csv_path.is_file():
        print(f"skipped: {csv_path} is not there (it comes with the shared programme-records samples)")
        return
    media = tempfile.mkdtemp(prefix="otop-bench-media-")
    _django(media)
    from django.core.files import File
    from django.db import connection, transaction
    from django.test.utils import setup_databases, teardown_databases

    from catalog_import import runs, tasks
    from catalog_import.models import ImportRun

    print(f"creating and migrating an empty database for {csv_path.name} ...", flush=True)
    config = setup_databases(verbosity=0, interactive=False, keepdb=False, serialized_aliases=set())
    test_db = connection.settings_dict["NAME"]
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--concurrency=1"],
        cwd=REPO, env=_worker_env(test_db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        # staff who import every province's rows (a run without its user imports none: each row would be refused)
        from marketplace.testing.factories import UserFactory

        staff = UserFactory(email="bench-staff@example.com", is_staff=True, is_superuser=True)
        time.sleep(3)  # the worker starts (Django, then LISTEN)
        started = time.perf_counter()
        with transaction.atomic(), csv_path.open("rb") as source:
            run = ImportRun(file_name=csv_path.name, validity_years=runs.validity_years_for_dashboard(), user=staff)
            run.upload.save(csv_path.name, File(source), save=True)
            tasks.check_run.defer(run_id=run.pk)
        stored = time.perf_counter()
        _, picked = _wait(run, {ImportRun.Status.CHECKING, ImportRun.Status.PREVIEWED, ImportRun.Status.FAILED})
        status, previewed = _wait(run, {ImportRun.Status.PREVIEWED, ImportRun.Status.FAILED})
        if status != ImportRun.Status.PREVIEWED:
            raise SystemExit(f"the check failed: {ImportRun.objects.get(pk=run.pk).summary}")
        confirmed = time.perf_counter()
        with transaction.atomic():
            ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.WRITING, rows_read=0, rows_total=0)
            tasks.write_run.defer(run_id=run.pk)
        status, imported = _wait(run, {ImportRun.Status.IMPORTED, ImportRun.Status.FAILED})
        run.refresh_from_db()
        rows = run.summary.get("rows_read", 0)
        print(f"dashboard import of {rows:,} rows through the job queue, one worker "
              f"(load average {os.getloadavg()[0]:.1f}):", flush=True)
        print(f"  upload stored and check enqueued {stored - started:5.1f} s", flush=True)
        print(f"  waiting in the queue               {picked - stored:5.1f} s", flush=True)
        print(f"  check (dry run, preview)           {previewed - picked:5.1f} s", flush=True)
        print(f"  write, after the officer confirms  {imported - confirmed:5.1f} s "
              f"(created {run.summary.get('created')}, rejected {run.summary.get('rejected')})", flush=True)
        if run.summary.get("rejected"):
            raise SystemExit(f"{run.summary['rejected']} rows were refused: the figures would not be an import's")
        total = (previewed - started) + (imported - confirmed)
        print(f"  upload to imported, the officer's wait excluded: {total:.1f} s = {rows / total:,.0f} rows/s", flush=True)
    finally:
        os.killpg(worker.pid, signal.SIGINT)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        connection.close()
        teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV)
