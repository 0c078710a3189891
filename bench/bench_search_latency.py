"""Search speed at 20,000 and 100,000 products: p50/p95 of a search-service call with facets,
p50/p95 of the storefront search page, and full-reindex time and throughput (products/s).

The reindex is timed twice: end to end, as an operator sees it (``manage.py search_reindex`` in
a new process: Python and Django start, the Thai dictionary loads, every name is segmented with
cold caches), and inside this process with the dictionary already loaded (the rebuild alone,
the figure earlier versions printed). Each figure is printed with the machine's load average
(1, 5 and 15 minutes) at its start: the machine is shared, and the load changes them severalfold.

20,000: ../shared/programme-records/catalog-20k.csv as it is (database ``otop_bench_search``,
shared with bench_search_relevance.py). 100,000: the same records five times over with new
product codes and a recent selection year, so that every one of them is listable and indexed
(database ``otop_bench_search_100k``; the scaled CSV is written under var/bench/). Each catalog
is imported once with the project's importer; later runs reuse it.

    .venv/bin/python bench/bench_search_latency.py [--sizes 20000 100000] [--rounds 5] [--reindex-only]

Set OTOP_SHARED to the shared directory when the repository is not checked out beside it.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from databases import named, point_at  # noqa: E402
from samples import CATALOG_20K as CSV_20K  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SCALED_DIR = REPO / "var" / named("bench")  # (the smoke runs' small samples apart)
# OTOP_BENCH_DB_20K / OTOP_BENCH_DB_100K name other databases (one engineer's own copies)
DATABASES = {20000: os.environ.get("OTOP_BENCH_DB_20K") or named("otop_bench_search"),
             100000: os.environ.get("OTOP_BENCH_DB_100K") or named("otop_bench_search_100k")}

# A shopper's mix: Thai without spaces, English, product + place, a misspelling, filters, sorts.
QUERIES = [
    ("ผ้าไหมยกดอก", {}, "relevance"), ("ชามตราไก่", {}, "relevance"), ("rooster bowl", {}, "relevance"),
    ("ผ้าทอเลย", {}, "relevance"), ("ของฝากลำปาง", {}, "relevance"), ("silk scarf", {}, "relevance"),
    ("ผ้าฝ้าย", {"min_stars": 4}, "price"), ("กาแฟ", {"region": "north"}, "relevance"),
    ("สบู่สมุนไพร", {"standards": ("mpc",)}, "stars"), ("rice crackers", {}, "newest"),
    ("ข้าวหอมมะลิ", {"price_max": 300}, "relevance"), ("ผ้า", {}, "relevance"),
    ("ชามตราไก", {}, "relevance"), ("rooster bwol", {}, "relevance"), ("", {"category": "food"}, "price"),
    ("indigo", {"province": "TH-47"}, "relevance"),
]


def scaled_csv(copies=5, first=0, target=None) -> Path:
    """catalog-20k.csv × ``copies`` (copies ``first`` … ``first + copies - 1``: each copy's product
    codes carry its number, so files of different copies never share a code) with a selection year
    inside the validity period; written to ``target`` (default var/bench/catalog-<n>k.csv) once: under
    another name until it is whole, so that a run stopped halfway leaves no short file to be reused."""
    SCALED_DIR.mkdir(parents=True, exist_ok=True)
    target = target or SCALED_DIR / f"catalog-{20 * copies}k.csv"
    if target.exists():
        return target
    sys.path.insert(0, str(REPO))
    from catalog_import.columns import field_for

    this_year_be = time.localtime().tm_year + 543
    width = len(str(first + copies - 1)) if first else 1
    partial = target.with_name(target.name + ".partial")
    with CSV_20K.open(encoding="utf-8-sig", newline="") as src, partial.open("w", encoding="utf-8", newline="") as out:
        reader = csv.reader(src)
        header = next(reader)
        fields = [field_for(cell) for cell in header]  # Thai or English headers, as the import reads them
        code_col, year_col = fields.index("code"), fields.index("year")
        writer = csv.writer(out)
        writer.writerow(header)
        rows = list(reader)
        for copy in range(first, first + copies):
            for row in rows:
                row = list(row)
                area, _, serial = row[code_col].split("-")
                year = this_year_be - 1 - (int(serial) % 2)
                row[code_col] = f"{area}-{year}-{copy:0{width}d}{serial}"
                row[year_col] = str(year)
                writer.writerow(row)
    partial.replace(target)
    return target


def percentiles(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return statistics.median(samples) * 1000, p95 * 1000


def load() -> str:
    return "load " + " ".join(f"{v:.1f}" for v in os.getloadavg())


def reindex_end_to_end(size) -> str:
    """``manage.py search_reindex`` in a new process, timed from its start to its exit."""
    environment = dict(os.environ)
    point_at(environment, DATABASES[size])  # on DATABASE_URL's server when it is set, as this process
    at_start = load()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(REPO / "manage.py"), "search_reindex"], env=environment,
                          capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    indexed = int(done.stdout.split("Indexed ", 1)[1].split(" ", 1)[0])
    return (f"  search_reindex end to end: {seconds:.1f} s, {indexed / seconds:,.0f} products/s ({at_start});"
            f" the command's own figure: {done.stdout.strip()}")


def measure(size, rounds, reindex_only=False):
    """In a child process with its own database: import if needed, reindex, time searches."""
    from django.core.management import call_command
    from django.test import Client

    from catalog_import.importer import import_files
    from marketplace.catalog.models import ProductProfile
    from marketplace.search import service, text

    call_command("migrate", verbosity=0, interactive=False)
    if not ProductProfile.objects.exists():
        source = CSV_20K if size == 20000 else scaled_csv(size // 20000)
        started = time.perf_counter()
        import_files([str(source)])
        print(f"  imported {source.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(reindex_end_to_end(size))
    started = time.perf_counter()
    text.terms("อุ่นเครื่อง")  # load the Thai dictionary once, outside the timings
    dictionary_s = time.perf_counter() - started
    at_start = load()
    started = time.perf_counter()
    indexed = service.reindex()
    reindex_s = time.perf_counter() - started
    print(f"  in-process rebuild, dictionary loaded ({dictionary_s:.1f} s) beforehand: {reindex_s:.1f} s, "
          f"{indexed / reindex_s:,.0f} products/s ({at_start})")
    if reindex_only:
        return
    at_start = load()
    calls, pages = [], []
    client = Client()
    for round_ in range(rounds + 1):
        for q, filters, sort in QUERIES:
            started = time.perf_counter()
            service.search(q, service.Filters(**filters), sort=sort)
            elapsed = time.perf_counter() - started
            params = {"q": q, "sort": sort, **{k: (v[0] if isinstance(v, tuple) else v) for k, v in filters.items()}}
            started = time.perf_counter()
            response = client.get("/en/search/", params)
            page_elapsed = time.perf_counter() - started
            if round_:  # the first round warms caches
                calls.append(elapsed)
                if response.status_code == 200:
                    pages.append(page_elapsed)
    call_p50, call_p95 = percentiles(calls)
    line = (f"{size:>7,} products ({indexed:,} listed): search call with facets p50 {call_p50:.1f} ms, "
            f"p95 {call_p95:.1f} ms")
    if pages:
        page_p50, page_p95 = percentiles(pages)
        line += f"; search page p50 {page_p50:.1f} ms, p95 {page_p95:.1f} ms"
    print(f"{line} ({at_start})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000], choices=sorted(DATABASES))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reindex-only", action="store_true", help="time the reindex, not the searches")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        point_at(os.environ, DATABASES[args.child])
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
        os.environ.pop("ELASTICSEARCH_URL", None)  # the PostgreSQL engine is what this measures
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        measure(args.child, args.rounds, args.reindex_only)
        return
    if not CSV_20K.exists():
        print(f"skipped: {CSV_20K} not found")
        return
    for size in args.sizes:
        subprocess.run([sys.executable, __file__, "--child", str(size), "--rounds", str(args.rounds),
                        *(["--reindex-only"] if args.reindex_only else [])], check=True)


if __name__ == "__main__":
    main()
