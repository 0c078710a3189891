"""The storefront's catalogue URLs. They take the same paths as Oscar's catalogue app and come
first, so that Oscar's ``reverse("catalogue:...")`` links land on pages that apply the listing rule."""
from django.apps import apps
from django.urls import include, path, re_path

from marketplace.catalog import views

app_name = "otop_catalog"
CATEGORY_PATH = r"^category/(?P<category_slug>[\w-]+(/[\w-]+)*)_(?P<pk>\d+)/$"  # Oscar's


def _guarded_review_urls():
    """Oscar's review pages, answering only for products the visitor may see."""
    return [
        path(str(pattern.pattern), views.listed_product_only(pattern.callback), name=pattern.name)
        for pattern in apps.get_app_config("reviews").urls[0]
    ]


# Oscar's account pages that take a product, and the argument naming it: a stock alert and a wish
# list line are made only for a product the visitor may see (Oscar's views would take any id).
GUARDED_ACCOUNT_ROUTES = {"alert-create": "pk", "wishlists-add-product": "product_pk",
                          "wishlists-create-with-product": "product_pk"}


def guarded_account_urls():
    """Those pages at Oscar's paths, placed ahead of Oscar's account URLs."""
    return [
        path(str(pattern.pattern), views.listed_product_only(pattern.callback, GUARDED_ACCOUNT_ROUTES[pattern.name]),
             name=f"otop-{pattern.name}")
        for pattern in apps.get_app_config("customer").urls[0] if pattern.name in GUARDED_ACCOUNT_ROUTES
    ]


urlpatterns = [
    path("", views.CatalogueView.as_view(), name="index"),
    re_path(r"^(?P<product_slug>[\w-]*)_(?P<pk>\d+)/$", views.ProductDetailView.as_view(), name="detail"),
    re_path(r"^(?P<product_slug>[\w-]*)_(?P<product_pk>\d+)/reviews/", include(_guarded_review_urls())),
    re_path(CATEGORY_PATH, views.CategoryView.as_view(), name="category"),
    re_path(r"^ranges/(?P<slug>[\w-]+)/$", views.RangeDetailView.as_view(), name="range"),
]
