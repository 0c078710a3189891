"""What the header's language-and-currency menu shows while closed: the language code and the symbol
of the shopper's currency, short enough to keep the header one row on a phone."""
from django import template

register = template.Library()

SYMBOLS = {"THB": "฿", "USD": "$"}


@register.filter
def currency_symbol(code):
    return SYMBOLS.get(code, code)
