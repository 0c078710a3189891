"""Kept answers and pages while orders are placed: how much of the response cache a busy shop keeps.

gunicorn with production settings and the shared cache (as ``bench_graphql.py``) on the 20,000-product
database, asked in turn for many different answers, as a shop's visitors ask: 40 products pages
(``ProductListPaginated`` of 1 to 40 cards) and every category's first three pages. Meanwhile this
process places an "order" every ``--interval`` seconds: one unit of a random product with plenty
left, allocated as the checkout allocates it (``StockRecord.allocate``, in a transaction). Measured
two ways for ``--seconds`` each, the units given back after each:
- now: an allocation that leaves what shoppers are told the same moves only the stock's version
  (``catalog.version``), so the products page's answer and the category page stay kept;
- as before 2026-12-03: every allocation also moves the catalogue's version (what every stock save did),
  so every kept answer and page is worked out again after each order.
Prints p50/p95 of each, with the machine's load and the number of orders placed meanwhile.

    .venv/bin/python bench/bench_kept_through_orders.py [--seconds 20] [--interval 0.25]
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import bench_graphql as graphql  # noqa: E402  (its server, client and catalogue)
from machine import load  # noqa: E402


def orders(stop, placed, interval, as_before):
    """Allocate one unit of a random well-stocked product every ``interval`` seconds until ``stop``."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.db.models import F
    from django.db.models.functions import Coalesce
    from oscar.core.loading import get_model

    from marketplace.catalog import version

    settings.OTOP_API_CACHE_SECONDS = 300  # the version moves only while a cache reads it, as in production
    StockRecord = get_model("partner", "StockRecord")
    records = list(StockRecord.objects.filter(price__isnull=False,
                                              num_in_stock__gte=Coalesce(F("num_allocated"), 0) + 50)
                   .values_list("pk", flat=True)[:2000])
    if not records:
        raise SystemExit("no product has 50 units left to sell")
    try:
        while not stop.is_set():
            pk = random.choice(records)
            with transaction.atomic():
                StockRecord.objects.get(pk=pk).allocate(1)
                if as_before:
                    version.bump()
                    transaction.on_commit(version.bump)
            placed.append(pk)
            stop.wait(interval)
    finally:
        connection.close()


def give_back(placed):
    from django.db import connection, transaction
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    for pk in placed:
        with transaction.atomic():
            StockRecord.objects.get(pk=pk).cancel_allocation(1)
    connection.close()


def measure(asks, seconds, interval, as_before):
    stop, placed = threading.Event(), []
    placing = threading.Thread(target=orders, args=(stop, placed, interval, as_before))
    for ask in asks:  # each kept once before the orders start
        ask()
    at = load()
    placing.start()
    timings, deadline = [], time.perf_counter() + seconds
    try:
        while time.perf_counter() < deadline:
            timings.append(asks[len(timings) % len(asks)]())
    finally:
        stop.set()
        placing.join()
        give_back(placed)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(timings), len(placed), at


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20, help="seconds of asking, each way")
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between two orders")
    args = parser.parse_args()
    os.environ.setdefault("OTOP_API_CACHE_SECONDS", "300")
    graphql._django()
    graphql.ensure_catalog()
    environment = dict(os.environ)
    graphql.point_at(environment, graphql.DB_NAME)  # the database the catalogue was imported into
    # the category page reads the search index; production settings read the collected files' manifest
    subprocess.run([sys.executable, "manage.py", "search_reindex"], cwd=REPO, check=True, env=environment,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=REPO, check=True, stdout=subprocess.DEVNULL,
                   env={**environment, "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
                        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
                        "DJANGO_ALLOWED_HOSTS": "127.0.0.1"})
    from marketplace.catalog.queries import category_tree

    categories = [category.get_absolute_url() for category in category_tree()]
    port = graphql.free_port()
    shared = bool(graphql.cache_url())
    server = graphql.start_server(port)
    pages = [f"{url}?page={page}" for url in categories for page in (1, 2, 3)]
    pages = graphql.existing(port, pages)
    asks = {
        "40 products pages (ProductListPaginated, 1 to 40 cards)": [
            (lambda first: lambda: graphql.post(port, graphql.LISTING, {"first": first, "channel": "th-thb",
                                                                        "lang": "EN"}))(first)
            for first in range(1, 41)],
        f"{len(pages)} category pages (HTML)": [(lambda path: lambda: graphql.get(port, path))(path) for path in pages],
    }
    print(f"an order every {args.interval} s; {args.seconds:g} s of asking a line, 1 client, the addresses in turn; "
          f"production settings, kept answers and pages in {'Redis' if shared else 'each worker'}")
    print("| requests | orders move | p50 | p95 | requests | orders placed | load average; Python loop |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    try:
        for name, ask in asks.items():
            for as_before, label in ((False, "the stock's version (now)"), (True, "the catalogue's version (before)")):
                p50, p95, count, placed, at = measure(ask, args.seconds, args.interval, as_before)
                print(f"| {name} | {label} | {p50:.1f} ms | {p95:.1f} ms | {count} | {placed} | {at} |", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
