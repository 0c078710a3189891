"""``{% product_reach product as reach %}``: where the product ships (``marketplace.shipping.reach``)."""
from django import template

from marketplace.shipping.reach import reach

register = template.Library()


@register.simple_tag
def product_reach(product):
    return reach(product)
