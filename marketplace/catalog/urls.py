from django.urls import path, re_path

from marketplace.catalog import views

app_name = "otop_catalog"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="index"),
    re_path(r"^(?P<product_slug>[\w-]*)_(?P<pk>\d+)/$", views.ProductDetailView.as_view(), name="detail"),
    re_path(r"^category/(?P<category_slug>[\w-]+(/[\w-]+)*)_(?P<pk>\d+)/$", views.CategoryView.as_view(),
            name="category"),
]
