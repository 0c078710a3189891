"""``make run``'s command: the web server and a worker start together, the worker runs jobs,
and one Ctrl-C stops both (nothing left running). With no Stripe key, payments run in test mode
against a localstripe it starts too, whose signed webhooks reach the shop."""
import os
import signal
import socket
import subprocess
import sys

import re

import psutil
import requests
import stripe

from jobs_fixtures import BASE_DIR, WORKER_ENV, database_env, wait_for
from marketplace.payments.models import ProcessedStripeEvent
from marketplace.testing import jobs as test_jobs


def start_make_run(port, log, **options):
    """``make run``'s command on the test database, listening on ``port``, its output in the file ``log``."""
    return subprocess.Popen([sys.executable, "manage.py", "run_with_worker", f"127.0.0.1:{port}"], cwd=BASE_DIR,
                            env={**os.environ, **WORKER_ENV, **database_env()}, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT, start_new_session=True, **options)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url):
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.ConnectionError:
        return False


def test_run_with_worker_serves_runs_jobs_and_stops_both_on_ctrl_c(job_queue, tmp_path):
    # given the command make run ends with, started on the test database
    port = _free_port()
    log = tmp_path / "run.log"
    process = start_make_run(port, log)
    children = []
    try:
        # when a job is enqueued
        test_jobs.record.defer(key="make-run")

        # then the shop answers and the worker runs the job
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/en/"), timeout=90, what="the web server")
        wait_for(lambda: test_jobs.runs("make-run", "finished"), timeout=60, what="the worker")
        children = psutil.Process(process.pid).children(recursive=True)
        assert len(children) >= 3  # localstripe, the worker, the web server

        # and with no Stripe key it says payments are in test mode, and a test card's payment at its
        # localstripe reaches the shop as a signed webhook, stored for the worker
        said = re.search(r"test mode against localstripe at (http://127\.0\.0\.1:\d+).*4242 4242 4242 4242",
                         log.read_text())
        assert said, log.read_text()
        localstripe = stripe.StripeClient("sk_test_localstripe", base_addresses={"api": said.group(1)})
        intent = localstripe.v1.payment_intents.create(params={
            "amount": 35000, "currency": "thb", "payment_method": "pm_card_visa", "confirm": True})
        assert intent.status == "succeeded"
        wait_for(lambda: ProcessedStripeEvent.objects.filter(intent_id=intent.id).exists(), timeout=30,
                 what="localstripe's webhook")

        # and one Ctrl-C (SIGINT to the terminal's process group) stops everything
        os.killpg(process.pid, signal.SIGINT)
        process.wait(40)
        _assert_stopped(children, port)
    finally:
        _kill_leftovers(process, children)


def _assert_stopped(processes, port):
    psutil.wait_procs(processes, timeout=10)
    assert not [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not _answers(f"http://127.0.0.1:{port}/en/")


def _kill_leftovers(process, descendants):
    """Never leave a server behind, whatever happened (a grandchild may have left the group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
    for descendant in descendants:
        if descendant.is_running():
            descendant.kill()


def _ignore_sigint():
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_make_run_started_in_the_background_stops_with_everything_it_started(job_queue, tmp_path):
    # given make run's command started as a script's `make run &` starts it: a shell without job
    # control makes a background command ignore SIGINT, and its children inherit that (the
    # development server answers from its autoreloader's child, a grandchild of the command)
    port = _free_port()
    process = start_make_run(port, tmp_path / "run.log", preexec_fn=_ignore_sigint)
    descendants = []
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/en/"), timeout=90, what="the web server")
        descendants = psutil.Process(process.pid).children(recursive=True)
        assert len(descendants) >= 4  # localstripe, the worker, the server's reloader and its server

        # when a process manager (or `timeout`) sends SIGTERM to the command alone, not its group
        process.send_signal(signal.SIGTERM)
        process.wait(40)

        # then nothing it started is left running and the port is free for the next `make run` (before,
        # the server's reloader ignored the SIGINT it was sent, was killed after 15 s, and its child
        # went on serving)
        _assert_stopped(descendants, port)
    finally:
        _kill_leftovers(process, descendants)
