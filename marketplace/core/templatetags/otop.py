"""Template helpers for bilingual content."""
from django import template

from marketplace.core.i18n import localized
from marketplace.core.units import shown_unit

register = template.Library()


@register.filter
def tr(obj, field):
    """``{{ producer|tr:"name" }}``: the field in the active language, with fallback."""
    if obj is None:
        return ""
    return localized(obj, field)


@register.filter
def unit(value):
    """``{{ profile.unit|unit }}``: the selling unit in the active language (``core/units.py``)."""
    return shown_unit(value)
