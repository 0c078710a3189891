"""``make saleor-storefront STOREFRONT_DIR=…``: Saleor's storefront (``saleor/storefront``), unchanged,
built against this marketplace and walked through by ``journey.py``.

1. starts the marketplace as ``make run`` does (``manage.py run_with_worker``: web server, job worker
   and, with no Stripe keys set, localstripe), on the demo data ``make demo`` loaded;
2. installs pnpm (the version the storefront's ``packageManager`` names) from the npm registry under
   ``var/saleor-storefront/pnpm`` and runs the storefront's own ``pnpm install --frozen-lockfile`` and
   ``pnpm build`` (code generation from this API's live introspection, then ``next build``), with its
   settings in the environment only; next/font/google gets local stand-in answers
   (``google-fonts.cjs``, ``NEXT_FONT_GOOGLE_MOCKED_RESPONSES``) because fonts.googleapis.com cannot be
   reached here;
3. starts it (``pnpm start``) and runs the journey; stops everything it started.

Nothing in STOREFRONT_DIR is edited; its node_modules, generated code and .next stay there.
"""
import argparse
import functools
import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VAR = ROOT / "var" / "saleor-storefront"
STANDIN_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def wait_for(url, seconds, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"{process.args[0]} exited ({process.returncode}) before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def start_marketplace(port, log):
    """``manage.py run_with_worker``; returns the process and localstripe's URL, which it prints."""
    process = subprocess.Popen([sys.executable, "manage.py", "run_with_worker", f"127.0.0.1:{port}"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True)
    localstripe = None
    for line in process.stdout:
        log.write(line)
        found = re.search(r"localstripe at (http://\S+)", line)
        if found:
            localstripe = found.group(1)
        if "web server" in line and "started" in line:
            break
    threading.Thread(target=lambda: [log.write(line) for line in process.stdout], daemon=True).start()
    if not localstripe:
        raise SystemExit("the marketplace did not start localstripe: unset STRIPE_SECRET_KEY for this run")
    wait_for(f"http://127.0.0.1:{port}/graphql/?query=%7B__typename%7D", 120, process)
    return process, localstripe


def pnpm(storefront):
    """The pnpm the storefront's package.json names, installed from the npm registry."""
    wanted = json.loads((storefront / "package.json").read_text())["packageManager"].split("+")[0]
    prefix = VAR / "pnpm" / wanted
    binary = prefix / "node_modules" / ".bin" / "pnpm"
    if not binary.exists():
        subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", wanted], check=True)
    return str(binary)


def serve_font():
    """The stand-in font over HTTP for the build (Turbopack downloads font files); returns its URL."""
    folder = VAR / "font"
    folder.mkdir(parents=True, exist_ok=True)
    font = Path(os.environ.get("OTOP_STANDIN_FONT", STANDIN_FONT))
    if not font.exists():
        raise SystemExit(f"stand-in font {font} is missing (apt-get install fonts-dejavu-core, "
                         "or set OTOP_STANDIN_FONT)")
    shutil.copyfile(font, folder / "standin.ttf")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/standin.ttf"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def storefront_env(api_port, storefront_port):
    """The storefront's settings (its .env.example names them), for build and start alike."""
    return {
        "NEXT_PUBLIC_SALEOR_API_URL": f"http://127.0.0.1:{api_port}/graphql/",
        "NEXT_PUBLIC_STOREFRONT_URL": f"http://localhost:{storefront_port}",
        "NEXT_PUBLIC_DEFAULT_CHANNEL": "intl-usd",
        "STOREFRONT_CHANNELS": "intl-usd,th-thb",
        "NEXT_PUBLIC_ENABLE_STRIPE_PAYMENTS": "true",
        "ENABLE_STRIPE_PAYMENTS": "true",
        "NEXT_TELEMETRY_DISABLED": "1",
    }


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("storefront", type=Path, help="a checkout of saleor/storefront (commit 60fea090)")
    parser.add_argument("--api-port", type=int, default=8000)
    parser.add_argument("--port", type=int, default=3000, help="the storefront's port")
    parser.add_argument("--skip-build", action="store_true", help="reuse the last build in STOREFRONT_DIR")
    args = parser.parse_args()
    storefront = args.storefront.resolve()
    VAR.mkdir(parents=True, exist_ok=True)
    log = open(VAR / "servers.log", "a", buffering=1)
    print(f"logs of the marketplace and the storefront: {VAR / 'servers.log'}")
    marketplace = store = None
    try:
        marketplace, localstripe = start_marketplace(args.api_port, log)
        print(f"marketplace at http://127.0.0.1:{args.api_port}/, localstripe at {localstripe}")
        env = {**os.environ, **storefront_env(args.api_port, args.port)}
        pnpm_bin = pnpm(storefront)
        env["PATH"] = f"{Path(pnpm_bin).parent}:{env['PATH']}"
        if not args.skip_build:
            # CI=true: pnpm asks no question (it would to replace a node_modules made with another store)
            subprocess.run([pnpm_bin, "install", "--frozen-lockfile", "--store-dir", str(VAR / "pnpm-store")],
                           cwd=storefront, env={**env, "CI": "true"}, check=True)
            answers = VAR / "google-fonts-answers.cjs"  # needs next's own font functions: after the install
            subprocess.run(["node", str(HERE / "google-fonts.cjs"), str(answers), serve_font()],
                           cwd=storefront, check=True)
            env["NEXT_FONT_GOOGLE_MOCKED_RESPONSES"] = str(answers)
            subprocess.run([pnpm_bin, "build"], cwd=storefront, env=env, check=True)
        store = subprocess.Popen([pnpm_bin, "start", "--port", str(args.port)], cwd=storefront, env=env,
                                 stdout=log, stderr=log, start_new_session=True)
        wait_for(f"http://localhost:{args.port}/", 120, store)
        print(f"storefront at http://localhost:{args.port}/")
        journey = subprocess.run([sys.executable, str(HERE / "journey.py"), "--storefront",
                                  f"http://localhost:{args.port}", "--localstripe", localstripe])
        return journey.returncode
    finally:
        stop(store)
        stop(marketplace)


if __name__ == "__main__":
    sys.exit(main())
