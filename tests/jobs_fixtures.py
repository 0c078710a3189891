"""Real job workers for the tests: ``manage.py procrastinate worker`` processes on the test
database, started by a fixture and stopped when the test ends (never an eager mode).

Procrastinate's tables are not Django-managed, so a transactional test's flush leaves them
alone: ``job_queue`` empties them (and the test jobs' tables) before each test that uses it.
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
# Fast clocks for tests: heartbeat every second, a worker silent for 3 s is dead, the stalled-job
# check every 2 s, retries of network jobs after 2 and 4 s, the queue polled twice a second.
WORKER_ENV = {
    "OTOP_JOBS_HEARTBEAT_SECONDS": "1", "OTOP_JOBS_STALLED_SECONDS": "3",
    "OTOP_JOBS_STALLED_CHECK_CRON": "* * * * * */2", "OTOP_JOBS_RETRY_BASE_SECONDS": "2",
    "OTOP_JOBS_EXTRA_MODULES": "marketplace.testing.jobs",
}


def wait_for(predicate, timeout=90.0, interval=0.2, what="the worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{what} did not get there within {timeout} s")


def database_env():
    """The environment that points a new process at the test database this run uses."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if os.environ.get("DATABASE_URL"):
        url = urlsplit(os.environ["DATABASE_URL"])
        return {"DATABASE_URL": urlunsplit(url._replace(path=f"/{name}"))}
    return {"OTOP_DB_NAME": name}


def _sql(statements):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statements)


class Worker:
    def __init__(self, process, log):
        self.process, self.log = process, log

    @property
    def pid(self):
        return self.process.pid

    def kill(self):
        """SIGKILL: the worker dies mid-job, without a word to the database."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # what Ctrl-C and systemd's stop send
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)

    def output(self):
        return self.log.read_text(errors="replace")


@pytest.fixture
def job_queue(django_db_serialized_rollback, transactional_db):
    """An empty job queue on the test database (and the test jobs' tables)."""
    from marketplace.testing.jobs import TABLES

    import marketplace.testing.jobs  # noqa: F401  the test jobs, for deferring from the test

    _sql(TABLES)
    _sql("TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, "
         "procrastinate_workers, jobs_test_runs, jobs_test_results CASCADE")
    yield


def registered_workers() -> int:
    """The id of the newest worker registered (a new worker may prune a dead one's row)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_workers")
        return cursor.fetchone()[0]


@pytest.fixture
def start_worker(job_queue, tmp_path):
    """``start_worker()`` starts one more worker process and returns once it is registered."""
    workers = []

    def start(*args, **env):
        log = tmp_path / f"worker-{len(workers) + 1}.log"
        before = registered_workers()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "procrastinate", "worker", "--fetch-job-polling-interval=0.5",
             "--concurrency=2", *args],
            cwd=BASE_DIR, env={**os.environ, **WORKER_ENV, **database_env(), **env},
            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
        worker = Worker(process, log)
        workers.append(worker)
        try:
            wait_for(lambda: registered_workers() > before or process.poll() is not None, 60, what="a new worker")
        finally:
            if process.poll() is not None:
                raise AssertionError(f"the worker exited at start:\n{worker.output()}")
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def worker(start_worker):
    return start_worker()


def delivered_mail(directory):
    """The messages a worker's file-based mailer (``EMAIL_FILE_PATH=directory``) wrote, oldest file first:
    (recipients, subject, plain-text body) each."""
    import email
    import email.policy

    messages = []
    for path in sorted(directory.glob("*.log")) if directory.is_dir() else []:
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                message = email.message_from_bytes(raw.strip(), policy=email.policy.default)
                messages.append((message["To"], str(message["Subject"]), message.get_body(("plain",)).get_content()))
    return messages


def job_rows(task_name=None):
    from procrastinate.contrib.django.models import ProcrastinateJob

    jobs = ProcrastinateJob.objects.all()
    if task_name:
        jobs = jobs.filter(task_name=task_name)
    return list(jobs.values("id", "task_name", "status", "args", "attempts"))


def run_enqueued(task_name, **args):
    """Run the bodies of the ``task_name`` jobs this test's transaction enqueued (those with these
    ``args`` when given), here, and drop their rows: for tests inside one uncommitted transaction,
    which no worker can see. That a worker runs these jobs after the commit is shown by the tests
    that start one."""
    from django.db import connection
    from procrastinate.contrib.django import app
    from procrastinate.contrib.django.models import ProcrastinateJob

    jobs = [job for job in ProcrastinateJob.objects.filter(task_name=task_name, status="todo").order_by("id")
            if all(job.args.get(name) == value for name, value in args.items())]
    for job in jobs:
        # The job's own function, without queue.job's wrapper (which renews stale connections,
        # and would close this test's open transaction).
        app.tasks[task_name].func.__wrapped__(**job.args)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs WHERE id = %s", [job.id])
    return len(jobs)
