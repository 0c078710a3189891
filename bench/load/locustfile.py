"""Locust users for bench/bench_load.py: a shoppers' mix on the shop's pages and a GraphQL mix of the
storefront's catalogue operations. Runs in its own virtualenv (.venv-bench, requirements-bench.lock):
only locust is imported here. The URLs and operations come from the JSON file in OTOP_LOAD_PLAN,
written by bench_load.py from the database it serves."""
import json
import os
import random
import re

from locust import HttpUser, between, task

PLAN = json.load(open(os.environ["OTOP_LOAD_PLAN"], encoding="utf-8"))
HEADERS = {"X-Forwarded-Proto": "https"}  # production settings: the request counts as HTTPS (no redirect)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Shopper(HttpUser):
    """Home, a category, a product, search in Thai and English, and now and then add to basket."""
    wait_time = between(0, 0)
    weight = int(os.environ.get("OTOP_LOAD_SHOPPERS", "1"))

    def on_start(self):
        self.cookies = {}
        self.language = random.choice(["", "/en"])

    def _get(self, path, name):
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        with self.client.get(self.language + path, name=name, headers={**HEADERS, "Cookie": cookie},
                             allow_redirects=False, catch_response=True) as response:
            self._keep(response)
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response

    def _keep(self, response):
        # Production cookies are Secure; this client speaks http to 127.0.0.1, so it keeps them itself.
        for name, value in response.cookies.items():
            self.cookies[name] = value

    @task(3)
    def home(self):
        self._get("/", "home")

    @task(4)
    def category(self):
        self._get(random.choice(PLAN["categories"]), "category")

    @task(6)
    def product(self):
        self._get(random.choice(PLAN["products"]), "product")

    @task(2)
    def search_thai(self):
        self._get("/search/?q=" + random.choice(PLAN["search_th"]), "search (Thai)")

    @task(2)
    def search_english(self):
        self._get("/search/?q=" + random.choice(PLAN["search_en"]), "search (English)")

    @task(1)
    def add_to_basket(self):
        pk, path = random.choice(PLAN["basket"])
        page = self._get(path, "product")
        found = TOKEN.search(page.text or "")
        if not found:
            return
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        with self.client.post(f"{self.language}/basket/add/{pk}/", name="add to basket",
                              data={"csrfmiddlewaretoken": found.group(1), "quantity": 1},
                              headers={**HEADERS, "Cookie": cookie, "Referer": PLAN["origin"] + self.language + path},
                              allow_redirects=False, catch_response=True) as response:
            self._keep(response)
            if response.status_code not in (200, 302):
                response.failure(f"{response.status_code}")


class StorefrontClient(HttpUser):
    """The storefront's catalogue operations against /graphql/ (its pages' queries)."""
    wait_time = between(0, 0)
    weight = int(os.environ.get("OTOP_LOAD_API_CLIENTS", "1"))

    @task
    def operation(self):
        name, query, variables = random.choice(PLAN["operations"])
        if "$slug" in query:
            variables = {**variables, "slug": random.choice(PLAN["slugs"])}
        with self.client.post("/graphql/", name=name, json={"query": query, "variables": variables},
                              headers=HEADERS, catch_response=True) as response:
            if response.status_code != 200 or b'"errors"' in response.content:
                response.failure(response.text[:200])
