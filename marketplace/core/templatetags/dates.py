"""The templates' ``date`` filter (a builtin, see settings ``TEMPLATES``): Django's, with the
Buddhist-Era year on Thai pages (``marketplace.core.dates``)."""
from django import template
from django.template.defaultfilters import date as django_date

from marketplace.core.dates import display_date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if value in (None, ""):
        return ""
    if not hasattr(value, "year"):
        return django_date(value, arg)
    try:
        return display_date(value, arg)
    except AttributeError:  # as Django's filter: a value that is no date shows nothing
        return ""
