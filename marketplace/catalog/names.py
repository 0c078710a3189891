"""The name a shopper reads for a product: its programme profile's name in the active language,
falling back to the other language and then to the product's own title (which stays the Thai
name the programme record gave it: order lines and quote orders keep titles, so titles are
never translated).

Every page, message and template that names a product to a shopper calls ``product_name``
(templates through ``{{ product|product_name }}`` and ``{{ line|line_name }}`` in the ``otop`` tags).
"""
from marketplace.core.i18n import localized


def product_name(product, language=None) -> str:
    """``product``'s name in ``language`` (the active content language unless given)."""
    if product is None:
        return ""
    profile = getattr(product, "profile", None)  # a product without a profile has no translations
    return (localized(profile, "name", language) if profile is not None else "") or product.get_title()


def line_name(line, language=None) -> str:
    """A basket or order line's product name in ``language``; an order line whose product is gone
    keeps the title it was placed with (orders are records)."""
    product = getattr(line, "product", None)
    if product is not None:
        return product_name(product, language)
    return getattr(line, "title", "") or str(line.description)


def named_in_language(message: str, products) -> str:
    """``message`` as Oscar wrote it, with a product's ``get_title()`` in it, naming each of
    ``products`` as the shopper reads it instead (Oscar's own messages, which we do not rewrite)."""
    for product in products:
        title, name = product.get_title(), product_name(product)
        if title and name and title != name:
            message = message.replace(title, name)
    return message
