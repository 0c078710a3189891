"""A collection's (an Oscar range's) name and description on the shop's range page, in the shopper's
language, from the same rule the API uses (``marketplace.content.collections``)."""
from django import template

from marketplace.content import collections
from marketplace.core.i18n import current_language

register = template.Library()


@register.simple_tag
def collection_face(found):
    language = current_language()
    return {"name": collections.name(found, language), "description": collections.description(found, language)}
