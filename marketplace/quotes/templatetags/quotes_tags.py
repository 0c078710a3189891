"""Template helpers of the quotes' pages and of the product page's trade facts."""
from django import template

from marketplace.quotes import access, export_facts

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def trade_facts(context, product):
    """What a trade buyer needs on a product page: minimum order, lead time, the producer's monthly
    capacity, one carton's facts, the HS code, what is missing for export, and whether the
    viewer may see the producer's contact details (``access.may_see_contact``)."""
    packaging = getattr(product, "packaging", None)
    profile = getattr(product, "profile", None)
    producer = profile.producer if profile else None
    carton = export_facts.compute(packaging, 1, "cartons")
    request = context.get("request")
    return {"terms": getattr(product, "trade_terms", None), "producer": producer, "packaging": packaging,
            "carton": carton, "contact": bool(producer and request and access.may_see_contact(request.user, producer))}
