"""Oscar's dashboard product lookup (``/dashboard/catalogue/product-lookup/``, the JSON behind the
dashboard's product pickers), answering only with the products the user works on
(``listing.managed_by``: staff every product, a producer's users their producer's own).

Oscar's view lists every product to any user with dashboard access, producers' users included, so
one producer could read the names of another's unlisted products. Oscar's dashboard is now closed to
non-staff users altogether (``marketplace/producers/dashboard_lock.py``), this address included; the
filter stays as a second line should that lock ever be lifted (``tests/test_dashboard_lookup.py``
also checks Oscar's permission maps). Served at Oscar's own address, ahead of Oscar's pattern,
behind the permissions Oscar sets for it.
"""
from django.apps import apps
from oscar.core.loading import get_class
from oscar.views.decorators import permissions_required

from marketplace.catalog.listing import managed_by
from marketplace.core.form_values import row_id

OscarProductLookupView = get_class("dashboard.catalogue.views", "ProductLookupView")
URL_NAME = "catalogue-product-lookup"


MAX_PAGE_LIMIT = 100


class ProductLookupView(OscarProductLookupView):
    def get_queryset(self):
        return managed_by(self.request.user, super().get_queryset())

    def get_args(self):
        """Oscar's arguments, with ``page`` and ``page_limit`` as whole numbers in range: a page that
        is not one is the first, a limit is 1 to ``MAX_PAGE_LIMIT`` (Oscar's ``int()`` raised on
        ``abc``, sliced backwards on ``0`` and overflowed the database on a 20-digit page)."""
        get = self.request.GET
        page = row_id(get.get("page")) or 1
        page_limit = min(row_id(get.get("page_limit")) or 20, MAX_PAGE_LIMIT)
        return get.get("initial", None), get.get("q", None), min(page, 10_000_000), page_limit


def product_lookup_view():
    dashboard = apps.get_app_config("catalogue_dashboard")
    return permissions_required(dashboard.get_permissions(URL_NAME), login_url=dashboard.login_url)(
        ProductLookupView.as_view())
