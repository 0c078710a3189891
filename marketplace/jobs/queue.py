"""Declaring, enqueuing and scheduling jobs: the one part of Procrastinate other apps see.

    from marketplace.jobs import queue

    @queue.job(queue="mail", retry=queue.NETWORK_RETRY)
    def send_notice(*, notice_id):
        ...

    send_notice.defer(notice_id=notice.pk)   # a row in the caller's transaction

A job is a row of ``procrastinate_jobs`` written through Django's own connection, so it is part
of the caller's transaction: when that rolls back there is no job, when it commits the job is
there for a worker, and no e-mail or index write can run before the data it follows exists.

Jobs take keyword arguments that JSON can hold (ids, not model instances), and may run more
than once (a retry, a worker that died after the work but before reporting it): write them so
that running twice does what running once does.
"""
import datetime
import functools
import logging
import traceback
import zoneinfo

from django.conf import settings
from django.db import close_old_connections
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

# Jobs that talk to another server (SMTP, Stripe, Elasticsearch, S3) fail for a while when that
# server does: they are tried again after 3, 9, 27, 81, 243, 729 and 2187 seconds (about 55
# minutes in all) before staff see them as failed. OTOP_JOBS_RETRY_BASE_SECONDS changes the 3.
_NETWORK_ATTEMPTS = getattr(settings, "OTOP_JOBS_NETWORK_ATTEMPTS", 8)
# (Procrastinate reads a most of 0 retries as "retry for ever": one attempt is no retry strategy at all)
NETWORK_RETRY = RetryStrategy(
    max_attempts=_NETWORK_ATTEMPTS - 1,
    exponential_wait=getattr(settings, "OTOP_JOBS_RETRY_BASE_SECONDS", 3),
) if _NETWORK_ATTEMPTS > 1 else None


def job(on_giving_up=None, **options):
    """Declare a job (``procrastinate``'s ``app.task`` options: ``queue``, ``retry``, ``lock``,
    ``queueing_lock``, ``name`` …). The job's function takes keyword arguments only.

    Each run gets a fresh database connection when the old one is stale (a worker lives for
    weeks), and a failure is recorded with its error for the staff page before Procrastinate
    retries the job or marks it failed. ``on_giving_up(error, **kwargs)``, when given, is called
    when the last attempt fails (the job will not be tried again): what the job owed someone can
    be handed to staff there, beside the failed job."""
    retry = options.get("retry")

    def declare(func):
        @functools.wraps(func)
        def run(context, **kwargs):
            close_old_connections()
            try:
                return func(**kwargs)
            except Exception as exc:
                _record_failure(context.job, exc)
                if on_giving_up is not None and _last_attempt(context.job, retry):
                    _give_up(on_giving_up, exc, kwargs)
                raise
            finally:
                close_old_connections()

        options.setdefault("name", f"{func.__module__}.{func.__name__}")
        return app.task(pass_context=True, **options)(run)

    return declare


def _last_attempt(job, retry) -> bool:
    """Whether this run was the job's last: no retry strategy, or as many attempts made as it allows
    (``job.attempts`` counts the earlier ones; a strategy without a most retries for ever)."""
    if retry is None:
        return True
    most = getattr(retry, "max_attempts", None)
    return bool(most) and (job.attempts or 0) >= most


def _give_up(on_giving_up, exc, kwargs):
    try:
        close_old_connections()
        on_giving_up(exc, **kwargs)
    except Exception:
        logger.exception("jobs: what follows the last failure of a job could not be done")


def _record_failure(job, exc):
    from marketplace.jobs.models import JobFailure

    try:
        close_old_connections()
        JobFailure.objects.create(
            job_id=job.id, task_name=job.task_name, attempt=(job.attempts or 0) + 1,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            traceback="".join(traceback.format_exception(exc))[-20000:],
        )
    except Exception:  # the database itself may be what failed; the worker's log still has it
        logger.exception("jobs: could not record the failure of job %s", job.id)


def bangkok_cron(hour: int, minute: int = 0) -> str:
    """A daily cron line for ``hour:minute`` Thai time. Procrastinate reads cron lines in UTC;
    Thailand keeps UTC+7 all year (no daylight saving), so the line never needs to change."""
    offset = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Bangkok")).utcoffset()
    utc = (datetime.datetime(2000, 1, 2, hour, minute) - offset)
    return f"{utc.minute} {utc.hour} * * *"


def daily(hour: int, minute: int = 0, **options):
    """Declare a job that runs every day at ``hour:minute`` Thai time. Its function receives
    ``timestamp`` (the scheduled time, seconds since the epoch): each scheduled run is deferred
    once, however many workers run (Procrastinate keeps one job per task and timestamp)."""

    def declare(func):
        return app.periodic(cron=bangkok_cron(hour, minute))(job(**options)(func))

    return declare


def every(minutes: int, **options):
    """Declare a job that runs every ``minutes`` minutes (a divisor of 60); its function receives
    ``timestamp`` like a ``daily`` one, and each scheduled run is deferred once."""
    if minutes < 1 or 60 % minutes:
        raise ValueError(f"every({minutes}): the minutes must divide an hour")

    def declare(func):
        return app.periodic(cron=f"*/{minutes} * * * *")(job(**options)(func))

    return declare


def bangkok_day(timestamp: float) -> datetime.date:
    """The Thai calendar day of a scheduled time (a run at 00:00 Thai time is for that day)."""
    return datetime.datetime.fromtimestamp(timestamp, zoneinfo.ZoneInfo("Asia/Bangkok")).date()
