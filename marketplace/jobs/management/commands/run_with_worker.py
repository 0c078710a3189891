"""``manage.py run_with_worker [ADDRPORT]``: Django's development server and a job worker,
started together and stopped together (what ``make run`` runs).

Ctrl-C reaches both (they are in the terminal's process group) and this command waits for
them; when either stops on its own, the other is stopped too, so no worker is left behind.
Production runs them as separate services (``infra/systemd``).
"""
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def worker_command(concurrency=2):
    """The worker's command line, as ``infra/systemd/otop-worker.service`` runs it."""
    return [sys.executable, str(settings.BASE_DIR / "manage.py"), "procrastinate", "worker",
            f"--concurrency={concurrency}"]


def _interrupt(signum, frame):
    """A SIGTERM (a process manager, ``timeout``) stops both, as Ctrl-C does."""
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Run the development server and a background-job worker together."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--concurrency", type=int, default=2, help="jobs the worker runs at once")

    def handle(self, *args, addrport, concurrency, **options):
        signal.signal(signal.SIGTERM, _interrupt)
        manage = str(settings.BASE_DIR / "manage.py")
        children = [
            subprocess.Popen(worker_command(concurrency)),
            subprocess.Popen([sys.executable, manage, "runserver", addrport]),
        ]
        self.stdout.write(f"Worker (pid {children[0].pid}) and web server (pid {children[1].pid}) started.")
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass  # the children got the same Ctrl-C; wait for them below
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 15
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
