"""Background jobs on Procrastinate, a job queue kept in the project's own PostgreSQL.

Other apps use :mod:`marketplace.jobs.queue` only: ``@queue.job(...)`` declares a job,
``some_job.defer(...)`` enqueues it in the caller's transaction (a rollback leaves no job),
``queue.NETWORK_RETRY`` is the retry policy of jobs that talk to the network and
``queue.bangkok_cron`` writes a schedule in Thai time. This app also keeps the failures staff
see in ``/admin/`` (``models.JobFailure``), recovers jobs of dead workers (``tasks.py``) and
runs the web server and a worker together for development (``manage.py run_with_worker``).
"""
