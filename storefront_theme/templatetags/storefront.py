"""Template tags for the parts of Oscar's pages that show products or categories: they go
through the listing rule and give names in the shopper's language."""
from django import template
from oscar.apps.customer.history import CustomerHistoryManager
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.catalog.queries import card_list, category_tree, product_cards

register = template.Library()
Product = get_model("catalogue", "Product")

RELATED_COUNT = 6


@register.simple_tag
def root_categories():
    """The top-level public categories with their Thai and English names (the navigation's menu)."""
    return [category for category in category_tree() if category.depth == 1]


@register.simple_tag(takes_context=True)
def listed_recently_viewed(context, current_product=None):
    """The products in the visitor's history cookie that are still listed (or visible to the
    visitor), newest first, without the one on the page."""
    request = context["request"]
    ids = [pk for pk in CustomerHistoryManager.extract(request) if isinstance(pk, int)]
    if current_product is not None:
        ids = [pk for pk in ids if pk != current_product.pk]
    ids = ids[-RELATED_COUNT:]
    if not ids:
        return []
    return card_list(list(reversed(ids)), user=request.user)


@register.simple_tag
def listed_recommendations(product):
    """The product's recommended products that shoppers may see, in Oscar's ranking order."""
    recommended = Product.objects.filter(productrecommendation__primary=product)
    return list(product_cards(recommended).order_by("-productrecommendation__ranking", "pk")[:RELATED_COUNT])


@register.simple_tag
def listed_wishlist_products(lines, user):
    """The products of a page of wish list lines that ``user`` may see, in the lines' order."""
    return card_list([line.product_id for line in lines or [] if line.product_id], user=user)


@register.simple_tag
def visible_product_ids(rows, user):
    """The ids of the products of ``rows`` (anything with a ``product_id``: stock alerts) that
    ``user`` may see, in one query: only those are linked."""
    ids = {row.product_id for row in rows or []}
    return set(listing.visible_to(user, Product.objects.filter(pk__in=ids)).values_list("pk", flat=True)) if ids else set()
