"""Benchmark of the job queue (marketplace/jobs, Procrastinate on PostgreSQL): how many jobs a
second can be enqueued, and how many one worker process runs. Uses a database of its own
(``otop_bench_jobs`` on the embedded server, or DATABASE_URL's server), so the shop's data is
not touched.

    .venv/bin/python bench/bench_jobs.py [N]      # N no-op jobs, 2,000 by default
"""
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(REPO / "bench"))
    from databases import named, point_at

    point_at(os.environ, named("otop_bench_jobs"))  # (a database of its own on DATABASE_URL's server too)
    os.environ["OTOP_JOBS_EXTRA_MODULES"] = "marketplace.testing.jobs"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _waiting() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'marketplace.testing.jobs.noop'")
        return cursor.fetchone()[0]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    _setup()
    from django.db import connection, transaction

    from marketplace.testing.jobs import noop

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_workers CASCADE")

    # enqueue: one job per transaction (what a request does), then many in one transaction
    start = time.perf_counter()
    for i in range(n // 2):
        noop.defer(n=i)
    one_by_one = (n // 2) / (time.perf_counter() - start)
    start = time.perf_counter()
    with transaction.atomic():
        for i in range(n // 2, n):
            noop.defer(n=i)
    in_one_transaction = (n - n // 2) / (time.perf_counter() - start)
    print(f"load average before: {os.getloadavg()[0]:.1f} (2-core machine)")
    print(f"enqueue, one transaction each:   {one_by_one:8.0f} jobs/s")
    print(f"enqueue, {n - n // 2} in one transaction: {in_one_transaction:8.0f} jobs/s")

    # run: one worker process (default concurrency 1, then 4), from start to the last job done
    for concurrency in (1, 4):
        if not _waiting():
            with transaction.atomic():
                for i in range(n):
                    noop.defer(n=i)
        worker = subprocess.Popen([sys.executable, "manage.py", "procrastinate", "worker", "--queues=bench",
                                   f"--concurrency={concurrency}"], cwd=REPO, env=os.environ.copy(),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while _waiting() == n:  # the worker's start (Django, the database) is not counted
                time.sleep(0.01)
            start, left = time.perf_counter(), _waiting()
            while _waiting():
                time.sleep(0.05)
            rate = left / (time.perf_counter() - start)
        finally:
            worker.send_signal(2)
            worker.wait(30)
        print(f"load average: {os.getloadavg()[0]:.1f}")
        print(f"run, 1 worker, concurrency {concurrency}:   {rate:8.0f} jobs/s ({left} no-op jobs)")


if __name__ == "__main__":
    main()
