"""Benchmark of the GraphQL API served as in production: gunicorn with infra/gunicorn.conf.py on
127.0.0.1, production settings (DEBUG off), a catalogue of 20,000 imported products in its own database
(``OTOP_DB_NAME``, default ``otop_graphql``; imported from catalog-20k.csv when it has fewer).

Prints p50/p95 latency of ProductList (24 cards with every ProductListItem field),
ProductListPaginated (the same with totalCount and pageInfo; also sorted by price, and asked by a
signed-in shopper, whose answers are never kept) and ProductDetails at 1 and 8 concurrent clients, the SQL statements each request runs, the
machine's load average and the time of a fixed pure-Python loop (these machines' speed drifts
by up to half from minute to minute; the loop, read before each round of the 1-client figures,
shows how fast the machine was).

    .venv/bin/python bench/bench_graphql.py [--requests N] [--only NAME]
    OTOP_API_CACHE_SECONDS=0 .venv/bin/python bench/bench_graphql.py   # without the response cache
"""
import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

REPO = Path(__file__).resolve().parent.parent
CATALOG_SIZE = 20_000
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from graphql_client import DETAILS, LISTING, SHORT_LISTING  # noqa: E402  the API's own storefront-equivalent queries
from databases import named, point_at  # noqa: E402
from machine import machine_speed  # noqa: E402
from samples import CATALOG_20K as CSV  # noqa: E402

DB_NAME = os.environ.get("OTOP_DB_NAME") or named("otop_graphql")

PRODUCT_LIST = SHORT_LISTING.replace("$first: Int = 9", "$first: Int = 24")


def _django():
    point_at(os.environ, DB_NAME)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()


def ensure_catalog():
    """(products, listable products); imports the 20k catalogue when the database has fewer."""
    from oscar.core.loading import get_model

    from marketplace.catalog import listing

    products = get_model("catalogue", "Product").objects
    # Migrate first: on a fresh machine the database exists but has no tables yet.
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, check=True,
                   env={**os.environ, "OTOP_DB_NAME": DB_NAME})
    if products.count() < CATALOG_SIZE:
        print(f"{DB_NAME} has {products.count()} products; importing {CSV.name} ...", flush=True)
        subprocess.run([sys.executable, "manage.py", "import_programme_records", str(CSV)], cwd=REPO, check=True,
                       env={**os.environ, "OTOP_DB_NAME": DB_NAME}, stdout=subprocess.DEVNULL)
    return products.count(), listing.listable().count()


def sample_slugs(n=200):
    from marketplace.catalog import listing

    slugs = [f"{slug}-{pk}" for slug, pk in listing.listable().values_list("slug", "pk")[:5000]]  # the API's slugs
    random.seed(7)
    return random.sample(slugs, min(n, len(slugs)))


SHOPPER = ("bench-shopper@example.com", "bench-shopper-password-8472")  # a customer's account, no producer


def shopper_account():
    """The signed-in shopper's account (created once in the bench's database)."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(email=SHOPPER[0], defaults={"username": "bench-shopper"})
    if created or not user.check_password(SHOPPER[1]):
        user.set_password(SHOPPER[1])
        user.save()


TOKEN_CREATE = "mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password) { token } }"


def statements(query, variables, signed_in=False):
    """SQL statements one request runs (in-process, same code path as the server)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    headers = {}
    if signed_in:
        answer = Client().post("/graphql/", json.dumps({"query": TOKEN_CREATE, "variables": dict(
            zip(("email", "password"), SHOPPER))}), content_type="application/json").json()
        headers["HTTP_AUTHORIZATION"] = f"Bearer {answer['data']['tokenCreate']['token']}"

    def request():
        return Client().post("/graphql/", json.dumps({"query": query, "variables": variables}),
                             content_type="application/json", **headers)

    request()  # a running process: the active channels already known
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200 and b'"errors"' not in response.content, response.content[:300]
    return len(captured)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cache_url():
    """Production's cache, shared by gunicorn's workers: ``OTOP_CACHE_URL`` when set (empty: each
    worker keeps its own in memory), else the Redis on 127.0.0.1:6379 when one answers (its
    database 3, emptied first, so a run starts with nothing kept)."""
    if "OTOP_CACHE_URL" in os.environ:
        return os.environ["OTOP_CACHE_URL"]
    import redis

    url = "redis://127.0.0.1:6379/3"
    try:
        redis.Redis.from_url(url, socket_timeout=2).flushdb()
    except redis.RedisError:
        return ""
    return url


def start_server(port, wait=60):
    """gunicorn with the production configuration (infra/gunicorn.conf.py: 2 × CPUs workers, one
    request at a time each, access log), bound to ``port``, with production's shared cache (``cache_url``)."""
    env = {**os.environ, "OTOP_CACHE_URL": cache_url(),
           "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
           "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "false",
           "GUNICORN_BIND": f"127.0.0.1:{port}"}
    point_at(env, DB_NAME)  # DATABASE_URL's server when it is set (it named another database before)
    server = subprocess.Popen(
        [str(REPO / ".venv" / "bin" / "gunicorn"), "marketplace.wsgi", "-c", str(REPO / "infra" / "gunicorn.conf.py"),
         "--log-level", "warning"], cwd=REPO, env=env, stdout=subprocess.DEVNULL)  # (stdout: the access log)
    deadline = time.time() + wait
    while time.time() < deadline:
        try:
            post(port, "{ channels { slug } }", {})
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start")


def post(port, query, variables, token=None):
    body = json.dumps({"query": query, "variables": variables}).encode()
    headers = {"Content-Type": "application/json", "X-Forwarded-Proto": "https"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = Request(f"http://127.0.0.1:{port}/graphql/", data=body, headers=headers)
    started = time.perf_counter()
    with urlopen(request, timeout=30) as response:
        payload = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if b'"errors"' in payload:
        raise RuntimeError(payload[:300])
    return elapsed


def get(port, path):
    """A page of the server (HTTP GET, as over HTTPS behind the proxy); milliseconds it took."""
    request = Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
    started = time.perf_counter()
    with urlopen(request, timeout=30) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def existing(port, paths) -> list:
    """The pages of ``paths`` the server has: a category of a small catalogue has fewer pages."""
    found = []
    for path in paths:
        try:
            get(port, path)
        except HTTPError as error:
            if error.code != 404:
                raise
        else:
            found.append(path)
    return found


def shopper_token(port):
    """A token for the signed-in shopper, from the server (tokens are signed with its secret key)."""
    body = json.dumps({"query": TOKEN_CREATE, "variables": dict(zip(("email", "password"), SHOPPER))}).encode()
    request = Request(f"http://127.0.0.1:{port}/graphql/", data=body,
                      headers={"Content-Type": "application/json", "X-Forwarded-Proto": "https"})
    with urlopen(request, timeout=30) as response:
        return json.loads(response.read())["data"]["tokenCreate"]["token"]


def measure(port, make_request, total, clients, raw=False):
    with ThreadPoolExecutor(clients) as pool:
        timings = list(pool.map(lambda i: make_request(i), range(total)))
    if raw:
        return timings
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200, help="requests per operation and concurrency")
    parser.add_argument("--only", help="measure only the operations whose name starts with this")
    args = parser.parse_args()
    _django()
    total, listable = ensure_catalog()
    slugs = sample_slugs()
    list_vars = {"first": 24, "channel": "th-thb", "lang": "EN"}
    operations = {
        "ProductList (24)": (PRODUCT_LIST, lambda i: list_vars),
        "ProductListPaginated (24)": (LISTING, lambda i: list_vars),
        "… sorted by PRICE": (LISTING, lambda i: {**list_vars, "sortBy": {"field": "PRICE", "direction": "ASC"}}),
        "ProductDetails": (DETAILS, lambda i: {"slug": slugs[i % len(slugs)], "channel": "th-thb", "lang": "EN"}),
        "… signed-in shopper": (LISTING, lambda i: list_vars),
    }
    signed_in = {"… signed-in shopper"}
    shopper_account()
    if args.only:
        operations = {name: op for name, op in operations.items() if name.startswith(args.only)}
    print(f"load average before: {os.getloadavg()[0]:.1f}; Python loop {machine_speed():.0f} ms")
    print(f"catalogue: {total} products ({listable} listable: current certification, price) in {DB_NAME}; {args.requests} requests per line; "
          f"gunicorn, production settings, DEBUG off, {os.cpu_count()} CPUs; anonymous answers kept "
          f"{os.environ.get('OTOP_API_CACHE_SECONDS', '300')} s (OTOP_API_CACHE_SECONDS; 0: none)")
    sql = {name: statements(query, make(0), signed_in=name in signed_in) for name, (query, make) in operations.items()}
    port = free_port()
    server = start_server(port)
    try:
        token = shopper_token(port)
        for name, (query, make) in operations.items():
            if name in signed_in:
                make_post = lambda i, query=query, make=make: post(port, query, make(i), token)  # noqa: E731
            else:
                make_post = lambda i, query=query, make=make: post(port, query, make(i))  # noqa: E731
            for _ in range(30):  # warm every worker
                make_post(0)
            for clients in (1, 8):
                if clients == 1:
                    # in five rounds, each after a reading of the machine's speed
                    rounds = []
                    for _ in range(5):
                        speed = machine_speed()
                        rounds.append((measure(port, make_post, max(1, args.requests // 5), 1, raw=True), speed))
                    timings = sorted(t for r, _ in rounds for t in r)
                    p50, p95 = statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]
                    detail = "  rounds (p50 @ loop): " + " ".join(
                        f"{statistics.median(r):.1f}@{speed:.0f}" for r, speed in rounds)
                else:
                    p50, p95 = measure(port, make_post, args.requests, clients)
                    detail = ""
                print(f"{name:28} clients={clients}  p50={p50:6.1f} ms  p95={p95:6.1f} ms  "
                      f"SQL statements/request={sql[name]}{detail}", flush=True)
        print(f"load average after: {os.getloadavg()[0]:.1f}; Python loop {machine_speed():.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
