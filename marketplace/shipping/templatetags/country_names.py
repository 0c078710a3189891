"""Countries named in the page's language (``shipping/countries.py``): ``{{ buyer.country|country_name }}``
for an Oscar ``Country`` or an ISO code, ``{{ order.shipping_address|address_line }}`` for an address on one
line (Oscar's ``str(address)`` names the country in English)."""
from django import template

from marketplace.shipping.countries import address_fields, country_name as name_of_country, name_for_code

register = template.Library()


@register.filter
def country_name(country):
    if not country:
        return ""
    return name_for_code(country) if isinstance(country, str) else name_of_country(country)


@register.filter
def address_line(address):
    return ", ".join(address_fields(address)) if address else ""
