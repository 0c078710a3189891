"""The API's door to product search. ``search`` and ``filter.search`` go through
``marketplace.search.service``, the one search service.

The API asks the service for as many ranked ids as the requested page needs, or for the whole
window of ``SEARCH_WINDOW`` when its own filters narrow the ranking (``products._search``), and
keeps the rank order.
"""
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.search import service

SEARCH_WINDOW = service.MAX_RANKED


def ranked_ids(text: str, need: int):
    """``(ids in rank order, total matches)`` for ``text``; ``need`` says how many ids the page needs."""
    need = min(max(need, 1), SEARCH_WINDOW)
    try:
        # one engine call either way: a page of the service when it is enough, else its window
        result = service.search(text, per_page=need) if need <= service.MAX_PER_PAGE else service.ranked(text)
    except service.SearchError as exc:
        raise GraphQLError(_("Invalid search: %(reason)s") % {"reason": exc}) from None
    return list(result.product_ids)[:need], result.total
