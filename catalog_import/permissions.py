"""Who may import programme records: active staff holding the import permission.

Imported by the settings (for the dashboard menu), so it must not import models.
"""
from django.utils.translation import gettext_lazy as _

PERMISSION = "catalog_import.import_programme_records"


def can_import(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm(PERMISSION))


MENU_ENTRY = {"label": _("Import programme records"), "url_name": "catalog_import:upload", "access_fn": can_import}
