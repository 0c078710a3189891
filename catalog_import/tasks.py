"""The dashboard import's jobs: check an uploaded file, then write it once confirmed
(``runs`` does the work; both are safe to run again after a worker died)."""
from catalog_import import runs
from marketplace.jobs import queue


@queue.job(queue="imports")
def check_run(*, run_id):
    runs.check(run_id)


@queue.job(queue="imports")
def write_run(*, run_id):
    runs.write(run_id)
