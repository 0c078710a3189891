"""Who may import programme records: active staff holding the import permission who act as a
programme officer (``officers.access``); each imports the rows of their own provinces only (a
superuser, of every province). An import run is seen and acted on by the one who started it, or by
a superuser.

Imported by the settings (for the dashboard menu), so it must not import models at module level.
"""
from django.utils.translation import gettext_lazy as _

PERMISSION = "catalog_import.import_programme_records"


def can_import(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
    from marketplace.officers.access import is_officer

    return bool(user.is_active and user.is_staff and user.has_perm(PERMISSION) and is_officer(user))


def province_scope(user):
    """The ids of the provinces whose rows ``user`` may import; None for every province."""
    from marketplace.officers.access import province_ids_of

    return province_ids_of(user)


def runs_of(user, runs):
    """The import runs (a queryset) ``user`` may see and act on: their own, or all for a superuser."""
    return runs if user.is_superuser else runs.filter(user=user)


MENU_ENTRY = {"label": _("Import programme records"), "url_name": "catalog_import:upload", "access_fn": can_import}
