"""The most expensive GraphQL requests the limits admit, against the 100,000-row catalogue.

Builds the candidates that use up the cost ceiling (``marketplace/graphql/limits.py``) in each
way it can be used: one sorted, counted page of as many full product cards as it admits; the
widest search; as many aliased pages of full cards, or of light ones far into the catalogue, as
the ceiling allows; two sorts. Each is checked against the limits in-process (cost printed),
then sent to gunicorn with the production configuration and settings (``bench_graphql.py``'s
server), one client, ten warm-up requests (every worker and thread) and ``--runs`` timed
requests. Prints each one's median and slowest time and the worst; the target is under 1 s.
A candidate the limits refuse is printed as refused, never timed. The machine's speed drifts
(and other work shares it): the Python loop of ``machine.py`` is printed before and
after, ~110 ms on the idle reference machine.

The catalogue is ``bench_search_latency.py``'s 100,000-row file (catalog-20k.csv five times over
with new codes and current selection years; 74,930 products are created from it, every one of
them listable), imported once into its own database (``otop_bench_graphql_100k``); the import
analyses the tables it filled. Runtime: a few minutes once imported (the import itself takes 5–20
minutes on the shared 2-core machine).

    .venv/bin/python bench/bench_graphql_worst.py [--runs N] [--only TEXT]
"""
import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import Request, urlopen

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

import bench_graphql  # noqa: E402  its gunicorn server
import bench_search_latency  # noqa: E402  its 100,000-row catalogue
from databases import named, point_at  # noqa: E402
from graphql_client import CARD_FIELDS, LISTING, SHORT_LISTING  # noqa: E402
from machine import machine_speed  # noqa: E402

DB_NAME = named("otop_bench_graphql_100k")
point_at(os.environ, DB_NAME)  # on DATABASE_URL's server when it is set, never in the database it names
bench_graphql.DB_NAME = DB_NAME
MIN_PRODUCTS = 70_000


def ensure_catalog():
    from oscar.core.loading import get_model

    from marketplace.catalog import listing

    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, check=True)
    products = get_model("catalogue", "Product").objects
    if products.count() < MIN_PRODUCTS:
        source = bench_search_latency.scaled_csv(5)
        print(f"{DB_NAME} has {products.count()} products; importing {source} ...", flush=True)
        subprocess.run([sys.executable, "manage.py", "import_programme_records", str(source)], cwd=REPO,
                       stdout=subprocess.DEVNULL)  # (exits 1: the file repeats some records, refused as duplicates)
    return products.count(), listing.listable().count()


def cursor(offset):
    return base64.b64encode(f"arrayconnection:{offset}".encode()).decode()


def candidates(listable):
    from graphql import parse

    from marketplace.graphql import limits
    from marketplace.graphql.schema import schema

    def cost(query, variables):
        return limits.query_cost(schema.graphql_schema, parse(query), variables)

    def largest_page(variables):
        """The largest ``first`` (at most 100) with which LISTING and ``variables`` pass the ceiling."""
        return next((n for n in range(100, 0, -1) if cost(LISTING, {**variables, "first": n}) <= limits.MAX_COST), 1)

    base = {"channel": "th-thb", "lang": "EN"}
    price = {**base, "sortBy": {"field": "PRICE", "direction": "ASC"}}
    stars = {**base, "sortBy": {"field": "PRICE", "direction": "DESC"},
             "filter": {"attributes": [{"slug": "star-level", "valuesRange": {"gte": 4}}]}}
    by_name = {**base, "sortBy": {"field": "NAME", "direction": "ASC"}}
    page = {**base, "first": 100}
    card = CARD_FIELDS.split("fragment Card on Product {", 1)[1].rsplit("}", 1)[0]
    one_card_page = cost(SHORT_LISTING, {"first": 100, "channel": "th-thb", "lang": "EN"})
    light = "edges { node { id name slug created } }"
    light_cost = cost(f'{{ products(first: 100, after: "{cursor(1)}") {{ {light} }} }}', None)
    deep = listable - 200  # (a catalogue of fewer than 4,300 listed products: its first pages)
    found = {
        f"sorted by PRICE, counted, {largest_page(price)} full cards": (LISTING, {**price, "first": largest_page(price)}),
        f"by PRICE DESC, 4 stars up, counted, {largest_page(stars)} cards": (
            LISTING, {**stars, "first": largest_page(stars)}),
        f"sorted by NAME, counted, {largest_page(by_name)} full cards": (
            LISTING, {**by_name, "first": largest_page(by_name)}),
        "widest search (ผ้า), counted, 100 full cards": (LISTING, {**page, "search": "ผ้า"}),
        "two sorts, 100 light items each": (
            "{ a: products(first: 100, sortBy: {field: PRICE, direction: DESC}) { %s } "
            "b: products(first: 100, sortBy: {field: NAME, direction: DESC}) { %s } }" % (light, light), None),
        f"{min(50, limits.MAX_COST // one_card_page)} aliased pages of 100 full cards": (
            "query ($lang: LanguageCodeEnum!) { " + " ".join(
                f'p{i}: products(first: 100, after: "{cursor(i * 100)}") {{ edges {{ node {{ {card} }} }} }}'
                for i in range(min(50, limits.MAX_COST // one_card_page))) + " }", {"lang": "EN"}),
        f"{min(50, limits.MAX_COST // light_cost)} aliased light pages in the first 1,000": (
            "{ " + " ".join(f'p{i}: products(first: 100, after: "{cursor(i * 18)}") {{ {light} }}'
                            for i in range(min(50, limits.MAX_COST // light_cost))) + " }", None),
        f"{min(50, limits.MAX_COST // light_cost)} aliased light pages near the end": (
            "{ " + " ".join(f'p{i}: products(first: 100, after: "{cursor(max(0, deep - i * 100))}") {{ {light} }}'
                            for i in range(min(50, limits.MAX_COST // light_cost))) + " }", None),
    }
    for name, (query, variables) in found.items():
        yield name, query, variables, cost(query, variables)


def post(port, query, variables):
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = Request(f"http://127.0.0.1:{port}/graphql/", data=body,
                      headers={"Content-Type": "application/json", "X-Forwarded-Proto": "https"})
    started = time.perf_counter()
    try:
        with urlopen(request, timeout=120) as response:
            payload = json.loads(response.read())
    except Exception as error:  # noqa: BLE001  an HTTP 400 carries the refusal
        payload = json.loads(error.read()) if hasattr(error, "read") else {"errors": [{"message": str(error)}]}
    return (time.perf_counter() - started) * 1000, payload


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="time only the candidates whose name holds this")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    from marketplace.graphql import limits

    total, listable = ensure_catalog()
    print(f"catalogue: {total:,} products, {listable:,} listable, in {DB_NAME}; limits: cost {limits.MAX_COST:,} "
          f"(a sort, search or count {limits.WHOLE_CATALOGUE_COST:,}), depth {limits.MAX_DEPTH}, "
          f"{limits.MAX_ALIASES} aliases, pages of 100")
    print(f"load average before: {os.getloadavg()[0]:.1f}; Python loop {machine_speed():.0f} ms",
          flush=True)
    port = bench_graphql.free_port()
    server = bench_graphql.start_server(port, wait=300)  # a loaded 2-core machine may take minutes
    worst = (0, "")
    try:
        for name, query, variables, cost in candidates(listable):
            if args.only and args.only not in name:
                continue
            if cost > limits.MAX_COST:
                print(f"{name:52} cost {cost:>7,}  refused by the limits")
                continue
            for _ in range(10):  # warm every worker and thread (the first search loads the Thai dictionary)
                post(port, query, variables)
            timings, errors = [], set()
            for _ in range(args.runs):
                elapsed, payload = post(port, query, variables)
                timings.append(elapsed)
                errors.update(e["message"][:80] for e in payload.get("errors", []))
            median, slowest = statistics.median(timings), max(timings)
            worst = max(worst, (median, name))
            print(f"{name:52} cost {cost:>7,}  median {median:7.1f} ms  slowest {slowest:7.1f} ms"
                  + (f"  ERRORS: {sorted(errors)}" if errors else ""), flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"worst admitted request: {worst[1]}, median {worst[0]:.0f} ms (target < 1,000 ms)")
    print(f"load average after: {os.getloadavg()[0]:.1f}; Python loop {machine_speed():.0f} ms")


if __name__ == "__main__":
    main()
