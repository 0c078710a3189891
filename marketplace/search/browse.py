"""The all-products, category and province pages with the search page's filters, sorts and facets
(issue 16; all products since issue 17).

Each page fixes at most one filter of the search service (its OTOP category, its province; all
products none) and takes the others from GET parameters like ``/search/`` does (``min_stars``,
``price_min``/``price_max``, ``category``, ``province``, ``standard``, ``sort``, ``page``), so a
filtered page is an address to keep. They
extend the ``catalog`` and ``provinces`` listing views, and live here because those apps sit
below search; the URL configuration puts them ahead of those views' own routes.

The listing part of a page (sidebar, facets, sorts, cards and pagination: ``filtered_listing.html``)
is the same for every shopper asking the same address in the same language and currency, and is
most of a page's work (a search, the cards' query, 24 cards rendered). With
``OTOP_PAGE_CACHE_SECONDS`` above 0 (production), it is kept as HTML under a key holding the
address, language, currency, day and the catalogue's version (``catalog.version``), so a change
to the catalogue or a certification ending at midnight is never served stale; the rest of the
page (the shopper's basket, CSRF token, messages) is rendered for each request. A visitor with
nothing of their own on the page (not signed in, empty basket) gets the whole page kept
(``catalog.kept_pages``).

A staff-made sub-category is not in the search index (documents know the five OTOP categories
only): its page stays the plain listing, without filters.
"""
from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from marketplace.catalog import kept_pages
from marketplace.catalog import version as catalogue
from marketplace.catalog import views as catalog_views
from marketplace.catalog.models import OtopCategory
from marketplace.provinces import views as province_views
from marketplace.search.views import SORT_LABELS, ProductFacets, SearchForm

# Browsing has no text to match: "best match" would mean "highest star level first" anyway.
BROWSE_SORTS = {key: SORT_LABELS[key] for key in ("stars", "price", "-price", "newest")}
LISTING_TEMPLATE = "otop/partials/filtered_listing.html"


class BrowseForm(SearchForm):
    q = None  # browsing reads no words: an address with ``q`` is one the page does not understand (never kept)
    sort = forms.ChoiceField(required=False, choices=list(BROWSE_SORTS.items()))


class FilteredListing(kept_pages.KeptPage, ProductFacets):
    form_class = BrowseForm
    sort_labels = BROWSE_SORTS
    default_sort = "stars"
    kept_parameters = frozenset(BrowseForm.base_fields)

    def keeps(self, request) -> bool:
        return super().keeps(request) and self.form_class(request.GET).is_valid()

    def browse_filter(self) -> dict | None:
        """The page's own filter, or None when the search index cannot serve the page."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        self.fixed = self.browse_filter()
        if self.fixed is None:
            return super().get_context_data(**kwargs)  # the plain listing
        asked = self.request.GET.get("page")
        if asked is not None and not (asked.isdigit() and 1 <= int(asked) <= 10_000):
            raise Http404("No such page")  # as on every listing: a page number that is not one is not a page
        if not catalogue.page_seconds() or not self.keeps(self.request):
            return self._listing(kwargs)
        html = catalogue.kept(
            "listing", lambda: render_to_string(LISTING_TEMPLATE, self._listing(kwargs), request=self.request),
            *kept_pages.address(self.request))
        return {"view": self, **kwargs, **self.listing_context(), "listing_html": mark_safe(html)}

    def _listing(self, kwargs) -> dict:
        found = self.search_context()
        result = found["result"]
        paginator = Paginator(range(result.total), result.per_page)  # a range: nothing is read
        try:
            page_obj = paginator.page(result.page)
        except InvalidPage as exc:
            raise Http404("No such page") from exc
        products = self._products(result.product_ids)
        return {
            "view": self, **kwargs, **self.listing_context(), **found,
            "products": products, "object_list": products, "paginator": paginator, "page_obj": page_obj,
            "is_paginated": paginator.num_pages > 1, "filterable": True,
        }


class CatalogueView(FilteredListing, catalog_views.CatalogueView):
    """All products: every listed one, with the category among the filters."""

    def browse_filter(self):
        return {}


class CategoryView(FilteredListing, catalog_views.CategoryView):
    def browse_filter(self):
        names = getattr(self.category, "names", None)
        code = names.code if names else None
        return {"category": code} if code in OtopCategory.values else None


class ProvinceView(FilteredListing, province_views.ProvinceDetailView):
    hidden_facets = ("region",)

    def browse_filter(self):
        return {"province": self.province.iso_code}
