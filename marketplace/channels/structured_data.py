"""What search engines are told about a product (schema.org ``Product`` JSON-LD): its name,
description, picture and, for a listed product only, one ``Offer`` per active channel that sells
it — the price from ``channels.pricing`` (what the page and checkout charge in that currency) and
the availability from ``catalog.stock``. An unlisted product (seen by its producer or staff) gets
no offer: search engines must not advertise what shoppers cannot buy.
"""
from django.utils.html import strip_tags

from marketplace.catalog import stock
from marketplace.channels import availability, pricing

IN_STOCK, OUT_OF_STOCK = "https://schema.org/InStock", "https://schema.org/OutOfStock"


def offers(product, url):
    """The product's offers, one per active channel selling it at a price (THB, USD …)."""
    available = stock.quantity_available(product) > 0
    found = []
    for channel in availability.channels_selling(product):
        price = pricing.price_for(product, channel)
        if price is not None:
            found.append({"@type": "Offer", "url": url, "price": f"{price:.2f}",
                          "priceCurrency": channel.currency_code,
                          "availability": IN_STOCK if available else OUT_OF_STOCK})
    return found


def product_data(product, *, name, description, url, image_url, listed):
    """The schema.org ``Product`` as a dict ready for ``json_script``."""
    data = {"@context": "https://schema.org", "@type": "Product", "name": name, "url": url,
            "image": [image_url], "sku": product.upc or str(product.pk)}
    if description:
        data["description"] = strip_tags(description).strip()[:5000]
    if listed:
        data["offers"] = offers(product, url)
    return data
