"""Start a localstripe server (a stand-in for Stripe's API and Stripe.js) for tests, benchmarks
and the demo: bound to 127.0.0.1 on a free port, with its own state file.

localstripe's own command line listens on every interface and keeps its state in the shared
/tmp/localstripe.pickle, so the server is started from Python with those two things changed.

    .venv/bin/python -m marketplace.payments.localstripe --port 8420 \
        --webhook http://127.0.0.1:8000/payments/stripe/webhook/   # for the demo (see README)
"""
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_LAUNCHER = """
import pickle, sys
from aiohttp import web
import localstripe.resources as resources
from localstripe.server import app

state_file, port = sys.argv[1], int(sys.argv[2])

def load(self):
    try:
        with open(state_file, "rb") as handle:
            self.clear(); self.update(pickle.load(handle))
    except FileNotFoundError:
        pass

def dump(self):
    with open(state_file, "wb") as handle:
        pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)

resources.Store.try_load_from_disk = load
resources.Store.dump_to_disk = dump
web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_localstripe(state_file, port=None):
    """Start localstripe; returns (process, base URL). The caller terminates the process."""
    port = port or free_port()
    process = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(state_file), str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"localstripe exited: {process.stderr.read().decode()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    process.terminate()
    raise RuntimeError("localstripe did not start within 20 s")


def forward_webhooks(base_url, target_url, secret, hook_id="shop", events=None):
    """Have localstripe send its signed events to ``target_url`` (registrations live in memory)."""
    import requests

    response = requests.post(f"{base_url}/_config/webhooks/{hook_id}",
                             json={"url": target_url, "secret": secret, "events": events}, timeout=5)
    response.raise_for_status()


if __name__ == "__main__":
    import argparse
    import os

    parser = argparse.ArgumentParser(description="localstripe for the demo, on 127.0.0.1")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--webhook", help="the shop's webhook URL, e.g. http://127.0.0.1:8000/payments/stripe/webhook/")
    parser.add_argument("--state", help="the file localstripe keeps its state in (default: a new temporary one)")
    args = parser.parse_args()
    state = Path(args.state) if args.state else Path(tempfile.mkdtemp(prefix="localstripe-")) / "state.pickle"
    server, url = start_localstripe(state, port=args.port)
    if args.webhook:
        forward_webhooks(url, args.webhook, os.environ.get("STRIPE_WEBHOOK_SECRET", "whsec_demo"))
    print(f"STRIPE_API_BASE={url} STRIPE_JS_URL={url}/js.stripe.com/v3/  (Ctrl-C stops it)", flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        server.terminate()
