"""Benchmark of buying: orders placed per second through the Saleor-compatible checkout API
(checkoutCreate → shipping and billing addresses → deliveryOptionsCalculate → checkoutDeliveryMethodUpdate →
paymentGatewayInitialize → transactionInitialize → card confirmed as Stripe.js would →
transactionProcess → checkoutComplete, in-process through Django's test client) and through
the domain functions, against a localstripe it starts; and the oversell stress (k in stock,
N concurrent checkouts).

Runs in its own database (``OTOP_DB_NAME``, default ``otop_bench_buying``), migrated first.

    .venv/bin/python bench/bench_checkout.py [--orders 60] [--k 10] [--n 40] [--rounds 5]
"""
import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))
from databases import named, point_at  # noqa: E402

DB_NAME = os.environ.get("OTOP_DB_NAME") or named("otop_bench_buying")


def _django(api_base):
    point_at(os.environ, DB_NAME)  # (a database of its own on DATABASE_URL's server too)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ.update(STRIPE_SECRET_KEY="sk_test_bench", STRIPE_PUBLISHABLE_KEY="pk_test_bench",
                      STRIPE_WEBHOOK_SECRET="whsec_bench", STRIPE_API_BASE=api_base,
                      EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    import django
    import stripe

    stripe.api_base = api_base  # the card confirmed as Stripe.js would (tests' stripe_fixtures: module-level API)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bench_product(stock):
    """A listed product of a producer of its own; names unique across runs of this database."""
    import uuid

    from marketplace.testing.factories import ProducerFactory, certified_product

    tag = uuid.uuid4().hex[:12]
    producer = ProducerFactory(slug=f"bench-{tag}", name_th=f"กลุ่มทดสอบ {tag}", name_en=f"Bench group {tag}")
    return certified_product(producer=producer, code=f"BENCH-{tag}", num_in_stock=stock)


def one_order(product, country):
    from django.db import connection

    from buying import address, basket_with
    from marketplace.orders.completion import complete_checkout
    from marketplace.orders.placement import quote_checkout
    from marketplace.payments import intents

    try:
        basket = basket_with((product, 1))
        _method, _charge, total = quote_checkout(basket, country)
        payment = intents.start_payment(basket, amount=total.incl_tax, currency=total.currency)
        intents.pay_with(payment, "pm_card_visa", amount=total.incl_tax, currency=total.currency)
        return complete_checkout(basket, payment=payment, shipping_address=address(country),
                                 email="bench@example.com")
    finally:
        connection.close()


COMPLETE_TIMES = []


def one_api_order(product, country):
    """One order through the API operations a Saleor storefront sends; checkoutComplete timed apart."""
    from django.db import connection
    from django.test import Client

    import test_checkout_graphql as api
    from graphql_client import data

    client = Client()
    try:
        channel = "th-thb" if country == "TH" else "intl-usd"
        checkout = api._checkout(client, channel, product)
        data(api.ADDRESS, {"id": checkout["id"], "address": api.PLACES[country]}, client=client)
        data(api.BILLING, {"id": checkout["id"], "address": api.PLACES[country]}, client=client)
        options = data(api.OPTIONS, {"id": checkout["id"]}, client=client)["deliveryOptionsCalculate"]["deliveries"]
        data(api.DELIVERY, {"id": checkout["id"], "method": options[0]["shippingMethod"]["id"]}, client=client)
        data(api.GATEWAYS, {"id": checkout["id"]}, client=client)
        started = data(api.INITIALIZE, {"id": checkout["id"]}, client=client)["transactionInitialize"]
        intent_id = started["data"]["paymentIntent"]["stripeClientSecret"].split("_secret_")[0]
        from stripe_fixtures import as_browser_pay

        as_browser_pay(intent_id)
        data(api.PROCESS, {"id": started["transaction"]["id"]}, client=client)
        began = time.perf_counter()
        completed = data(api.COMPLETE, {"id": checkout["id"]}, client=client)["checkoutComplete"]
        COMPLETE_TIMES.append(time.perf_counter() - began)
        assert completed["errors"] == [], completed["errors"]
    finally:
        connection.close()


def bench_throughput(orders, workers, place=one_order):
    products = [bench_product(orders) for _ in range(4)]
    jobs = [(products[i % 4], "TH" if i % 2 else "JP") for i in range(orders)]
    latencies = []

    def timed(job):
        started = time.perf_counter()
        place(*job)
        latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(timed, jobs))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return orders / elapsed, statistics.median(latencies), latencies[int(len(latencies) * 0.95) - 1]


def oversell_round(k, n):
    from django.db import OperationalError, connection

    from buying import address, basket_with
    from marketplace.orders.errors import InsufficientStock
    from marketplace.orders.placement import place_order
    product = bench_product(k)
    baskets = [basket_with((product, 1)) for _ in range(n)]
    start = threading.Barrier(n)
    outcome = {"ok": 0, "refused": 0, "deadlock": 0, "other": 0}
    lock = threading.Lock()

    def checkout(basket):
        try:
            start.wait()
            place_order(basket, shipping_address=address("TH"), email="race@example.com")
            key = "ok"
        except InsufficientStock:
            key = "refused"
        except OperationalError as error:
            key = "deadlock" if "deadlock" in str(error) else "other"
        except Exception:  # noqa: BLE001 - counted
            key = "other"
        finally:
            connection.close()
        with lock:
            outcome[key] += 1

    threads = [threading.Thread(target=checkout, args=(b,)) for b in baskets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    product.stockrecords.get().refresh_from_db()
    allocated = product.stockrecords.get().num_allocated
    return outcome, allocated


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=60)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from marketplace.payments.localstripe import start_localstripe

    server, url = start_localstripe(Path(tempfile.mkdtemp(prefix="bench-localstripe-")) / "state.pickle")
    try:
        _django(url)
        print(f"database {DB_NAME}, localstripe at {url}, load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores")
        for workers in (1, 4):
            COMPLETE_TIMES.clear()
            rate, p50, p95 = bench_throughput(args.orders, workers, place=one_api_order)
            complete = sorted(COMPLETE_TIMES)
            print(f"API checkout, 10 operations to checkoutComplete, {workers} worker(s): {rate:.1f} orders/s, "
                  f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms per order; checkoutComplete alone "
                  f"p50 {statistics.median(complete) * 1000:.0f} ms")
        for workers in (1, 4):
            rate, p50, p95 = bench_throughput(args.orders, workers)
            print(f"domain checkout (intent + card confirm + place order + e-mail), {workers} worker(s): "
                  f"{rate:.1f} orders/s, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
        totals = {"ok": 0, "refused": 0, "deadlock": 0, "other": 0}
        for round_no in range(args.rounds):
            outcome, allocated = oversell_round(args.k, args.n)
            for key in totals:
                totals[key] += outcome[key]
            print(f"oversell round {round_no + 1}: k={args.k} N={args.n} successes={outcome['ok']} "
                  f"'only k left' refusals={outcome['refused']} deadlocks={outcome['deadlock']} "
                  f"other errors={outcome['other']} allocated={allocated}")
        print(f"oversell total over {args.rounds} rounds: successes={totals['ok']} (expected {args.k * args.rounds}) "
              f"refusals={totals['refused']} deadlocks={totals['deadlock']} other={totals['other']}")
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
