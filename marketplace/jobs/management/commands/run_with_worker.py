"""``manage.py run_with_worker [ADDRPORT]``: Django's development server and a job worker,
started together and stopped together (what ``make run`` runs).

Each child runs in a process group of its own, and this command stops them (Ctrl-C, or a SIGTERM
sent to it alone, as ``timeout`` or a process manager sends) by signalling those groups, so what
they started stops too: the development server's autoreloader serves from a child process of its
own, which a signal to the server alone left running, holding the port. When either stops on its
own, the other is stopped too, so no worker is left behind.
Production runs them as separate services (``infra/systemd``).

With no ``STRIPE_SECRET_KEY`` in the environment, payments run in test mode against a localstripe
server started here too (its state under ``var/localstripe/``, its signed webhooks sent to this web
server), so a test card pays on the demo with no Stripe account; with keys, it is Stripe.
"""
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def worker_command(concurrency=2):
    """The worker's command line, as ``infra/systemd/otop-worker.service`` runs it."""
    return [sys.executable, str(settings.BASE_DIR / "manage.py"), "procrastinate", "worker",
            f"--concurrency={concurrency}"]


TEST_CARD = "4242 4242 4242 4242"
# The demo's own secrets for localstripe: test-mode values that no real Stripe account accepts.
LOCAL_KEYS = {"STRIPE_SECRET_KEY": "sk_test_localstripe", "STRIPE_PUBLISHABLE_KEY": "pk_test_localstripe",
              "STRIPE_WEBHOOK_SECRET": "whsec_localstripe"}


def test_mode_payments(addrport):
    """Start localstripe for the demo (``marketplace.payments.localstripe``'s command line, a process of
    its own); returns its process and the environment that points the shop at it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    state = settings.VAR_DIR / "localstripe" / "state.pickle"
    state.parent.mkdir(parents=True, exist_ok=True)
    host, _, port = addrport.rpartition(":")
    host = "127.0.0.1" if host in ("", "0.0.0.0", "[::]") else host
    env = {**LOCAL_KEYS, "STRIPE_API_BASE": url, "STRIPE_JS_URL": f"{url}/js.stripe.com/v3/"}
    process = _start(
        [sys.executable, "-m", "marketplace.payments.localstripe", "--port", url.rsplit(":", 1)[1],
         "--state", str(state), "--webhook", f"http://{host}:{port}/payments/stripe/webhook/"],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    return process, env


def _start(command, **options):
    """A child in a process group of its own (led by it), stopped with what it starts by ``_signal``."""
    return subprocess.Popen(command, process_group=0, **options)


def _signal(child, signum):
    try:
        os.killpg(child.pid, signum)
    except ProcessLookupError:  # the group has ended
        pass


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
        env, children = dict(os.environ), []
        if not settings.STRIPE_SECRET_KEY:
            stripe_server, stripe_env = test_mode_payments(addrport)
            env.update(stripe_env)
            children.append(stripe_server)
            self.stdout.write(f"Payments in test mode against localstripe at {stripe_env['STRIPE_API_BASE']} "
                              f"(no STRIPE_SECRET_KEY set): pay with card {TEST_CARD}, any future expiry date, any CVC.")
        children += [
            _start(worker_command(concurrency), env=env),
            _start([sys.executable, manage, "runserver", addrport], env=env),
        ]
        self.stdout.write(f"Worker (pid {children[-2].pid}) and web server (pid {children[-1].pid}) started.")
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass  # Ctrl-C or SIGTERM: stop everything below
        finally:
            # SIGTERM, not SIGINT: a shell that starts a command in the background makes it ignore
            # SIGINT, and its children with it. The worker finishes its running jobs on SIGTERM.
            for child in children:
                _signal(child, signal.SIGTERM)
            deadline = time.monotonic() + 15
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    pass
                _signal(child, signal.SIGKILL)  # whatever is left of its group (the reloader's server)
                child.wait()
