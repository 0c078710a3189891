"""The API's door to product search. ``search`` and ``filter.search`` go through
``marketplace.search.service``, the one search service.

The service ranks listable products and pages through them 100 at a time; the API asks it for
as many ranked ids as the requested page needs (at most ``SEARCH_WINDOW``) and keeps the rank order.
"""
from django.utils.translation import gettext as _
from graphql import GraphQLError

SEARCH_WINDOW = 1000
SERVICE_PAGE = 100


def ranked_ids(text: str, need: int):
    """``(ids in rank order, total matches)`` for ``text``; ``need`` says how many ids the page needs."""
    from marketplace.search import service

    need = min(max(need, 1), SEARCH_WINDOW)
    ids, total, page = [], 0, 1
    try:
        while len(ids) < need:
            result = service.search(text, page=page, per_page=SERVICE_PAGE)
            ids += list(result.product_ids)
            total = result.total
            if page >= result.pages:
                break
            page += 1
    except service.SearchError as exc:
        raise GraphQLError(_("Invalid search: %(reason)s") % {"reason": exc}) from None
    return ids[:need], total

