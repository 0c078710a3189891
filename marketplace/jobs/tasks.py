"""The queue's own periodic work: jobs of workers that died are run again.

A worker writes a heartbeat every ``OTOP_JOBS_HEARTBEAT_SECONDS``; a job still marked as
running by a worker silent for ``OTOP_JOBS_STALLED_SECONDS`` (killed, machine lost) is put
back in the queue here, so another worker runs it. Jobs must therefore be safe to run twice
(see ``queue``): the dead worker may have done part of the work.
"""
import logging

from django.conf import settings
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)


@app.periodic(cron=settings.OTOP_JOBS_STALLED_CHECK_CRON)
@app.task(queue="jobs", pass_context=True, queueing_lock="retry_stalled_jobs", name="marketplace.jobs.retry_stalled_jobs")
async def retry_stalled_jobs(context, timestamp):
    manager = context.app.job_manager
    this_worker = context.job.worker_id  # alive, since it runs this check, whatever its heartbeat says
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=settings.OTOP_JOBS_STALLED_SECONDS):
        if this_worker is not None and job.worker_id == this_worker:
            # a long job on a loaded machine can hold a worker's heartbeat back: putting its own jobs
            # back would run them twice at once
            continue
        logger.warning("jobs: job %s (%s) of a dead worker is put back in the queue", job.id, job.task_name)
        await manager.retry_job(job)
