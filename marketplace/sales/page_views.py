"""Product page views: one counter per product and day, raised by one SQL statement per view.

What counts: a GET of the product page that a browser shows. Not counted: HEAD requests,
prefetches and prerenders (the browser fetches a page the visitor may never see) and clients
that say they are robots. Nothing about the visitor is stored: no user, session, address, or
time of day, only the day's total.
"""
import re

from django.db import connection
from django.utils import timezone

from .models import ProductPageViews

# Chromium sends Sec-Purpose ("prefetch", "prefetch;prerender"), older browsers Purpose or X-Moz.
PREFETCH_HEADERS = ("Sec-Purpose", "Purpose", "X-Moz", "X-Purpose")
ROBOT_AGENT = re.compile(r"bot\b|crawl|spider|slurp|facebookexternalhit|preview", re.IGNORECASE)


def is_counted(request):
    """Whether ``request`` is a visitor looking at the page (see the module's docstring)."""
    if request.method != "GET":
        return False
    if any("prefetch" in request.headers.get(header, "").lower() or
           "preview" in request.headers.get(header, "").lower() for header in PREFETCH_HEADERS):
        return False
    return not ROBOT_AGENT.search(request.headers.get("User-Agent", ""))


def count_view(product_id, day=None):
    """Add one view of ``product_id`` on ``day`` (today in the shop's time zone): one statement,
    safe under concurrent views (the insert that meets the day's row adds to it instead)."""
    table = ProductPageViews._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (product_id, day, count) VALUES (%s, %s, 1) "
            f"ON CONFLICT (product_id, day) DO UPDATE SET count = {table}.count + 1",
            [product_id, day or timezone.localdate()],
        )


def count_view_of_request(sender, product, request, **kwargs):
    """The receiver of ``catalog.signals.product_page_viewed``."""
    if is_counted(request):
        count_view(product.pk)
