"""Search relevance on the benchmark catalog: nDCG@10, P@10 and the zero-result rate of the
shopper queries in ../shared/programme-records/catalog-20k.queries.jsonl, scored by
``relevance_score`` (the measures of ../shared/search-relevance/score.py; the engine never reads
the judgments or the truth file). Then the project's own judged queries of what a product *is*
(``data/search-kind.queries.jsonl``: "rice" wants rice before rice crackers and never the
sticky-rice basket, "honey" honey before honey soap), judged by kind of product.

The catalog lives in its own database (``otop_bench_search`` unless OTOP_DB_NAME is set): the
first run imports catalog-20k.csv with the project's importer and indexes it.

``--extended`` also checks queries the engine was never tuned on, generated from the truth
facts of every product type in the catalog (``catalog-20k.truth.jsonl``, read here only): the
usual Thai name, the English form, the material and form, each with a province in Thai and in
English, and one-letter misspellings in Thai and in English. It prints the share of the
first ten results that are that product type (from that province), per kind of query.

    .venv/bin/python bench/bench_search_relevance.py [--per-query] [--extended]

Set OTOP_SHARED to the shared directory when the repository is not checked out beside it.
"""
import argparse
import collections
import csv
import json
import os
import random
import sys
import time
from pathlib import Path

import relevance_score
from databases import named, point_at
from samples import CATALOG_20K as CSV, QUERIES_20K as QUERIES, TRUTH_20K as TRUTH

REPO = Path(__file__).resolve().parent.parent
KIND_QUERIES = REPO / "bench" / "data" / "search-kind.queries.jsonl"
PROVINCES = REPO / "marketplace" / "provinces" / "data" / "provinces.csv"


def django_setup():
    # on DATABASE_URL's server when it is set, never in the database it names (a developer's own)
    point_at(os.environ, os.environ.get("OTOP_DB_NAME") or named("otop_bench_search"))
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


def run(per_query=False, path=QUERIES, title="shopper queries"):
    from marketplace.search import service

    judgments = relevance_score.load_judgments(path)
    if any("relevant_kinds" in j for j in judgments):
        with TRUTH.open(encoding="utf-8") as f:
            truth = {fact["code"]: fact["archetype"] for fact in map(json.loads, f)}
        judgments = relevance_score.with_codes(judgments, truth)
    results = {}
    for judgment in judgments:
        results[judgment["query"]] = service.search(judgment["query"], per_page=10).codes
    scores = relevance_score.score(results, judgments)
    print(f"{title} ({path.name}) — engine: {service.engine().name}; queries: {len(judgments)}")
    print(f"nDCG@10: {scores['ndcg@10']:.3f}")
    print(f"P@10: {scores['p@10']:.3f}")
    print(f"zero-result rate: {scores['zero_result_rate']:.3f}")
    if per_query:
        for text, value in sorted(scores["per_query"].items(), key=lambda kv: kv[1]):
            print(f"  {value:.3f}  {text}")
    return scores


def generated_queries(seed=7):
    """(kind, query, is_wanted(fact)) for every product type, from the truth facts and the CSV."""
    truth = {}
    with TRUTH.open(encoding="utf-8") as f:
        for line in f:
            fact = json.loads(line)
            truth[fact["code"]] = fact
    heads = collections.defaultdict(collections.Counter)
    with CSV.open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            heads[truth[row["รหัสผลิตภัณฑ์"]]["archetype"]][row["ชื่อผลิตภัณฑ์"].split(" ")[0]] += 1
    with PROVINCES.open(encoding="utf-8") as f:
        provinces = {r["iso_code"]: r for r in csv.DictReader(f)}
    rng = random.Random(seed)
    kinds = []
    for archetype in sorted(heads):
        fact = next(t for t in truth.values() if t["archetype"] == archetype)
        head = heads[archetype].most_common(1)[0][0]
        form, material = fact["form_en"], fact["material_en"]
        iso = collections.Counter(t["province_iso"] for t in truth.values()
                                  if t["archetype"] == archetype).most_common(1)[0][0]
        of_type = (lambda a: lambda t: t["archetype"] == a)(archetype)
        from_there = (lambda a, p: lambda t: t["archetype"] == a and t["province_iso"] == p)(archetype, iso)
        cut = rng.randrange(1, len(head))
        last = form.split()[-1]
        cut_en = rng.randrange(1, len(last)) if len(last) > 3 else None
        kinds += [
            ("Thai name", head, of_type),
            ("English form", form, of_type),
            ("English material and form", form if material.split()[-1] in form else f"{material} {form}", of_type),
            ("Thai name + province, unspaced", head + provinces[iso]["name_th"], from_there),
            ("English form + province", f"{form} {provinces[iso]['name_en']}", from_there),
            ("Thai, one letter missing", head[:cut] + head[cut + 1:], of_type),
        ]
        if cut_en:
            kinds.append(("English, one letter missing", form[:len(form) - len(last)] + last[:cut_en]
                          + last[cut_en + 1:], of_type))
    return truth, kinds


def run_extended():
    from marketplace.catalog import listing
    from marketplace.search import service

    truth, kinds = generated_queries()
    listed = set(listing.listable().values_list("profile__programme_code", flat=True))
    precision, zero = collections.defaultdict(list), 0
    for kind, text, wanted in kinds:
        result = service.search(text, per_page=10)
        zero += not result.codes
        available = sum(1 for code in listed if wanted(truth[code]))
        if available:
            good = sum(1 for code in result.codes if wanted(truth[code]))
            precision[kind].append(good / min(10, available))
    print(f"generated queries: {len(kinds)}; zero-result rate {zero / len(kinds):.3f}")
    for kind, values in precision.items():
        print(f"  P@10 {sum(values) / len(values):.3f}  {kind} ({len(values)})")
    every = [v for values in precision.values() for v in values]
    print(f"  P@10 {sum(every) / len(every):.3f}  all")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-query", action="store_true", help="print each query's nDCG@10, worst first")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON too")
    parser.add_argument("--extended", action="store_true", help="also run queries generated from the truth facts")
    args = parser.parse_args()
    if not QUERIES.exists():
        print(f"skipped: {QUERIES} not found")
        return
    django_setup()
    ensure_catalog()
    scores = run(args.per_query)
    if TRUTH.exists():
        run(args.per_query, KIND_QUERIES, "what a product is")
    if args.extended and TRUTH.exists():
        run_extended()
    if args.json:
        print(json.dumps({k: v for k, v in scores.items() if k != "per_query"}))


if __name__ == "__main__":
    main()
