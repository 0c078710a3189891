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
server), so a test card pays on the demo with no Stripe account; with keys, it is Stripe. Then, with
``DEBUG`` on, once the web server answers, ``manage.py load_demo_card_order`` runs once beside them with
the same settings: the demo shopper's order of two producers' parcels, paid with the test card, which the
worker charges and localstripe's webhook marks paid, for staff to refund one parcel of. It prints one
line; whatever it fails with is one line of warning, and the marketplace runs on.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from http.client import HTTPException

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
    env = {**LOCAL_KEYS, "STRIPE_API_BASE": url, "STRIPE_JS_URL": f"{url}/js.stripe.com/v3/"}
    process = _start(
        [sys.executable, "-m", "marketplace.payments.localstripe", "--port", url.rsplit(":", 1)[1],
         "--state", str(state), "--webhook", f"{local_url(addrport)}/payments/stripe/webhook/"],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    return process, env


def local_url(addrport):
    """The address of the web server listening on ``addrport``, from this machine."""
    host, _, port = addrport.rpartition(":")
    host = "127.0.0.1" if host in ("", "0.0.0.0", "[::]") else host
    return f"http://{host}:{port}"


def _answers(url):
    """Whether a web server answers at ``url``, whatever it answers."""
    try:
        urllib.request.urlopen(url, timeout=5).close()
    except urllib.error.HTTPError:
        return True
    except (OSError, HTTPException):
        return False
    return True


def _last_line(log):
    """The last line a child wrote to the file ``log`` (a traceback's names the error)."""
    log.seek(0)
    lines = [line.strip() for line in log.read().decode(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


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
        demo_order_due = False  # the demo's card-paid order, placed once the web server answers
        if not settings.STRIPE_SECRET_KEY:
            stripe_server, stripe_env = test_mode_payments(addrport)
            env.update(stripe_env)
            children.append(stripe_server)
            demo_order_due = settings.DEBUG
            self.stdout.write(f"Payments in test mode against localstripe at {stripe_env['STRIPE_API_BASE']} "
                              f"(no STRIPE_SECRET_KEY set): pay with card {TEST_CARD}, any future expiry date, any CVC.")
        children += [
            _start(worker_command(concurrency), env=env),
            _start([sys.executable, manage, "runserver", addrport], env=env),
        ]
        self.stdout.write(f"Worker (pid {children[-2].pid}) and web server (pid {children[-1].pid}) started.")
        demo_order, errors = None, tempfile.TemporaryFile()
        try:
            while all(child.poll() is None for child in children):
                if demo_order_due and _answers(f"{local_url(addrport)}/robots.txt"):
                    demo_order_due = False
                    demo_order = _start([sys.executable, manage, "load_demo_card_order"], env=env, stderr=errors)
                if demo_order is not None and demo_order.poll() is not None:
                    if demo_order.returncode:  # the demo lacks its card order; the marketplace is unharmed
                        self.stdout.write(self.style.WARNING(
                            f"Warning: the demo's card-paid order was not placed: {_last_line(errors)}"))
                    demo_order = None
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass  # Ctrl-C or SIGTERM: stop everything below
        finally:
            if demo_order is not None and demo_order.poll() is None:
                children.append(demo_order)
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
