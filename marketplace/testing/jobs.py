"""Jobs that only the tests' workers load (``OTOP_JOBS_EXTRA_MODULES=marketplace.testing.jobs``):
each notes its runs in ``jobs_test_runs`` so a test can see what a worker did, and how often.

``jobs_test_results`` holds what a job produced, one row per key (the way a real job writes
its result idempotently): a job that ran twice still leaves one result."""
import time

from django.db import connection

from marketplace.jobs import queue

TABLES = """
CREATE TABLE IF NOT EXISTS jobs_test_runs (
    id bigserial PRIMARY KEY, key text NOT NULL, event text NOT NULL, pid int NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp());
CREATE TABLE IF NOT EXISTS jobs_test_results (key text PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());
"""


def note(key, event):
    import os

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO jobs_test_runs (key, event, pid) VALUES (%s, %s, %s)", [key, event, os.getpid()])


def runs(key, event="started") -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM jobs_test_runs WHERE key = %s AND event = %s", [key, event])
        return cursor.fetchone()[0]


@queue.job(queue="test")
def record(*, key, seconds=0.0):
    """Started, works ``seconds`` (on its first run only: the run a test kills), then writes
    its result once whatever happened before."""
    note(key, "started")
    if runs(key) == 1:
        time.sleep(seconds)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO jobs_test_results (key) VALUES (%s) ON CONFLICT DO NOTHING", [key])
    note(key, "finished")


@queue.job(queue="test", retry=queue.NETWORK_RETRY)
def flaky_network(*, key, failures):
    """Fails like an unreachable server on its first ``failures`` runs."""
    note(key, "started")
    if runs(key) <= failures:
        raise ConnectionRefusedError(f"[Errno 111] Connection refused (run {runs(key)} of {key})")
    note(key, "finished")


@queue.job(queue="test")
def fails_once(*, key):
    """Fails on its first run (no retry policy): staff then see it among the failed jobs."""
    note(key, "started")
    if runs(key) == 1:
        raise ValueError(f"the supplier's file for {key} is empty")
    note(key, "finished")


@queue.job(queue="bench")
def noop(*, n):
    """Does nothing: what the queue itself costs per job (bench/bench_jobs.py)."""


@queue.job(queue="test")
def defers_in_its_transaction(*, key, then_fail):
    """In one transaction: writes its result, defers ``record`` for ``key + '/next'`` and waits
    a moment (a worker of concurrency 2 would run a job deferred outside the transaction meanwhile),
    then commits, or rolls back when ``then_fail``."""
    from django.db import transaction

    note(key, "started")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO jobs_test_results (key) VALUES (%s) ON CONFLICT DO NOTHING", [key])
        record.defer(key=f"{key}/next")
        time.sleep(1.5)
        note(key, "commits")  # clock time, just before the commit
        if then_fail:
            raise ValueError(f"{key} rolls back")
