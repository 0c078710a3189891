"""The shop's categories with their Thai and English names, as every product card shows them:
kept by the process for a few seconds (``marketplace.core.kept``) instead of joined into each
page's queries; saving or deleting a category or its names forgets them."""
from oscar.core.loading import get_model

from marketplace.core.kept import Kept

Category = get_model("catalogue", "Category")

_by_id = Kept(lambda: {category.pk: category for category in Category.objects.select_related("names")})
forget_categories = _by_id.forget


def categories_by_id(ids=()):
    """Every category by id (with ``names`` loaded); loaded afresh when one of ``ids`` is new."""
    categories = _by_id.get()
    if any(pk not in categories for pk in ids):
        forget_categories()
        categories = _by_id.get()
    return categories
