"""Every benchmark script runs: `make bench` at the smallest sizes, on a small stand-in for the
shared samples (the demo programme file as catalog-20k.csv, judged queries made from its truth
facts), in databases of their own (``OTOP_BENCH_DB_SUFFIX``), dropped afterwards.

Three benches had stopped working unseen (a card confirmation sent to api.stripe.com, an import
queue that imported nothing, a database of the developer's written into): each run here must
finish and print its figures, not merely start. Figures are never compared with anything: speed
is what the benches print, not what tests assert.
"""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DEMO_CSV = REPO / "catalog_import" / "demo" / "export-ready-2024.csv"
SUFFIX = "smoke" + os.environ.get("OTOP_TEST_DB_SUFFIX", "")
NUMBER = r"[\d,]+(\.\d+)?"


def write_samples(directory: Path) -> Path:
    """A shared directory as the benches read it (``bench/samples.py``), from the project's files:
    the demo programme file for catalog-20k.csv, its truth facts, and a judged query per product
    type (its English material, every product of the type relevant)."""
    records = directory / "programme-records"
    records.mkdir(parents=True)
    shutil.copy(DEMO_CSV, records / "catalog-20k.csv")
    shutil.copy(DATA / "export-ready-2024.truth.jsonl", records / "catalog-20k.truth.jsonl")
    by_material = {}
    for line in (DATA / "export-ready-2024.truth.jsonl").read_text(encoding="utf-8").splitlines():
        fact = json.loads(line)
        by_material.setdefault(fact["material_en"], {})[fact["code"]] = 2
    with (records / "catalog-20k.queries.jsonl").open("w", encoding="utf-8") as out:
        for material, relevant in sorted(by_material.items()):
            out.write(json.dumps({"query": material, "relevant": relevant}, ensure_ascii=False) + "\n")
    return directory


@pytest.fixture(scope="module")
def bench_env(tmp_path_factory, django_db_blocker):
    shared = write_samples(tmp_path_factory.mktemp("shared"))
    env = {key: value for key, value in os.environ.items()
           if key not in ("OTOP_DB_NAME", "OTOP_BENCH_DB_20K", "OTOP_BENCH_DB_100K", "DJANGO_SETTINGS_MODULE")}
    env.update(OTOP_SHARED=str(shared), OTOP_BENCH_DB_SUFFIX=SUFFIX, OTOP_BENCH_GROWTH_DIR=str(shared / "growth"),
               PYTHONUNBUFFERED="1")
    with django_db_blocker.unblock():
        _drop_bench_databases()  # an earlier run's, stopped halfway
    yield env
    with django_db_blocker.unblock():
        _drop_bench_databases()
    shutil.rmtree(REPO / "var" / f"bench_{SUFFIX}", ignore_errors=True)


def _drop_bench_databases():
    """The smoke runs' databases, on the server the tests use (the embedded one, or DATABASE_URL's)."""
    import psycopg
    from django.db import connection

    params = {**connection.get_connection_params(), "dbname": "postgres"}
    with psycopg.connect(**params, autocommit=True) as admin:
        names = admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"%\\_{SUFFIX}"]).fetchall()
        for (name,) in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_bench(env, script, *args, timeout=600):
    done = subprocess.run([sys.executable, str(REPO / "bench" / script), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{script} failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    assert "skipped" not in done.stdout, done.stdout
    return done.stdout


def figures(output, pattern):
    """The lines of ``output`` matching ``pattern``: at least one, or the bench printed no figure."""
    found = [line for line in output.splitlines() if re.search(pattern, line)]
    assert found, f"no line matches {pattern!r}:\n{output}"
    return found


# Each bench at its smallest: what it is run with, and a line each of its figures must print.
# The order matters: the GraphQL, kept-answers, targets and load benches share bench_graphql's
# database (imported once), the targets read the growth bench's results.
BENCHES = [
    ("bench_import.py", (), [rf"import into an empty catalog: 150 rows in {NUMBER} s = {NUMBER} rows/s .*created 150",
                             r"import again, unchanged: .*unchanged 150", r"search indexing of the imported products: 114 products"]),
    ("bench_import_queue.py", (), [r"check \(dry run, preview\)\s+" + NUMBER + " s",
                                   r"write, after the officer confirms.*\(created 150, rejected 0\)",
                                   rf"upload to imported.*{NUMBER} rows/s"]),
    ("bench_jobs.py", ("40",), [rf"enqueue, one transaction each:\s+{NUMBER} jobs/s",
                                rf"run, 1 worker, concurrency 4:\s+{NUMBER} jobs/s \(\d+ no-op jobs\)"]),
    ("bench_checkout.py", ("--orders", "2", "--k", "2", "--n", "4", "--rounds", "1"),
     [rf"API checkout, .* 4 worker\(s\): {NUMBER} orders/s", rf"domain checkout .* 1 worker\(s\): {NUMBER} orders/s",
      r"oversell total over 1 rounds: successes=2 \(expected 2\) refusals=2 deadlocks=0 other=0"]),
    ("bench_media.py", (), [rf"photo 4000×3000 JPEG\s+{NUMBER} MB\s+{NUMBER} ms",
                            rf"programme record 20,000-row CSV\s+{NUMBER} MB\s+{NUMBER} ms"]),
    ("bench_spreadsheet_memory.py", ("csv", "empty-cells-bomb", "shared-strings-bomb"),
     [rf"^csv: .*peak {NUMBER} MB", r"empty-cells-bomb: .*refused", r"shared-strings-bomb: .*refused"]),
    ("bench_search_latency.py", ("--sizes", "20000", "100000", "--rounds", "1"),
     [rf"20,000 products \(114 listed\): search call with facets p50 {NUMBER} ms",
      rf"100,000 products \(700 listed\): search call with facets p50 {NUMBER} ms",
      rf"search_reindex end to end: {NUMBER} s, {NUMBER} products/s"]),
    ("bench_search_relevance.py", (), [rf"nDCG@10: {NUMBER}", r"what a product is \(search-kind.queries.jsonl\)"]),
    ("bench_growth.py", ("--sizes", "20000", "100000", "--requests", "3"),
     [rf"20,000 products \(114 listed\): import {NUMBER} s", r"100,000 products \(700 listed\): import",
      rf"products page p50 {NUMBER} ms", r"plot written to"]),
    ("bench_graphql.py", ("--requests", "5"), [rf"ProductListPaginated \(24\)\s+clients=8\s+p50=\s*{NUMBER} ms",
                                               rf"ProductDetails\s+clients=1\s+p50=\s*{NUMBER} ms"]),
    ("bench_targets.py", ("--requests", "5"), [rf"\| category page \(HTML\) p95, 8 clients \| 20,000 \| .* {NUMBER} ms",
                                               r"\| first import of catalog-20k, indexing included \(rows/s\) \| 20,000"]),
    ("bench_kept_through_orders.py", ("--seconds", "1"), [rf"\| 40 products pages .*\| {NUMBER} ms \| {NUMBER} ms",
                                                          r"\| \d+ category pages \(HTML\) \|"]),
    ("bench_graphql_worst.py", ("--runs", "1"), [rf"worst admitted request: .*median {NUMBER} ms"]),
    ("bench_load.py", ("--seconds", "2", "--users", "2"), [r"\| \*\*all\*\* \| .* \| 0 of \d+ \|"]),
    ("bench_lighthouse.py", ("--runs", "1"), [r"^home\s+\d+\s+\d+", r"^product\s+\d+\s+\d+"]),
]


def test_every_bench_is_here():
    """A new bench script gets its smoke run too."""
    scripts = {path.name for path in (REPO / "bench").glob("bench_*.py")}
    assert scripts == {script for script, *_ in BENCHES}


# The benchmarks' own virtualenv (locust, matplotlib), which `make test` builds (`make bench-venv`).
NEEDS_BENCH_VENV = {"bench_load.py", "bench_growth.py"}


@pytest.mark.parametrize("script, args, patterns", BENCHES, ids=[script for script, *_ in BENCHES])
def test_bench_runs_and_prints_its_figures(bench_env, script, args, patterns):
    if script in NEEDS_BENCH_VENV and not (REPO / ".venv-bench" / ".installed").exists():
        pytest.skip("the benchmarks' virtualenv is not built: `make bench-venv` (make test builds it)")
    output = run_bench(bench_env, script, *args)
    for pattern in patterns:
        figures(output, pattern)
    assert "ERRORS" not in output  # bench_graphql_worst: a request the limits admitted was answered with errors
