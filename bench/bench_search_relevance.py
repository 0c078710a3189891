"""Search relevance on the benchmark catalog: nDCG@10, P@10 and the zero-result rate of the
shopper queries in ../shared/programme-records/catalog-20k.queries.jsonl, scored by
../shared/search-relevance/score.py (the engine never reads the judgments or the truth file).

The catalog lives in its own database (``otop_bench_search`` unless OTOP_DB_NAME is set): the
first run imports catalog-20k.csv with the project's importer and indexes it.

    .venv/bin/python bench/bench_search_relevance.py [--per-query] [--engine postgresql]
"""
import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CSV = SHARED / "programme-records" / "catalog-20k.csv"
QUERIES = SHARED / "programme-records" / "catalog-20k.queries.jsonl"
SCORER = SHARED / "search-relevance" / "score.py"


def django_setup():
    os.environ.setdefault("OTOP_DB_NAME", "otop_bench_search")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def ensure_catalog(csv_path=CSV):
    """Import the catalog once, then bring the index up to date."""
    from catalog_import.importer import import_files
    from marketplace.catalog.models import ProductProfile
    from marketplace.search import service

    if not ProductProfile.objects.exists():
        started = time.perf_counter()
        summary = import_files([str(csv_path)])
        print(f"imported {summary.created} products in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    service.sync()


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(per_query=False):
    from marketplace.search import service

    scorer = load_scorer()
    judgments = scorer.load_judgments(QUERIES)
    results = {}
    for judgment in judgments:
        results[judgment["query"]] = service.search(judgment["query"], per_page=10).codes
    scores = scorer.score(results, judgments)
    print(f"engine: {service.engine().name}; queries: {len(judgments)}")
    print(f"nDCG@10: {scores['ndcg@10']:.3f}")
    print(f"P@10: {scores['p@10']:.3f}")
    print(f"zero-result rate: {scores['zero_result_rate']:.3f}")
    if per_query:
        for text, value in sorted(scores["per_query"].items(), key=lambda kv: kv[1]):
            print(f"  {value:.3f}  {text}")
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-query", action="store_true", help="print each query's nDCG@10, worst first")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON too")
    args = parser.parse_args()
    if not QUERIES.exists():
        print(f"skipped: {QUERIES} not found")
        return
    django_setup()
    ensure_catalog()
    scores = run(args.per_query)
    if args.json:
        print(json.dumps({k: v for k, v in scores.items() if k != "per_query"}))


if __name__ == "__main__":
    main()
