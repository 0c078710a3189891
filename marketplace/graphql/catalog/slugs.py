"""The product slugs the API hands out: Oscar's slug and the product id, ``lamphun-silk-42``.

Saleor clients find a product by its slug alone, but Oscar's slugs are not unique: products
with the same name share one (about one in twenty of the 20,000-product sample catalogue).
Oscar's own URLs add the id for that reason (``<slug>_<id>``); the API does the same with a
hyphen, as Saleor slugs look. A plain Oscar slug is still accepted (first product wins).
"""
from django.db.models import Case, IntegerField, Q, Value, When

from marketplace.graphql.core.ids import ascii_number


def api_slug(product) -> str:
    return f"{product.slug}-{product.pk}"


def _split(slug: str):
    head, _, tail = slug.rpartition("-")
    return (head, int(tail)) if head and ascii_number(tail) else (None, None)


def slug_q(slugs) -> Q:
    """Products whose API slug or Oscar slug is one of ``slugs``."""
    q = Q(slug__in=list(slugs))
    for slug in slugs:
        head, pk = _split(slug)
        if pk is not None:
            q |= Q(pk=pk, slug=head)
    return q


def by_slug(queryset, slug):
    """``queryset`` narrowed to ``slug``, the exact API slug first, then by id."""
    head, pk = _split(slug)
    if pk is None:
        return queryset.filter(slug=slug).order_by("pk")
    exact = Case(When(pk=pk, slug=head, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.filter(slug_q([slug])).order_by(exact, "pk")
