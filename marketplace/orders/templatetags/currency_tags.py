"""The shopper's currency for templates (the header's currency switch)."""
from django import template
from django.utils.translation import gettext as _

from marketplace.orders.currency import CURRENCIES, currency_note
from marketplace.orders.middleware import chosen_currency

register = template.Library()


@register.simple_tag(takes_context=True)
def shopper_currency(context):
    request = context.get("request")
    return chosen_currency(request) if request is not None else CURRENCIES[0]


@register.simple_tag
def shop_currencies():
    """(code, label) of each currency the shop sells in, labelled in the shopper's language."""
    labels = {"THB": _("Baht (THB)"), "USD": _("US dollars (USD)")}
    return [(code, labels.get(code, code)) for code in CURRENCIES]


@register.simple_tag
def currency_explained(currency):
    """The note by the basket's prices: which currency they are in and which one the shopper pays in."""
    return currency_note(currency)
