"""The API's door to product search. ``search`` and ``filter.search`` go through
``marketplace.search.service`` (the one search service) when that app is installed; until then
a plain name/code match stands in, so the API works the same way either way.

The service ranks listable products and pages through them 100 at a time; the API asks it for
as many ranked ids as the requested page needs (at most ``SEARCH_WINDOW``) and keeps the rank order.
"""
from django.apps import apps
from django.db.models import Q
from graphql import GraphQLError

from marketplace.core import thai

SEARCH_WINDOW = 1000
SERVICE_PAGE = 100


def ranked_ids(text: str, need: int):
    """``(ids in rank order, total matches)`` for ``text``; ``need`` says how many ids the page needs."""
    need = min(max(need, 1), SEARCH_WINDOW)
    if apps.is_installed("marketplace.search"):
        return _from_service(text, need)
    return _fallback(text, need)


def _from_service(text, need):
    from marketplace.search import service

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
        raise GraphQLError(f"Invalid search: {exc}") from None
    return ids[:need], total


def _fallback(text, need):
    from oscar.core.loading import get_model

    from marketplace.catalog import listing

    words = thai.normalize(text or "").split()
    if not words:
        return [], 0
    condition = Q()
    for word in words:
        condition &= (Q(profile__name_th__icontains=word) | Q(profile__name_en__icontains=word)
                      | Q(profile__programme_code__iexact=word) | Q(profile__producer__name_th__icontains=word)
                      | Q(profile__producer__name_en__icontains=word))
    matches = listing.listable(get_model("catalogue", "Product").objects.filter(condition)).order_by("pk")
    return list(matches.values_list("pk", flat=True)[:need]), matches.count()
