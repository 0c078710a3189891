"""The dashboard's link to the officers' pages (imported by the settings: no models at import)."""
from django.utils.translation import gettext_lazy as _


def officers_only(user, url_name, url_args=None, url_kwargs=None):
    from marketplace.officers.access import is_officer

    return is_officer(user)


MENU_ENTRY = {"label": _("Programme officer"), "url_name": "officers:province", "access_fn": officers_only}
