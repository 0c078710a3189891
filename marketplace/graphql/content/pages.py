"""The shop's content pages and menus as the API serves them, from what the shop already keeps.

Pages are Django flatpages of this site. A page's slug is the last part of its URL
("/about/" -> "about"); the page itself is in Thai, the shop's language, and its English
version is the flatpage at "/en/<slug>/" (editors add it in the admin like any flatpage). Pages
that need a login are not served. Menus: "footer" lists the pages; any other menu ("navbar",
"main") is the OTOP category tree with its Thai and English names (``CategoryNames``).
Plain Django: the API layer only shapes what this module returns.
"""
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from oscar.core.loading import get_model

Category = get_model("catalogue", "Category")
ENGLISH_PREFIX = "/en/"
FOOTER = "footer"
CATEGORY_MENUS = ("navbar", "main", "categories")
MAX_MENU_DEPTH = 3  # the storefront asks for items, their children and grandchildren


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


@dataclass
class MenuEntry:
    """One item of a menu: a category or a page, with the entries under it."""

    key: str
    name_th: str
    name_en: str
    level: int
    category: object = None
    page: object = None
    children: list = field(default_factory=list)


def menu(slug, cache_owner):
    """The entries of menu ``slug`` (top level), or None when the shop has no such menu."""
    slug = (slug or "").lower()
    if slug == FOOTER:
        english = english_versions(cache_owner)
        return [MenuEntry(f"page-{page.pk}", page.title, getattr(english.get(slug_of(page)), "title", ""), 0,
                          page=page) for page in pages()]
    if slug in CATEGORY_MENUS:
        return _category_tree()
    return None


def _category_tree():
    """Public categories as entries, children under parents; one query for the whole tree."""
    by_path, top = {}, []
    shown = Category.objects.filter(is_public=True, exclude_from_menu=False, depth__lte=MAX_MENU_DEPTH)
    for category in shown.select_related("names").order_by("path"):
        names = getattr(category, "names", None)
        entry = MenuEntry(f"category-{category.pk}", getattr(names, "name_th", "") or category.name,
                          getattr(names, "name_en", ""), category.depth - 1, category=category)
        by_path[category.path] = entry
        if category.depth == 1:
            top.append(entry)
        else:
            parent = by_path.get(category.path[:-Category.steplen])
            if parent is not None:  # under a hidden category: hidden too
                parent.children.append(entry)
    return top
