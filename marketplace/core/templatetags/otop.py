"""Template helpers for bilingual content."""
from django import template

from marketplace.core import display, rich_text as rich_text_rules
from marketplace.core.i18n import localized
from marketplace.core.units import shown_unit

register = template.Library()


@register.filter
def tr(obj, field):
    """``{{ producer|tr:"name" }}``: the field in the active language, with fallback."""
    if obj is None:
        return ""
    return localized(obj, field)


@register.filter(is_safe=True)
def rich_text(value):
    """``{{ flatpage.content|rich_text }}``: staff's rich text with only harmless HTML left (``core/rich_text.py``)."""
    return rich_text_rules.clean(value)


@register.filter
def unit(value):
    """``{{ profile.unit|unit }}``: the selling unit in the active language (``core/units.py``)."""
    return shown_unit(value)


@register.filter
def product_name(product):
    """``{{ product|product_name }}``: the name a shopper reads, in the active language
    (``catalog/names.py``: the profile's name, then the other language's, then the title)."""
    return display.call("product_name", product)


@register.filter
def line_name(line):
    """``{{ line|line_name }}``: a basket or order line's product name in the active language; an
    order line whose product is gone shows the title it was ordered under."""
    return display.call("line_name", line)


@register.filter
def address_fields(address):
    """``{% for field in address|address_fields %}``: Oscar's address lines, the country named in
    the active language (``shipping/countries.py``)."""
    return display.call("address_fields", address) if address else []
