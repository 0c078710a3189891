"""A dashboard import run, step by step on the job queue: check the uploaded file (a dry run
that also says what the import will do to the shop), wait for the officer, write it, report.

The jobs (``tasks.py``) call ``check`` and ``write``. While they work, the run's progress and
the officer's cancel request go through a second database connection (``Progress``), because
the write itself is one transaction nobody else sees until it commits. Cancelling raises
``Cancelled`` inside that transaction, so a cancelled write leaves nothing behind; a worker
killed mid-write loses its transaction the same way, and the job runs again from the start.
"""
import logging
import tempfile
import time
from collections import Counter
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Max
from django.utils import timezone

from catalog_import.importer import FileUnreadable, import_files
from catalog_import.models import ImportRun
from catalog_import.permissions import province_scope
from marketplace.catalog import listing
from marketplace.certification import validity

# How often the page's progress bar gets a new figure (and a cancel request is noticed).
PROGRESS_SECONDS = 0.5

logger = logging.getLogger(__name__)


class Cancelled(Exception):
    """The officer cancelled the run while a job was at it."""


def validity_years_for_dashboard() -> int:
    """Certification validity for imports from the dashboard: the configured one, or on a demo
    install the demo catalog's stretched one, so re-importing the demo's own files (or newer
    records of the same products) does not delist the demo."""
    demo = (ImportRun.objects.filter(source=ImportRun.Source.COMMAND, file_name=DEMO_RUN_NAME,
                                      validity_years__isnull=False).order_by("-created").first())
    return max(validity.validity_years(), demo.validity_years) if demo else validity.validity_years()


DEMO_RUN_NAME = "demo catalog"


class Progress:
    """Writes the run's progress and reads its cancel flag on a connection of its own (autocommit),
    at most every ``PROGRESS_SECONDS``."""

    def __init__(self, run_id):
        self.run_id, self.last = run_id, 0.0
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, phase, done, total, force=False):
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_SECONDS and done < total:
            return
        self.last = now
        with self.connection.cursor() as cursor:
            cursor.execute(f"UPDATE {ImportRun._meta.db_table} SET rows_read = %s, rows_total = %s "
                           "WHERE id = %s RETURNING cancel_requested", [done, total, self.run_id])
            row = cursor.fetchone()
        if row is None or row[0]:
            raise Cancelled

    def close(self):
        self.connection.close()


def _set(run_id, **fields):
    return ImportRun.objects.filter(pk=run_id).update(**fields)


def _start(run_id, expected, working) -> ImportRun | None:
    """Move the run from ``expected`` to ``working`` (or pick up a run a dead worker left in
    ``working``); None when it was cancelled or is already past this step."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status not in (expected, working):
            return None
        if run.cancel_requested:
            run.status, run.finished = ImportRun.Status.CANCELLED, timezone.now()
            run.save(update_fields=["status", "finished"])
            return None
        run.status, run.rows_read, run.rows_total = working, 0, 0
        run.save(update_fields=["status", "rows_read", "rows_total"])
        return run


def _import(run, dry_run, progress, before_commit=None):
    with run.upload.open("rb") as stored, tempfile.TemporaryDirectory() as folder:
        # The stored name, shortened by the storage to fit a file system; the report keeps the original.
        path = Path(folder) / Path(run.upload.name).name
        path.write_bytes(stored.read())
        # the rows of the provinces the officer who started (or confirmed) the run acts for, as they
        # stand when the job runs; a run whose user is gone imports nothing
        provinces = province_scope(run.user) if run.user else frozenset()
        return import_files([path], dry_run=dry_run, names=[run.file_name], on_progress=progress,
                            validity_years=run.validity_years, before_commit=before_commit, provinces=provinces)


def check(run_id) -> None:
    """The check: a dry run whose summary (with the listing effect) the preview shows."""
    run = _start(run_id, ImportRun.Status.QUEUED, ImportRun.Status.CHECKING)
    if run is None:
        return
    progress = Progress(run.pk)
    effect = {}
    try:
        listed_before = set(listing.listable().values_list("pk", flat=True))
        newest_before = listing.Product.objects.aggregate(newest=Max("pk"))["newest"] or 0
        summary = _import(run, True, progress,
                          lambda writer: effect.update(listing_effect(writer, listed_before, newest_before)))
    except Cancelled:
        _cancelled(run.pk)
        return
    except FileUnreadable as exc:
        _failed(run.pk, exc)
        return
    except Exception:  # a fault of ours, not of the file: the run must not stay "checking" for ever
        _broke(run.pk, "check")
        return
    finally:
        progress.close()
    _set(run.pk, status=ImportRun.Status.PREVIEWED, summary={**summary.as_dict(), "listing": effect},
         rows_read=summary.rows_read, rows_total=summary.rows_read)


def write(run_id) -> None:
    """The write, confirmed by the officer: one transaction with the run's final state in it."""
    run = _start(run_id, ImportRun.Status.WRITING, ImportRun.Status.WRITING)
    if run is None:
        return
    progress = Progress(run.pk)
    try:
        with transaction.atomic():
            summary = _import(run, False, progress)
            progress.close()
            # The last word on cancelling: the cancel view takes the same row lock.
            locked = ImportRun.objects.select_for_update().get(pk=run.pk)
            if locked.cancel_requested:
                raise Cancelled
            _set(run.pk, status=ImportRun.Status.IMPORTED, finished=timezone.now(),
                 summary={**summary.as_dict(), "listing": run.summary.get("listing", {})})
    except Cancelled:
        _cancelled(run.pk)
    except FileUnreadable as exc:
        _failed(run.pk, exc)
    except Exception:  # rolled back with the transaction: nothing written, and the run says so
        _broke(run.pk, "write")
    finally:
        progress.close()


def _cancelled(run_pk):
    _set(run_pk, status=ImportRun.Status.CANCELLED, finished=timezone.now())


def _failed(run_pk, exc):
    """The file could not be read after all: the run ends, saying why."""
    _set(run_pk, status=ImportRun.Status.FAILED, summary={"error": str(exc), "problems": []},
         finished=timezone.now())


def _broke(run_pk, step):
    """An error nobody foresaw: logged with its traceback for the site's staff; the run ends as
    failed with nothing written, and its page says so instead of showing "checking" for ever."""
    logger.exception("import run %s: the %s stopped on an unexpected error", run_pk, step)
    _set(run_pk, status=ImportRun.Status.FAILED, summary={"error": "", "unexpected": True, "problems": []},
         finished=timezone.now())


def listing_effect(writer, listed_before: set, newest_before: int, today=None) -> dict:
    """How many products the import lists and unlists, and why (the listing rule's own conditions)."""
    touched = set(writer.counts.product_ids)
    listed_after = set(listing.listable(listing.Product.objects.filter(pk__in=touched), today)
                       .values_list("pk", flat=True))
    became_listed = listed_after - listed_before
    became_unlisted = (touched & listed_before) - listed_after
    why_unlisted = Counter(listing.unmet_condition(became_unlisted, today).values())
    return {
        "listed": len(became_listed), "unlisted": len(became_unlisted),
        "listed_new": sum(1 for pk in became_listed if pk > newest_before),
        "unlisted_because": dict(why_unlisted),
    }


def request_cancel(run_id) -> ImportRun:
    """The officer's cancel: at once for a run no job is at; a job at work notices within a second."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        if run.status in (ImportRun.Status.QUEUED, ImportRun.Status.PREVIEWED):
            run.status, run.finished, run.cancel_requested = ImportRun.Status.CANCELLED, timezone.now(), True
        elif run.status in (ImportRun.Status.CHECKING, ImportRun.Status.WRITING):
            run.cancel_requested = True
        run.save(update_fields=["status", "finished", "cancel_requested"])
        return run
