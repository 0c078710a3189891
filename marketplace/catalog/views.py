"""Storefront pages for browsing certified products. Each one goes through ``listing``."""
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.catalog.queries import product_cards

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

PAGE_SIZE = 24


class HomeView(TemplateView):
    template_name = "otop/home.html"
    featured_count = 12

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        featured = (
            product_cards()
            .annotate(best_stars=Max("certifications__star_level"), newest_year=Max("certifications__selection_year"))
            .order_by("-best_stars", "-newest_year", "-date_created")[: self.featured_count]
        )
        ctx["featured_products"] = featured
        ctx["categories"] = Category.get_root_nodes().select_related("names")
        return ctx


class ProductListView(ListView):
    template_name = "otop/product_list.html"
    context_object_name = "products"
    paginate_by = PAGE_SIZE

    def base_queryset(self):
        return Product.objects.all()

    def get_queryset(self):
        return product_cards(self.base_queryset()).order_by("-date_created", "-pk")


class CatalogueView(ProductListView):
    pass


class CategoryView(ProductListView):
    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category.objects.select_related("names"), pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def base_queryset(self):
        return Product.objects.filter(categories__in=self.category.get_descendants_and_self()).distinct()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["category"] = self.category
        return ctx


class ProductDetailView(OscarProductDetailView):
    """Oscar's product page, with the listing rule instead of ``is_public`` alone."""

    template_folder = "catalogue"

    def get_queryset(self):
        return product_cards(Product.objects.all(), user=self.request.user)

    def is_viewable(self, product, request):
        return True  # get_queryset already applied the rule for this user

    def get_object(self, queryset=None):
        if hasattr(self, "object"):
            return self.object
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except Product.DoesNotExist as exc:
            raise Http404("No such product") from exc

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        product = self.object
        ctx["certification"] = product.certifications.all()[0] if product.certifications.all() else None
        ctx["certification_history"] = list(product.certifications.all())[1:]
        ctx["is_listed"] = listing.is_listable(product)
        return ctx
