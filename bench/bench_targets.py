"""The performance targets of the whole-catalogue work, measured and printed as one table: each
figure beside its target, with the machine's load average when it was taken.

- the storefront's products page through the API (``ProductListPaginated``: 24 cards with
  ``totalCount``), p50 at 1 client, in the default order and sorted by price, at 20,000 products
  (``bench_graphql``'s database) and at 100,000 (``bench_growth``'s, when it has been built);
- the category page (storefront HTML) at 8 concurrent clients, p95;
- ``ProductList`` (24 cards) at 8 concurrent clients, p95;
- search with facets at 100,000 products, p95, and the first import of catalog-20k in rows/s with
  indexing included: read from the last ``bench_growth.py`` run (docs/bench/growth.json).

gunicorn with the production configuration and settings on 127.0.0.1, as bench_graphql.py.

    .venv/bin/python bench/bench_targets.py [--requests 100]
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import bench_graphql as graphql  # noqa: E402  (its server, client and catalogue)
from bench_growth import RESULTS as GROWTH, db_name as growth_db  # noqa: E402
from databases import point_at  # noqa: E402
from machine import load  # noqa: E402

TARGETS = {  # operation: (target in ms or rows/s, "max" or "min")
    "ProductListPaginated (24, totalCount) p50, 1 client": (15, "max"),
    "… sorted by price p50, 1 client": (20, "max"),
    "category page (HTML) p95, 8 clients": (100, "max"),
    "ProductList (24) p95, 8 clients": (80, "max"),
    "search with facets p95, 1 client": (20, "max"),
    "… the same questions asked again (results kept) p95": (20, "max"),
    "first import of catalog-20k, indexing included (rows/s)": (5000, "min"),
}


def measure_database(db, size, requests, rows):
    """Every served figure at one catalogue size, each with the load at its start."""
    graphql.DB_NAME = db
    environment = dict(os.environ)
    point_at(environment, db)  # the embedded server's database, or the one of that name on DATABASE_URL's server
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, check=True, env=environment)
    # the category page reads the search index (no worker runs here) and, with production settings,
    # the collected static files' manifest
    subprocess.run([sys.executable, "manage.py", "search_reindex"], cwd=REPO, check=True, env=environment,
                   stdout=subprocess.DEVNULL)
    production = {**environment, "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
                  "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
                  "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=REPO, check=True, env=production,
                   stdout=subprocess.DEVNULL)
    category = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from marketplace.catalog.queries import category_tree; print(category_tree()[0].get_absolute_url())"],
        cwd=REPO, env=environment, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    port = graphql.free_port()
    server = graphql.start_server(port)
    variables = {"first": 24, "channel": "th-thb", "lang": "EN"}
    by_price = {**variables, "sortBy": {"field": "PRICE", "direction": "ASC"}}
    try:
        def served(name, request, clients, statistic):
            for _ in range(20):
                request(0)
            at = load()
            p50, p95 = graphql.measure(port, request, requests if clients == 1 else requests * 2, clients)
            rows.append((name, size, p50 if statistic == "p50" else p95, at))

        served("ProductListPaginated (24, totalCount) p50, 1 client", lambda i: graphql.post(
            port, graphql.LISTING, variables), 1, "p50")
        served("… sorted by price p50, 1 client", lambda i: graphql.post(port, graphql.LISTING, by_price), 1, "p50")
        pages = graphql.existing(port, [f"{category}?page={page}" for page in (1, 2, 3)])
        served("category page (HTML) p95, 8 clients", lambda i: graphql.get(port, pages[i % len(pages)]), 8, "p95")
        served("ProductList (24) p95, 8 clients", lambda i: graphql.post(port, graphql.PRODUCT_LIST, variables),
               8, "p95")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _products_in(db) -> int:
    """How many products database ``db`` holds (0 when it has none or no tables yet)."""
    environment = dict(os.environ)
    point_at(environment, db)
    counted = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.db import connection\n"
         "with connection.cursor() as c:\n"
         "    c.execute(\"SELECT to_regclass('catalogue_product') IS NOT NULL\")\n"
         "    exists = c.fetchone()[0]\n"
         "    c.execute('SELECT count(*) FROM catalogue_product' if exists else 'SELECT 0')\n"
         "    print(c.fetchone()[0])"],
        cwd=REPO, env=environment, capture_output=True, text=True)
    lines = counted.stdout.strip().splitlines()
    return int(lines[-1]) if counted.returncode == 0 and lines and lines[-1].isdigit() else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    graphql._django()
    graphql.ensure_catalog()
    rows = []
    measure_database(graphql.DB_NAME, 20000, args.requests, rows)
    growth = json.loads(GROWTH.read_text()) if GROWTH.exists() else {}
    try:
        if "100000" not in growth or _products_in(growth_db(100000)) < 100000:
            raise LookupError  # growth.json is committed; the database it measured is another machine's
        measure_database(growth_db(100000), 100000, args.requests, rows)  # bench_growth's database
    except (LookupError, subprocess.CalledProcessError):
        print("(no 100,000-product database here: run bench/bench_growth.py --sizes 100000 first)")
    for size in (20000, 100000):
        entry = growth.get(str(size))
        if entry:
            rows.append(("search with facets p95, 1 client", size, entry["search_p95_ms"], entry["search_load"]))
            if "search_kept_p95_ms" in entry:
                rows.append(("… the same questions asked again (results kept) p95", size, entry["search_kept_p95_ms"],
                             entry["search_kept_load"]))
    entry = growth.get("20000")
    if entry:  # the import, then the index brought up to date as the import's job does it (not a new process)
        total = entry["import_s"] + entry.get("index_s", entry["reindex_s"])
        rows.append(("first import of catalog-20k, indexing included (rows/s)", 20000, entry["rows"] / total,
                     f"{entry['import_load']} / {entry.get('index_load', entry['reindex_load'])}"))
    print("| operation | products | target | measured | load average (1, 5, 15 min); Python loop | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, size, value, at in rows:
        target, kind = TARGETS[name]
        met = value <= target if kind == "max" else value >= target
        unit = " rows/s" if kind == "min" else " ms"
        bound = "≤" if kind == "max" else "≥"
        print(f"| {name} | {size:,} | {bound} {target:,}{unit} | {value:,.1f}{unit} | {at} | {'yes' if met else 'no'} |")


if __name__ == "__main__":
    main()
