"""Storefront pages for browsing certified products. Each one goes through ``listing``.

Oscar's own catalogue, category, range and offer pages list products through haystack or
``is_public`` alone; the URL configuration puts these views in front of them.
"""
import functools
from urllib.parse import unquote

from django.db.models import Max
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.apps.customer.history import CustomerHistoryManager
from oscar.apps.offer.views import OfferDetailView as OscarOfferDetailView
from oscar.apps.offer.views import RangeDetailView as OscarRangeDetailView
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.catalog.kept_pages import KeptPage
from marketplace.catalog.queries import category_tree, product_cards, product_details
from marketplace.catalog.signals import product_page_viewed

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

PAGE_SIZE = 24


class HomeView(KeptPage, TemplateView):
    template_name = "otop/home.html"
    featured_count = 12

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        featured = (
            product_cards()
            .annotate(best_stars=Max("certifications__star_level"), newest_year=Max("certifications__selection_year"))
            .order_by("-best_stars", "-newest_year", "-date_created", "-pk")[: self.featured_count]
        )
        ctx["featured_products"] = featured
        ctx["categories"] = Category.objects.browsable().filter(depth=1).select_related("names").order_by("path")
        return ctx


class ProductListView(ListView):
    template_name = "otop/product_list.html"
    context_object_name = "products"
    paginate_by = PAGE_SIZE

    def base_queryset(self):
        return Product.objects.all()

    def get_queryset(self):
        return product_cards(self.base_queryset()).order_by("-date_created", "-pk")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.listing_context()}

    def listing_context(self) -> dict:
        """What the page shows besides its products (also ``search.browse``'s filtered pages)."""
        return {"category_tree": category_tree()}


class CatalogueView(ProductListView):
    pass


class CategoryView(ProductListView):
    """A category and its sub-categories."""

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category.objects.browsable().select_related("names"), pk=kwargs["pk"])
        expected = self.category.get_absolute_url()
        if unquote(request.path) != unquote(expected):  # an old or mistyped slug: go to the real address
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{expected}?{query}" if query else expected)
        return super().get(request, *args, **kwargs)

    def base_queryset(self):
        categories = Category.objects.browsable().filter(path__startswith=self.category.path)
        return Product.objects.filter(categories__in=categories).distinct()

    def listing_context(self) -> dict:
        ctx = super().listing_context()
        ctx["category"] = self.category
        ctx["category_ancestors"] = [
            node for node in ctx["category_tree"] if self.category.path.startswith(node.path)
            and node.pk != self.category.pk
        ]
        return ctx


class ProductDetailView(OscarProductDetailView):
    """Oscar's product page, with the listing rule instead of ``is_public`` alone."""

    template_folder = "catalogue"

    def get_queryset(self):
        return product_details(Product.objects.all(), user=self.request.user)

    def is_viewable(self, product, request):
        return True  # get_queryset already applied the rule for this user

    def get_object(self, queryset=None):
        if hasattr(self, "object"):
            return self.object
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except Product.DoesNotExist as exc:
            raise Http404("No such product") from exc

    def send_signal(self, request, response, product):
        # Not Oscar's product_viewed: besides the shopper's "recently viewed" cookie (kept here), its
        # analytics receiver stores which signed-in user viewed which product.
        CustomerHistoryManager.update(product, request, response)
        product_page_viewed.send(sender=type(self), product=product, request=request)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        product = self.object
        certifications = list(product.certifications.all())
        ctx["certification"] = certifications[0] if certifications else None
        ctx["certification_history"] = certifications[1:]
        ctx["is_listed"] = product.is_listed
        categories = [c.category for c in product.productcategory_set.select_related("category")[:1]]
        ctx["category_ancestors"] = (
            category_tree(path_prefixes=_path_prefixes(categories[0].path)) if categories else []
        )
        return ctx


def _path_prefixes(path, steplen=Category.steplen):
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


class RangeDetailView(OscarRangeDetailView):
    """Oscar's range page, showing only the range's listed products."""

    def get_queryset(self):
        return product_cards(self.range.all_products()).order_by("rangeproduct__display_order", "pk")


class OfferDetailView(OscarOfferDetailView):
    """Oscar's offer page, showing only the listed products the offer applies to."""

    def get_queryset(self):
        return product_cards(self.offer.products()).order_by("pk")


def listed_product_only(view, kwarg="product_pk"):
    """Wrap one of Oscar's per-product views (reviews, a stock alert, a wish list line) so it
    answers 404 for a product the visitor may not see, as the product page does; ``kwarg`` names
    the product's id among the route's arguments."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not listing.visible_to(request.user).filter(pk=kwargs[kwarg]).exists():
            raise Http404("No such product")
        return view(request, *args, **kwargs)

    return guarded
