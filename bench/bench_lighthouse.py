"""Lighthouse on the shop's home, a category and a product page, mobile profile (issue 16).

The demo catalogue (``load_demo_catalog``, ``load_demo_accounts``, ``load_demo_content``) in its own
database (``OTOP_DB_NAME``, default ``otop_bench_lighthouse``, or the one ``DATABASE_URL`` names), served
as in production: gunicorn with ``infra/gunicorn.conf.py`` on a free port of 127.0.0.1, production
settings (``DEBUG`` off), static files collected and served by WhiteNoise from the web process, and in
front of it what ``infra/nginx.conf.template`` does besides TLS: ``/media/`` served from ``MEDIA_ROOT`` (not
``/media/moderation/``), the rest passed to gunicorn (a small front server in this script, as nginx is not
installed here). Lighthouse is the npm package pinned in
package.json's devDependencies (``make static-deps`` installs it), driving Debian's Chromium
(``CHROME_PATH``, default /usr/bin/chromium): no browser is downloaded. It prints, per page, the four
category scores and LCP, CLS and TBT (the median of ``--runs`` runs).

    .venv/bin/python bench/bench_lighthouse.py [--runs 3] [--keep-reports DIR]

Figures vary with the machine's load (Lighthouse's mobile profile simulates a slow phone and network
from what it measures); the load average is printed before and after.
"""
import argparse
import http.client
import json
import mimetypes
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.request import urlopen

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from databases import named, point_at  # noqa: E402

DB_NAME = os.environ.get("OTOP_DB_NAME") or named("otop_bench_lighthouse")
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"LCP": "largest-contentful-paint", "CLS": "cumulative-layout-shift", "TBT": "total-blocking-time"}
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "marketplace.settings.production", "OTOP_DB_NAME": DB_NAME,
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "false",
}
point_at(os.environ, DB_NAME)  # bench_graphql's server reads it when imported (DATABASE_URL's server too)
# Lighthouse loads one page at a time: two workers serve it as well as five, with fewer connections
# held on a database server that may be shared.
os.environ.setdefault("GUNICORN_WORKERS", "2")

from bench_graphql import free_port, start_server  # noqa: E402  gunicorn as in production, on a free port


def manage(*args, production=False):
    env = {**os.environ, "OTOP_DB_NAME": DB_NAME, **(SERVER_ENV if production else {})}
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare():
    """Migrate and load the demo data once (later runs reuse it), index it for search, collect static files."""
    point_at(os.environ, DB_NAME)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(REPO))
    manage("migrate", "--noinput")
    import django

    django.setup()
    from oscar.core.loading import get_model

    if not get_model("catalogue", "Product").objects.exists():
        print(f"loading the demo data into {DB_NAME} ...", flush=True)
        for command in ("load_demo_catalog", "load_demo_accounts", "load_demo_content"):
            manage(command)
    manage("search_reindex")  # no worker runs here: the category page reads the search index
    manage("collectstatic", "--noinput", production=True)


def pages() -> dict:
    """The home page, the category with the most listed products, and the first featured product."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from marketplace.catalog import listing
    from marketplace.catalog.models import CategoryNames

    with translation.override("th"):
        listed = listing.listable()
        busiest = (listed.values("profile__otop_category").annotate(n=Count("pk")).order_by("-n")
                   .values_list("profile__otop_category", flat=True).first())
        category = CategoryNames.objects.select_related("category").get(code=busiest).category
        product = listed.order_by("pk").first()
        return {"home": reverse("home"), "category": category.get_absolute_url(), "product": product.get_absolute_url()}


def front_server(port, upstream_port, media_root: Path):
    """What nginx does in front of gunicorn (infra/nginx.conf.template), without TLS: media files from
    disk, everything else proxied. Returns the running server (``shutdown()`` stops it)."""

    class Front(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path.startswith("/media/") and not path.startswith("/media/moderation/"):
                return self._media(path)
            upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
            upstream.request("GET", self.path, headers={**headers, "X-Forwarded-For": self.client_address[0]})
            response = upstream.getresponse()
            body = response.read()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("connection", "keep-alive", "transfer-encoding", "content-length", "server"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            upstream.close()

        def _media(self, path):
            file = (media_root / path[len("/media/"):]).resolve()
            if not file.is_relative_to(media_root.resolve()) or not file.is_file():
                self.send_error(404)
                return
            body = file.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(file.name)[0] or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Front)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lighthouse(url, report: Path, attempts=3) -> dict:
    """One Lighthouse run (its default mobile profile, simulated throttling); scores 0–100, metrics.
    A run that Lighthouse itself gives up on (NO_NAVSTART and other trace-recording errors, which a
    busy machine causes now and then) is tried again, up to ``attempts`` times in all."""
    for attempt in range(1, attempts + 1):
        finished = subprocess.run(
            [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"],
            env={**os.environ, "CHROME_PATH": CHROME})
        data = json.loads(report.read_text()) if finished.returncode == 0 and report.exists() else {}
        error = data.get("runtimeError") if data else f"exit status {finished.returncode}"
        if not error:
            break
        print(f"Lighthouse on {url}, attempt {attempt} of {attempts}: {error}", file=sys.stderr, flush=True)
    else:
        raise RuntimeError(f"Lighthouse on {url}: {error}")
    scores = {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    metrics = {name: data["audits"][audit]["numericValue"] for name, audit in METRICS.items()}
    return {**scores, **metrics}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median of each figure is shown")
    parser.add_argument("--keep-reports", type=Path, help="keep Lighthouse's JSON reports in this directory")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make static-deps` (npm ci installs the pinned lighthouse)")
    if not Path(CHROME).exists():
        raise SystemExit(f"no Chromium at {CHROME}: `make system-deps` installs Debian's (set CHROME_PATH otherwise)")
    prepare()
    urls = pages()
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Lighthouse {version}, mobile profile, {CHROME}; gunicorn, production settings, DEBUG off, "
          f"{os.cpu_count()} CPUs; {args.runs} run(s) per page, medians; load average {os.getloadavg()[0]:.1f}")
    from django.conf import settings

    upstream_port, port = free_port(), free_port()
    server = start_server(upstream_port)
    front = front_server(port, upstream_port, Path(settings.MEDIA_ROOT))
    reports = args.keep_reports or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    reports.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for name, path in urls.items():
            url = f"http://127.0.0.1:{port}{path}"
            urlopen(url, timeout=30).read()  # warm the worker's caches
            runs = [lighthouse(url, reports / f"{name}-{i + 1}.json") for i in range(args.runs)]
            rows.append((name, path, {key: statistics.median(run[key] for run in runs) for key in runs[0]}))
    finally:
        front.shutdown()
        server.terminate()
        server.wait(timeout=30)
    print(f"{'page':9} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'LCP s':>6} {'CLS':>6} {'TBT ms':>7}  path")
    for name, path, r in rows:
        print(f"{name:9} {r['performance']:5.0f} {r['accessibility']:5.0f} {r['best-practices']:5.0f} {r['seo']:5.0f} "
              f"{r['LCP'] / 1000:6.2f} {r['CLS']:6.3f} {r['TBT']:7.0f}  {path}")
    print(f"load average after: {os.getloadavg()[0]:.1f}; reports in {reports}")


if __name__ == "__main__":
    main()
