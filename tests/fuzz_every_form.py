"""A tool, not part of the suite (pytest collects ``test_*.py`` only): crawl the site as each kind of
user and post every field of every form found with hostile values, and open every page found with
hostile values in its query, reporting whatever answers 500 or raises. Run it by naming it:

    FUZZ_PAGES=150 .venv/bin/pytest -p no:cacheprovider -o timeout=3000 -s tests/fuzz_every_form.py [-k staff]

(about five minutes a kind of user at 150 pages on a 2-core machine; the admin's run, ``-k admin``, takes
more than 50 minutes at 400 pages: ``FUZZ_ORDER=reverse`` posts the forms last found first). What it found is kept as tests in
``tests/test_html_hostile_forms.py``; README, Security."""
import collections
import os
import re
import time
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.test import Client

from buying import order_for
from quoting import quoted_silk_and_crackers
from test_graphql_producer_mutations import Side
from test_officers import LAMPANG, officer_of
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]

SKIP = re.compile(r"logout|/admin/|/static/|/media/|thumbnail|placeholder|\.pdf|/download|sitemap|robots|/graphql|"
                  r"/payments/|/i18n/|password-reset|\.csv|\.xlsx|/export")


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms, self.form, self.select, self.textarea = [], [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": []}
            self.forms.append(self.form)
        elif self.form is not None and tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                self.form["fields"].append((a["name"], kind, None, [a.get("value", "on")]))
                return
            self.form["fields"].append((a["name"], kind, a.get("value", ""), []))
        elif self.form is not None and tag == "select" and a.get("name"):
            self.select = [a["name"], "select", None, []]
            self.form["fields"].append(self.select)
        elif self.select is not None and tag == "option":
            self.select[3].append(a.get("value", ""))
            if "selected" in a or self.select[2] is None:
                self.select[2] = a.get("value", "")
        elif self.form is not None and tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], "textarea", "", []]
            self.form["fields"].append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


HOSTILE = ["", "x" * 5000, "-1", "99999999999999999999", "1e400", "NaN", "๑๒", "../../x", "2026-02-30",
           "<b>x</b>", " ", "0", "1.5", "a,b", "%", "\u202e"]


def _crawl_and_fuzz(client, starts, limit=int(os.environ.get('FUZZ_PAGES', 150)), skip=SKIP):
    seen, queue, forms, problems = set(), collections.deque(starts), {}, []
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or skip.search(url):
            continue
        seen.add(url)
        try:
            response = client.get(url)
        except Exception as exc:  # noqa
            problems.append(("GET", url, repr(exc)[:200]))
            continue
        if response.status_code >= 500:
            problems.append(("GET", url, response.status_code))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parts = urlsplit(url)
        keys = {k for k, _ in parse_qsl(parts.query)} | {"page", "sort_by", "q"}
        for key in keys:
            for hostile in ("-1", "99999999999999999999", "x" * 3000, "๑"):
                query = dict(parse_qsl(parts.query), **{key: hostile})
                try:
                    answer = client.get(parts.path, query)
                except Exception as exc:  # noqa
                    problems.append(("GETQ", parts.path, key, hostile[:20], repr(exc)[:200]))
                    continue
                if answer.status_code >= 500:
                    problems.append(("GETQ", parts.path, key, hostile[:20], answer.status_code))
        page = Page()
        page.feed(response.content.decode(errors="replace"))
        for link in page.links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.netloc in ("", "testserver") and parts.path.startswith("/") and not parts.path.startswith("/en/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        for form in page.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            action = urlsplit(action)
            if action.netloc not in ("", "testserver") or skip.search(action.path):
                continue
            key = (re.sub(r"\d+", "N", action.path), form["method"], tuple(sorted(f[0] for f in form["fields"])))
            if key in forms:
                continue
            forms[key] = (action.path, form)
    found = list(forms.items())
    if os.environ.get("FUZZ_ORDER") == "reverse":  # a second run of a long crawl posts the forms last found first
        found.reverse()
    for (pattern, method, names), (path, form) in found:
        base = {}
        for name, kind, value, options in form["fields"]:
            if name == "csrfmiddlewaretoken":
                continue
            if value is None and kind in ("checkbox", "radio"):
                continue
            base[name] = value if value is not None else ""
        for name, kind, value, options in form["fields"]:
            if name == "csrfmiddlewaretoken" or kind == "file":
                continue
            for hostile in HOSTILE:
                sent = dict(base, **{name: hostile})
                try:
                    response = client.post(path, sent) if method == "post" else client.get(path, sent)
                except Exception as exc:  # noqa
                    problems.append((method, path, name, repr(hostile)[:20], repr(exc)[:300]))
                    continue
                if response.status_code >= 500:
                    problems.append((method, path, name, repr(hostile)[:20], response.status_code))
    return seen, forms, problems


def _world():
    staff = UserFactory(is_staff=True, is_superuser=True)
    side = Side("TH-51", "ผ้าไหมของเอ")
    quote, buyer, producer_user = quoted_silk_and_crackers()
    shopper = UserFactory(email="shopper@example.com")
    order_for((side.product, 1), user=shopper, email=shopper.email)
    officer = officer_of(LAMPANG)
    certified_product()
    return {"anonymous": None, "shopper": shopper, "producer": side.user, "buyer": buyer,
            "quoting producer": producer_user, "officer": officer, "staff": staff}


@pytest.mark.parametrize("role", ["anonymous", "shopper", "producer", "buyer", "quoting producer", "officer", "staff"])
def test_every_form_and_page_answers_without_a_server_error(role):
    users = _world()
    client = Client()
    if users[role]:
        client.force_login(users[role])
    starts = ["/", "/accounts/", "/accounts/profile/", "/basket/", "/quotes/", "/producer/", "/officer/",
              "/dashboard/", "/catalogue/", "/search/?q=silk"]
    started = time.time()
    seen, forms, problems = _crawl_and_fuzz(client, starts)
    print(f"\n{role}: {len(seen)} pages, {len(forms)} forms, {time.time() - started:.0f}s")
    for problem in problems:
        print("PROBLEM", role, problem)
    assert not problems


# The Django admin, crawled as a superuser: its lists with hostile filters, sorts and searches, and
# every add and change form posted with hostile values (delete confirmations are left alone, so
# that what the crawl found is still there when its forms are posted).
ADMIN_SKIP = re.compile(SKIP.pattern.replace("/admin/|", "") + r"|/delete/|/history/|/password/")


@pytest.mark.django_db(transaction=True)  # each request its own transaction: one refused value spoils no other
def test_every_admin_page_and_form_answers_without_a_server_error():
    staff = _world()["staff"]
    client = Client()
    client.force_login(staff)
    started = time.time()
    seen, forms, problems = _crawl_and_fuzz(client, ["/admin/"], skip=ADMIN_SKIP)
    print(f"\nadmin: {len(seen)} pages, {len(forms)} forms, {time.time() - started:.0f}s")
    for problem in problems:
        print("PROBLEM admin", problem)
    assert not problems
