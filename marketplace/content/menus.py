"""The shop's menus, for the API's ``menu(slug)`` and the Django shop's footer alike.

"footer": three columns (shop, customer service, about us), each a heading in Thai and English with
links under it: the collections published in the channel, then the content pages by slug (a page
staff add with another slug joins the last column). Any other menu ("navbar", "main") is the OTOP
category tree with its Thai and English names (``CategoryNames``).
"""
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.content import collections, pages

Category = get_model("catalogue", "Category")
FOOTER = "footer"
CATEGORY_MENUS = ("navbar", "main", "categories")
# The menus a client listing them is given (the category tree once, under the name storefronts ask for).
LISTED = (FOOTER, "navbar")
MAX_MENU_DEPTH = 3  # the storefront asks for items, their children and grandchildren


@dataclass(frozen=True)
class FooterColumn:
    key: str
    heading: object  # a lazy translation
    page_slugs: tuple = ()
    collections: bool = False
    other_pages: bool = False  # pages no column names go here


FOOTER_COLUMNS = (
    FooterColumn("shop", _("Shop"), collections=True),
    FooterColumn("help", _("Customer service"), page_slugs=("contact", "shipping", "returns")),
    FooterColumn("about", _("About us"), page_slugs=("about", "privacy", "terms"), other_pages=True),
)


@dataclass
class MenuEntry:
    """One item of a menu: a heading, a category, a collection or a page, with the entries under it."""

    key: str
    name_th: str
    name_en: str
    level: int
    category: object = None
    collection: object = None
    page: object = None
    children: list = field(default_factory=list)

    def name(self, language) -> str:
        return (self.name_en or self.name_th) if language == "en" else (self.name_th or self.name_en)


def menu(slug, cache_owner, channel_slug=None):
    """The entries of menu ``slug`` (top level), or None when the shop has no such menu."""
    slug = (slug or "").lower()
    if slug == FOOTER:
        return footer(cache_owner, channel_slug)
    if slug in CATEGORY_MENUS:
        return _category_tree()
    return None


def footer(cache_owner, channel_slug=None):
    """The footer's columns with their links; a column with nothing to link to is left out."""
    english = pages.english_versions(cache_owner)
    shown = pages.pages()
    by_slug = {pages.slug_of(page): page for page in shown}
    named = {slug for column in FOOTER_COLUMNS for slug in column.page_slugs}
    columns = []
    for column in FOOTER_COLUMNS:
        entry = MenuEntry(f"footer-{column.key}", *_both_languages(column.heading), 0)
        if column.collections:
            entry.children += [
                MenuEntry(f"collection-{found.pk}", collections.name(found, "th"), collections.name(found, "en"), 1,
                          collection=found) for found in collections.published(channel_slug).order_by("name")]
        linked = [by_slug[slug] for slug in column.page_slugs if slug in by_slug]
        if column.other_pages:
            linked += [page for page in shown if pages.slug_of(page) not in named]
        entry.children += [MenuEntry(f"page-{page.pk}", page.title,
                                     getattr(english.get(pages.slug_of(page)), "title", ""), 1, page=page)
                           for page in linked]
        if entry.children:
            columns.append(entry)
    return columns


def flattened(entries):
    """``entries`` and every entry under them, each before its children."""
    for entry in entries or ():
        yield entry
        yield from flattened(entry.children)


def _both_languages(text):
    with translation.override("th"):
        thai = str(text)
    with translation.override("en"):
        return thai, str(text)


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
