"""The job queue (marketplace/jobs) with real worker processes on the test database:
enqueued in the caller's transaction, run by a worker, network jobs retried with growing
waits, a job of a worker killed mid-way run again (once), staff retrying failed jobs."""
import datetime
import time

import pytest
from django.db import connection, transaction

from jobs_fixtures import job_rows, wait_for
from marketplace.jobs import queue
from marketplace.jobs.models import JobFailure
from marketplace.testing import jobs as test_jobs


def _result_exists(key):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM jobs_test_results WHERE key = %s", [key])
        return cursor.fetchone()[0]


def _started_at(key):
    with connection.cursor() as cursor:
        cursor.execute("SELECT at FROM jobs_test_runs WHERE key = %s AND event = 'started' ORDER BY id", [key])
        return [row[0] for row in cursor.fetchall()]


def test_a_job_is_enqueued_with_the_transaction_and_run_by_a_worker(worker):
    # given a job enqueued in a transaction that rolls back, and one in a transaction that commits
    with pytest.raises(RuntimeError), transaction.atomic():
        test_jobs.record.defer(key="rolled-back")
        raise RuntimeError("the order failed")
    with transaction.atomic():
        test_jobs.record.defer(key="committed")
        time.sleep(1.5)  # the worker polls twice a second
        # then the worker cannot see it before the commit
        assert test_jobs.runs("committed") == 0

    # when the worker has had time for it
    wait_for(lambda: test_jobs.runs("committed", "finished"), what="the committed job")

    # then the committed job ran once and the rolled-back one never existed
    assert test_jobs.runs("committed", "finished") == 1 and _result_exists("committed") == 1
    assert test_jobs.runs("rolled-back") == 0
    assert not [j for j in job_rows() if j["args"].get("key") == "rolled-back"]


def test_a_job_deferred_by_a_job_is_part_of_that_jobs_transaction(worker):
    # given, in a worker, a job that defers another inside its transaction and commits, and one that rolls back
    test_jobs.defers_in_its_transaction.defer(key="commits", then_fail=False)
    test_jobs.defers_in_its_transaction.defer(key="rolls-back", then_fail=True)

    # then the job deferred by the committing one runs, and only after its parent's data exists
    wait_for(lambda: _result_exists("commits/next"), what="the job deferred by a job")
    assert _started_at("commits/next")[0] > _noted_at("commits", "commits")
    # and the rolled-back job's deferral never existed: no run of it, however long one waits for the first
    wait_for(lambda: test_jobs.runs("rolls-back") >= 1, what="the job that rolls back")
    time.sleep(3)
    assert test_jobs.runs("rolls-back/next") == 0 and not _result_exists("rolls-back")


def _noted_at(key, event):
    with connection.cursor() as cursor:
        cursor.execute("SELECT at FROM jobs_test_runs WHERE key = %s AND event = %s", [key, event])
        return cursor.fetchone()[0]


def test_a_network_job_is_retried_with_growing_waits_and_its_errors_are_kept(worker):
    # given a job whose server refuses the first two connections (retry waits 2 s then 4 s here)
    job_id = test_jobs.flaky_network.defer(key="smtp", failures=2)

    # when the worker runs it until it succeeds
    wait_for(lambda: test_jobs.runs("smtp", "finished"), timeout=45, what="the third attempt")

    # then it ran three times, the second wait longer than the first, and both errors are kept
    first, second, third = _started_at("smtp")
    assert (second - first).total_seconds() >= 2
    assert (third - second).total_seconds() >= 4
    assert (third - second) > (second - first)
    failures = list(JobFailure.objects.filter(job_id=job_id).order_by("attempt"))
    assert [f.attempt for f in failures] == [1, 2]
    assert all("ConnectionRefusedError" in f.error and "Connection refused" in f.error for f in failures)


def test_a_job_of_a_worker_killed_mid_way_runs_again_once(start_worker):
    # given a worker in the middle of a slow job
    doomed = start_worker()
    test_jobs.record.defer(key="import-42", seconds=60)
    wait_for(lambda: test_jobs.runs("import-42"), what="the job's start")

    # when the worker is killed (SIGKILL: no goodbye to the database) and another one runs
    doomed.kill()
    assert [j["status"] for j in job_rows("marketplace.testing.jobs.record")] == ["doing"]
    start_worker()

    # then the stalled-job check puts the job back, the other worker finishes it, and its
    # result is there once
    wait_for(lambda: test_jobs.runs("import-42", "finished"), timeout=60, what="the job's second run")
    assert test_jobs.runs("import-42") == 2
    assert test_jobs.runs("import-42", "finished") == 1
    assert _result_exists("import-42") == 1
    wait_for(lambda: not job_rows("marketplace.testing.jobs.record"), what="the job's end")


def test_a_busy_worker_whose_heartbeat_lags_does_not_put_back_its_own_running_job(start_worker):
    # given a worker whose heartbeat is late (written every 60 s where 3 s of silence means dead, as a
    # long job on a loaded machine can hold it back) in the middle of an 8-second job
    busy = start_worker(OTOP_JOBS_HEARTBEAT_SECONDS="60")
    test_jobs.record.defer(key="thumbnails-7", seconds=8)
    # when its own stalled-job check runs meanwhile (every 2 s here)
    wait_for(lambda: test_jobs.runs("thumbnails-7", "finished"), timeout=60, what="the job's end")
    # then the job ran once: the worker checking is alive, whatever its heartbeat says
    assert test_jobs.runs("thumbnails-7") == 1
    assert "put back in the queue" not in busy.output()


def test_daily_schedules_are_in_thai_time():
    # given midnight and 00:10 in Thailand (UTC+7 all year)
    # when written as cron lines, which Procrastinate reads in UTC
    # then they name 17:00 and 17:10 UTC of the day before
    assert queue.bangkok_cron(0, 0) == "0 17 * * *"
    assert queue.bangkok_cron(0, 10) == "10 17 * * *"
    assert queue.bangkok_cron(8, 30) == "30 1 * * *"
    midnight = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    assert queue.bangkok_day(midnight.timestamp()) == datetime.date(2026, 12, 1)


def test_the_periodic_jobs_are_registered_with_their_times():
    # given the project's tasks, loaded as a worker loads them
    from procrastinate.contrib.django import app

    # when the periodic ones are listed
    schedules = {p.task.name.rsplit(".", 1)[-1]: p.cron for p in app.periodic_registry.periodic_tasks.values()}

    # then expiry and the index follow midnight, the rebuild runs at 00:10 Thai time, the
    # stalled-job check runs every minute and card holds no order claimed are let go every 15
    assert schedules["follow_the_day"] == "0 17 * * *"
    assert schedules["record_expiry_notices"] == "0 17 * * *"
    assert schedules["nightly_reindex"] == "10 17 * * *"
    assert schedules["retry_stalled_jobs"] == "* * * * *"
    assert schedules["release_unclaimed_authorisations"] == "*/15 * * * *"


@pytest.mark.parametrize("minutes", [0, 7, 45, 90])
def test_a_schedule_every_n_minutes_must_divide_the_hour(minutes):
    with pytest.raises(ValueError, match="divide an hour"):
        queue.every(minutes)
