"""The shop's content pages (about, shipping, returns, privacy, terms, contact …): Django flatpages
of this site, which staff edit in the dashboard's "Pages" or the admin.

A page's slug is the last part of its URL ("/about/" -> "about"); the page itself is in Thai, the
shop's language, and its English version is the flatpage at "/en/<slug>/" (the URL the Django shop
serves it at, under its English prefix). When a page has no English version, English readers get
the Thai one. Pages that need a login are not listed. The API and the shop's footer both read here.
"""
from django.conf import settings
from django.contrib.flatpages.models import FlatPage

ENGLISH_PREFIX = "/en/"


def slug_of(page) -> str:
    return page.url.strip("/").rsplit("/", 1)[-1]


def _public():
    return FlatPage.objects.filter(sites__id=settings.SITE_ID, registration_required=False)


def pages(slugs=None, pks=None, search=None):
    """The Thai (base) pages, ordered by URL, optionally only those with these slugs or ids."""
    found = [page for page in _public().exclude(url__startswith=ENGLISH_PREFIX).order_by("url")
             if (slugs is None or slug_of(page) in slugs) and (pks is None or page.pk in pks)]
    if search:
        needle = search.casefold()
        found = [page for page in found if needle in page.title.casefold() or needle in page.content.casefold()]
    return found


def page(slug=None, pk=None):
    found = pages(slugs={slug} if slug is not None else None, pks={pk} if pk is not None else None)
    return found[0] if found else None


def english_versions(cache_owner) -> dict:
    """slug -> the English flatpage, read once per request (``cache_owner`` is the request)."""
    cached = getattr(cache_owner, "_english_pages", None)
    if cached is None:
        cached = {slug_of(page): page for page in _public().filter(url__startswith=ENGLISH_PREFIX)}
        setattr(cache_owner, "_english_pages", cached)
    return cached


def version(page, language, cache_owner):
    """``page`` in ``language``: itself in Thai, its English flatpage in English (None without one)."""
    if language == "en":
        return english_versions(cache_owner).get(slug_of(page))
    return page
