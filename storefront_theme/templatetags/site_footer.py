"""The shop's footer: the same columns as the API's "footer" menu (``marketplace.content.menus``),
headings and links in the shopper's language, so staff edit the pages in one place for both front
ends. A page links to its English version for English shoppers, to the Thai page when it has none."""
from types import SimpleNamespace

from django import template
from django.urls import reverse

from marketplace.catalog import version as catalogue
from marketplace.content import menus, pages
from marketplace.core.i18n import current_language

register = template.Library()


def _href(entry, language, request):
    if entry.collection is not None:
        return reverse("otop_catalog:range", kwargs={"slug": entry.collection.slug})
    english = pages.version(entry.page, language, request) if language == "en" else None
    return (english or entry.page).url


@register.simple_tag(takes_context=True)
def footer_columns(context):
    request = context.get("request") or SimpleNamespace()  # where the English pages are kept per request
    language = current_language()

    def columns():
        return [{"heading": column.name(language),
                 "links": [{"name": link.name(language), "url": _href(link, language, request)}
                           for link in column.children]}
                for column in menus.footer(request)]

    # the same on every page: kept while the catalogue (pages, collections) is unchanged
    return catalogue.kept("footer", columns, language)
