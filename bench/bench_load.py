"""Load test with locust (headless, bounded in users and time) against gunicorn on 127.0.0.1 with
production settings, on the 20,000-product catalogue of bench_graphql.py (its database, imported once).

Two mixes, each at 8 and 32 users for ``--seconds`` (default 30) after a warm-up:
- shoppers: home, a category, a product page, search in Thai and in English, add to basket (pages in
  Thai and English);
- GraphQL: the storefront's catalogue operations (ProductList of 24 cards, ProductListPaginated with
  totalCount, the same sorted by price, ProductDetails, search).
Prints throughput, p50/p95/p99 and errors per mix and per request kind. Locust runs in its own
virtualenv (``make bench-venv``: .venv-bench from requirements-bench.lock) and shares the 2 CPUs with
the server: the figures are what one machine does serving and loading itself.

    .venv/bin/python bench/bench_load.py [--seconds 30] [--users 8,32]
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

import bench_graphql  # noqa: E402  its 20k catalogue and gunicorn server
from graphql_client import DETAILS, LISTING, SEARCH, SHORT_LISTING  # noqa: E402
from machine import load  # noqa: E402

LOCUST = REPO / ".venv-bench" / "bin" / "locust"
LOCUSTFILE = REPO / "bench" / "load" / "locustfile.py"
SEARCH_TH = ["ผ้าไหม", "กาแฟ", "สบู่", "ผ้าทอ", "น้ำพริก", "เครื่องปั้นดินเผา", "จักสาน", "ข้าว"]
SEARCH_EN = ["silk", "coffee", "soap", "basket", "rice", "ceramic", "chili paste", "scarf"]


def plan(port):
    """The URLs and operations the users pick from, read from the served database."""
    from django.urls import reverse
    from django.utils import translation
    from oscar.core.loading import get_model

    from marketplace.catalog import listing

    listed = list(listing.listable().order_by("?")[:400])
    categories = get_model("catalogue", "Category").objects.filter(product__in=listed).distinct()[:40]
    with translation.override("th"):  # paths without the language prefix; the users add /en for English
        products = [p.get_absolute_url() for p in listed]
        category_urls = [c.get_absolute_url() for c in categories]
        basket = [(p.pk, p.get_absolute_url()) for p in listed[:100]]
    slugs = [f"{p.slug}-{p.pk}" for p in listed]
    lang = {"channel": "th-thb", "lang": "TH"}
    operations = [
        ["ProductList", SHORT_LISTING.replace("$first: Int = 9", "$first: Int = 24"), lang],
        ["ProductListPaginated", LISTING, {**lang, "first": 24}],
        ["ProductListPaginated by price", LISTING, {**lang, "first": 24,
                                                     "sortBy": {"field": "PRICE", "direction": "ASC"}}],
        ["ProductDetails", DETAILS, {**lang, "slug": None}],
        ["search", SEARCH, {**lang, "search": "ผ้าไหม", "sortBy": "RANK", "sortDirection": "DESC", "first": 24}],
        ["search (English)", SEARCH, {**lang, "lang": "EN", "search": "silk", "sortBy": "RANK", "sortDirection": "DESC", "first": 24}],
    ]
    assert reverse("otop_basket:add", kwargs={"pk": 1})
    return {"origin": f"https://127.0.0.1:{port}", "products": products, "categories": category_urls,
            "basket": basket, "slugs": slugs, "search_th": SEARCH_TH, "search_en": SEARCH_EN,
            "operations": operations}


def collect_static():
    """Production settings serve hashed static files from a manifest: collect them as a deployment does."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
           "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO, env=env, check=True)


def run_locust(port, plan_file, user_class, users, seconds, out_dir):
    prefix = out_dir / f"{user_class}-{users}"
    subprocess.run([str(LOCUST), "-f", str(LOCUSTFILE), user_class, "--headless", "-u", str(users),
                    "-r", str(users), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
                    "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"],
                   env={**os.environ, "OTOP_LOAD_PLAN": str(plan_file)}, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # its own summary: the CSV has it
    with open(f"{prefix}_failures.csv", encoding="utf-8") as f:
        for failure in list(csv.DictReader(f))[:5]:
            print(f"  failed: {failure['Method']} {failure['Name']}: {failure['Error'][:160]} "
                  f"({failure['Occurrences']} times)")
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def row(label, stats):
    return (f"| {label} | {float(stats['Requests/s']):.1f} | {stats['50%']} | {stats['95%']} | {stats['99%']} | "
            f"{stats['Failure Count']} of {stats['Request Count']} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", default="8,32")
    args = parser.parse_args()
    if not LOCUST.exists():
        raise SystemExit("locust is not installed: run `make bench-venv` (or `make bench`)")
    bench_graphql._django()
    total, listable = bench_graphql.ensure_catalog()
    collect_static()
    port = bench_graphql.free_port()
    server = bench_graphql.start_server(port)
    random.seed(11)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            plan_file = out / "plan.json"
            plan_file.write_text(json.dumps(plan(port), ensure_ascii=False), encoding="utf-8")
            print(f"{total:,} products ({listable:,} listable); gunicorn, production settings, "
                  f"{os.cpu_count()} CPUs shared with locust; load average before: {load()}")
            run_locust(port, plan_file, "Shopper", 4, 10, out)  # warm-up: caches, connections
            for user_class, label in (("Shopper", "shoppers"), ("StorefrontClient", "GraphQL")):
                for users in (int(u) for u in args.users.split(",")):
                    rows = run_locust(port, plan_file, user_class, users, args.seconds, out)
                    print(f"\n{label}, {users} users, {args.seconds} s (load average after: "
                          f"{os.getloadavg()[0]:.1f})")
                    print("| request | req/s | p50 ms | p95 ms | p99 ms | errors |\n| --- | --- | --- | --- | --- | --- |")
                    for stats in rows:
                        print(row(stats["Name"] if stats["Name"] != "Aggregated" else "**all**", stats))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
