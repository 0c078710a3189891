"""gunicorn settings for the marketplace: `gunicorn marketplace.wsgi -c infra/gunicorn.conf.py`."""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One request at a time per process (gunicorn's sync worker; nginx in front buffers the requests
# and answers of slow clients), two processes per CPU. The marketplace's requests are Python work,
# not waiting: with two threads a process, two requests share one interpreter lock and both take
# twice as long, and the slowest answers suffer most. Measured on the 2-CPU machine
# (bench_targets' ProductList, 24 cards, 8 clients at once, no cache; README "Against the
# targets"): 5 workers of 2 threads p95 113-126 ms; 2, 3, 4 and 5 workers of 1 thread 62-66,
# 67-74, 69-71 and 79-88 ms. Two per CPU keeps a spare process for a request waiting on Stripe,
# S3 or Elasticsearch. The price: pages that wait on more SQL (bench_load's shoppers at 8 users)
# lose about a fifth of their throughput (README, bench_load), while every mix's slowest answers
# get shorter.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 30
max_requests = 2000  # recycle workers to bound memory growth
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Load what every request needs (URLs and their reverse lookups, views, the GraphQL schema,
    the Thai dictionary and glossary of search, the shop's page templates), then take those
    objects out of the cyclic garbage collector's view (``gc.freeze``) and let it run less often.

    Without the loading, each new worker's first requests took 0.2–3 s (the Thai dictionary alone
    1.4 s, the reverse lookups 0.5 s), and workers are replaced every ~2,000 requests.

    A request allocates tens of thousands of short-lived objects, nearly all freed by reference
    counting; with Python's default thresholds the collector still ran ~4 times a request,
    re-scanning Django's and the schema's long-lived objects (2.9 ms of a 30 ms GraphQL listing,
    measured with gc.callbacks; 1.1 ms after this)."""
    import gc

    from django.template.loader import get_template
    from django.urls import get_resolver, reverse

    import marketplace.graphql.schema  # noqa: F401  (built on import)
    from marketplace.catalog import version
    from marketplace.search import service

    get_resolver().url_patterns  # imports every URL module and view
    reverse("home")  # builds the reverse lookups of every URL
    service.warm_up()
    version.release()  # the digest of the code that kept pages are keyed on
    for name in ("otop/home.html", "otop/product_list.html", "otop/province_detail.html", "otop/search.html",
                 "oscar/catalogue/detail.html", "oscar/basket/basket.html"):
        get_template(name)  # compiled once into the cached loader
    gc.collect()
    gc.freeze()
    gc.set_threshold(5000, 20, 100)
