"""Template helpers for bilingual content."""
from django import template

from marketplace.core.i18n import localized

register = template.Library()


@register.filter
def tr(obj, field):
    """``{{ producer|tr:"name" }}``: the field in the active language, with fallback."""
    if obj is None:
        return ""
    return localized(obj, field)
