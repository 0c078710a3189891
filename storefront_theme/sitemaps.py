"""The storefront's sitemap (django.contrib.sitemaps) and robots.txt.

The sitemap lists what a shopper may find: listed products only (``catalog.listing`` decides),
the public categories and the provinces, each in Thai and English with hreflang alternates. Its
addresses take the host the request came to (the Sites framework's single row says example.com).
robots.txt keeps crawlers out of the basket, checkout, accounts, dashboards and portals, and names
the sitemap.
"""
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.catalog.queries import category_tree
from marketplace.core.i18n import LANGUAGES
from marketplace.provinces.models import Province

Product = get_model("catalogue", "Product")

# Paths under each language prefix that crawlers have no business in.
PRIVATE_PATHS = ("/basket/", "/checkout/", "/accounts/", "/dashboard/", "/producer/", "/officer/", "/quotes/")


class ShopSitemap(Sitemap):
    i18n = True
    languages = LANGUAGES
    alternates = True
    x_default = True

    def __init__(self, host, protocol):
        self.host, self.protocol = host, protocol

    def get_domain(self, site=None):
        return self.host


class HomeSitemap(ShopSitemap):
    priority = 1.0

    def items(self):
        return ["home"]

    def location(self, item):
        return reverse(item)


class ProductSitemap(ShopSitemap):
    def items(self):
        return listing.listable(Product.objects.all()).order_by("pk").only("pk", "slug", "date_updated")

    def lastmod(self, product):
        return product.date_updated


class CategorySitemap(ShopSitemap):
    def items(self):
        return category_tree()


class ProvinceSitemap(ShopSitemap):
    def items(self):
        return Province.objects.order_by("iso_code")


def _sitemaps(request):
    protocol = "https" if request.is_secure() else "http"
    return {name: cls(request.get_host(), protocol) for name, cls in (
        ("home", HomeSitemap), ("products", ProductSitemap), ("categories", CategorySitemap),
        ("provinces", ProvinceSitemap))}


def sitemap_view(request):
    return sitemap_views.sitemap(request, sitemaps=_sitemaps(request))


def robots_view(request):
    prefixes = ["" if code == "th" else f"/{code}" for code in LANGUAGES]  # Thai, the default, has no prefix
    lines = ["User-agent: *"] + [f"Disallow: {prefix}{path}" for prefix in prefixes for path in PRIVATE_PATHS]
    lines += ["Disallow: /admin/", "Disallow: /graphql/", "", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
