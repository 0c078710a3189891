"""Links from Oscar's dashboard menu to the Django admin screens for OTOP data.

Imported by the settings, so it must not import models. Oscar's own access check only knows
dashboard URLs; these entries use a staff check instead (the admin checks permissions itself).
"""
from django.utils.translation import gettext_lazy as _

from marketplace.core.menu_access import staff_only

OTOP_DASHBOARD_MENU = {
    "label": _("OTOP"),
    "icon": "fas fa-star",
    "children": [
        {"label": _("Producers"), "url_name": "admin:producers_producer_changelist", "access_fn": staff_only},
        {"label": _("Certifications"), "url_name": "admin:certification_certification_changelist",
         "access_fn": staff_only},
        {"label": _("Product profiles"), "url_name": "admin:otop_catalog_productprofile_changelist",
         "access_fn": staff_only},
        {"label": _("Packaging"), "url_name": "admin:otop_catalog_packaging_changelist", "access_fn": staff_only},
        {"label": _("Category names"), "url_name": "admin:otop_catalog_categorynames_changelist",
         "access_fn": staff_only},
    ],
}
