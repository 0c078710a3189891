"""How the marketplace's costs grow with the catalogue: the same measurements at 20,000, 100,000 and
1,000,000 products (1,000,000 only here, never in tests).

For each size, in a database of its own created empty (``otop_bench_growth_<size>`` on the embedded
server, or on ``DATABASE_URL``'s; dropped first):
- the programme-record import of the catalogue (catalog-20k.csv as it is, or repeated with new
  product codes and recent selection years: ``bench_search_latency.scaled_csv``; 1,000,000 as ten
  files of 100,000, since a programme file may have at most 200,000 lines), its time and the peak
  memory of the importing process;
- ``manage.py search_reindex`` end to end (a new process, as an operator runs it);
- the database's size;
- the storefront's products page through the API (``ProductListPaginated``: 24 cards with
  ``totalCount``; and the same sorted by price), p50/p95 in-process (Django's test client, no HTTP);
- search calls with facets (bench_search_latency's mix of Thai and English queries), p50/p95.

Each figure is written with the machine's load average and a fixed loop's time at its start
(``machine.load``: the machine is shared). The results go to docs/bench/growth.json (committed; one entry per size, later runs replace earlier ones) and the
plot to docs/bench/growth.png, drawn with matplotlib from the benchmarks' own virtualenv
(``make bench-venv``).

    .venv/bin/python bench/bench_growth.py [--sizes 20000 100000 1000000] [--requests 40] [--plot-only]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))
from databases import named, point_at  # noqa: E402
from machine import load  # noqa: E402
# committed: the plot and the README read every size, the 1,000,000 run is long (OTOP_BENCH_GROWTH_DIR: elsewhere)
OUT = Path(os.environ.get("OTOP_BENCH_GROWTH_DIR", REPO / "docs" / "bench"))
RESULTS = OUT / "growth.json"
PLOT = OUT / "growth.png"
BENCH_PYTHON = REPO / ".venv-bench" / "bin" / "python"


def db_name(size):
    return named(f"otop_bench_growth_{size}")


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples) * 1000, samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))] * 1000


def _django(size):
    point_at(os.environ, db_name(size))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()


def child_import(size, *csv_paths):
    """In its own process (its peak memory is the import's): migrate, then import."""
    from django.core.management import call_command

    from catalog_import.importer import import_files
    from catalog_import.signals import records_imported

    call_command("migrate", verbosity=0, interactive=False)
    from marketplace.search import service

    records_imported.disconnect(dispatch_uid="otop_search_import")  # the index is brought up to date below
    at_start = load()
    started = time.perf_counter()
    summary = import_files(list(csv_paths))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # what the import's signal has the job worker do next (search.tasks.catch_up: a first import
    # rebuilds the whole index), timed in the same process as a worker that has imported would
    index_load, started = load(), time.perf_counter()
    service.sync()
    print(json.dumps({"rows": summary.rows_read, "created": summary.created, "import_s": seconds,
                      "import_peak_mb": peak, "import_load": at_start,
                      "index_s": time.perf_counter() - started, "index_load": index_load}))


def child_drop(size):
    """Drop the size's database and start it again empty (on the embedded server the settings'
    engine creates it on the next connection)."""
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(db_name(size))}")
        if os.environ.get("DATABASE_URL"):  # another server's engine does not create it on connecting
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(db_name(size))}")
    print(json.dumps({}))


def child_measure(size, requests):
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from bench_search_latency import QUERIES
    from graphql_client import LISTING
    from marketplace.catalog import listing
    from marketplace.search import service, text

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        db_bytes = cursor.fetchone()[0]
    result = {"listed": listing.listable().count(), "db_mb": db_bytes / 2 ** 20}
    client = Client()
    variables = {"first": 24, "channel": "th-thb", "lang": "EN"}
    for name, extra in (("list", {}), ("list_price", {"sortBy": {"field": "PRICE", "direction": "ASC"}})):
        body = json.dumps({"query": LISTING, "variables": {**variables, **extra}})
        timings = []
        result[f"{name}_load"] = load()
        for i in range(requests + 3):
            started = time.perf_counter()
            response = client.post("/graphql/", body, content_type="application/json")
            if i >= 3:  # the first requests warm caches
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200 and "errors" not in response.json(), response.content[:300]
        result[f"{name}_p50_ms"], result[f"{name}_p95_ms"] = percentiles(timings)
    text.terms("อุ่นเครื่อง")  # the Thai dictionary, loaded outside the timings

    def searches(name):
        """Every question of the mix, in rounds: the first round is not measured."""
        timings = []
        result[f"{name}_load"] = load()
        for round_ in range(max(2, requests // len(QUERIES)) + 1):
            for q, filters, sort in QUERIES:
                started = time.perf_counter()
                service.search(q, service.Filters(**filters), sort=sort)
                if round_:
                    timings.append(time.perf_counter() - started)
        result[f"{name}_p50_ms"], result[f"{name}_p95_ms"] = percentiles(timings)

    searches("search")
    # the same questions asked again with search results kept (production's OTOP_PAGE_CACHE_SECONDS;
    # this process's memory as the cache): the first round works them out, the others are measured
    settings.OTOP_PAGE_CACHE_SECONDS = 300
    searches("search_kept")
    print(json.dumps(result))


def run_child(size, *args):
    done = subprocess.run([sys.executable, __file__, "--child", str(size), *map(str, args)], capture_output=True,
                          text=True)
    if done.returncode:
        sys.exit(f"{size}: {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


COPIES_PER_FILE = 5  # 100,000 rows: a programme file may have at most 200,000 lines (spreadsheet_bounds)


def sources(size):
    """The files to import for ``size`` products: catalog-20k.csv as it is, 100,000 as one file of
    it repeated (bench_search_latency's), more as several such files (an import takes many files)."""
    from bench_search_latency import CSV_20K, SCALED_DIR, scaled_csv

    if size == 20000:
        return [CSV_20K]
    copies = size // 20000
    if copies <= COPIES_PER_FILE:
        return [scaled_csv(copies)]
    return [scaled_csv(min(COPIES_PER_FILE, copies - first), first,
                       SCALED_DIR / f"catalog-{size // 1000}k-part{first // COPIES_PER_FILE + 1:02d}.csv")
            for first in range(0, copies, COPIES_PER_FILE)]


def measure_size(size, requests):
    from bench_search_latency import CSV_20K

    if not CSV_20K.exists():
        print(f"skipped {size}: {CSV_20K} is not there (the shared programme records)")
        return None
    files = sources(size)
    run_child(size, "drop")
    result = {"size": size, "when": time.strftime("%Y-%m-%d %H:%M")}
    result.update(run_child(size, "import", *files))
    environment = dict(os.environ)
    point_at(environment, db_name(size))
    result["reindex_load"] = load()
    started = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "manage.py"), "search_reindex"], env=environment, check=True,
                   capture_output=True)
    result["reindex_s"] = time.perf_counter() - started
    result.update(run_child(size, "measure", requests))
    print(f"{size:>9,} products ({result['listed']:,} listed): import {result['import_s']:.0f} s "
          f"({result['rows'] / result['import_s']:,.0f} rows/s, peak {result['import_peak_mb']:.0f} MB; "
          f"load {result['import_load']}), reindex {result['reindex_s']:.0f} s "
          f"({result['listed'] / result['reindex_s']:,.0f} products/s; load {result['reindex_load']}), "
          f"database {result['db_mb']:,.0f} MB", flush=True)
    print(f"{'':>9}  products page p50 {result['list_p50_ms']:.1f} ms p95 {result['list_p95_ms']:.1f} ms; "
          f"sorted by price p50 {result['list_price_p50_ms']:.1f} ms p95 {result['list_price_p95_ms']:.1f} ms "
          f"(load {result['list_load']}); search with facets p50 {result['search_p50_ms']:.1f} ms "
          f"p95 {result['search_p95_ms']:.1f} ms (load {result['search_load']}), asked again with results kept "
          f"p50 {result['search_kept_p50_ms']:.2f} ms p95 {result['search_kept_p95_ms']:.2f} ms", flush=True)
    print(f"{'':>9}  the import's indexing as the job worker does it: {result['index_s']:.1f} s "
          f"(load {result['index_load']}); import and indexing together "
          f"{result['rows'] / (result['import_s'] + result['index_s']):,.0f} rows/s", flush=True)
    return result


def plot():
    """Run by the benchmarks' virtualenv's Python (matplotlib): growth.json to growth.png."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted(json.loads(RESULTS.read_text()).values(), key=lambda r: r["size"])
    sizes = [r["size"] for r in rows]
    panels = [
        ("Import and reindex (s)", [("import", "import_s"), ("search_reindex", "reindex_s")]),
        ("Request p50 (ms)", [("products page", "list_p50_ms"), ("… by price", "list_price_p50_ms"),
                              ("search with facets", "search_p50_ms")]),
        ("Request p95 (ms)", [("products page", "list_p95_ms"), ("… by price", "list_price_p95_ms"),
                              ("search with facets", "search_p95_ms")]),
        ("Size (MB)", [("database", "db_mb"), ("import peak memory", "import_peak_mb")]),
    ]
    figure, axes = plt.subplots(1, len(panels), figsize=(16, 4.2))
    for axis, (title, series) in zip(axes, panels):
        for label, key in series:
            axis.plot(sizes, [r[key] for r in rows], marker="o", label=label)
        if title.startswith("Import"):  # what linear growth from the smallest size would give
            first = rows[0]
            axis.plot(sizes, [first["import_s"] * s / sizes[0] for s in sizes], linestyle=":", color="grey",
                      label="import, linear")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("products in the catalogue")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.suptitle("OTOP marketplace: cost by catalogue size (bench/bench_growth.py, 2-core machine)")
    figure.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(PLOT, dpi=110)
    print(f"plot written to {PLOT.relative_to(REPO) if PLOT.is_relative_to(REPO) else PLOT}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        size, what = int(sys.argv[2]), sys.argv[3]
        _django(size)
        if what == "drop":
            return child_drop(size)
        return child_import(size, *sys.argv[4:]) if what == "import" else child_measure(size, int(sys.argv[4]))
    if len(sys.argv) > 1 and sys.argv[1] == "--draw":
        return plot()
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000, 1000000])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--plot-only", action="store_true")
    args = parser.parse_args()
    if not args.plot_only:
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        for size in args.sizes:
            result = measure_size(size, args.requests)
            if result:
                results[str(size)] = result
                RESULTS.parent.mkdir(parents=True, exist_ok=True)
                RESULTS.write_text(json.dumps(results, indent=1))
    if not RESULTS.exists():
        return
    if BENCH_PYTHON.exists():
        subprocess.run([str(BENCH_PYTHON), __file__, "--draw"], check=True)
    else:
        print("no plot: run `make bench-venv` (matplotlib lives in the benchmarks' virtualenv)")


if __name__ == "__main__":
    main()
