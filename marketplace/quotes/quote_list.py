"""The quote list: the products a buyer is about to ask producers about ("Request a quote" on a
product page adds one; sending the request empties it). A signed-in buyer's list is kept with
their account (``ListedProduct``): it is there after signing out, and on their other devices. A
visitor's list lives in the session; signing in adds it to the account's (``take_over``).

What the list shows is only what the buyer may see now (``listing.visible_to``): a product no
longer listed drops out of the request page, and is not asked about."""
from oscar.core.loading import get_model

from . import quoting
from .models import ListedProduct

Product = get_model("catalogue", "Product")

SESSION_KEY = "quotes_draft"  # a visitor's list: product ids, in the order added


def _session_ids(request):
    ids = []
    for value in request.session.get(SESSION_KEY, []):
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def product_ids(request) -> list[int]:
    """The ids on ``request``'s buyer's list, in the order added."""
    if request.user.is_authenticated:
        if SESSION_KEY in request.session:  # a list kept in the session before lists were kept with accounts
            take_over(request, request.user)
        return list(ListedProduct.objects.filter(user=request.user).values_list("product_id", flat=True))
    return _session_ids(request)


def add(request, product) -> None:
    """Raises ``QuoteError`` when the list already holds as many products as a request may ask about."""
    ids = product_ids(request)
    if product.pk in ids:
        return
    quoting.check_line_count(len(ids) + 1)
    if request.user.is_authenticated:
        _keep(request.user, [product.pk])
    else:
        request.session[SESSION_KEY] = ids + [product.pk]


def remove(request, product_id) -> None:
    if request.user.is_authenticated:
        ListedProduct.objects.filter(user=request.user, product_id=product_id).delete()
    else:
        request.session[SESSION_KEY] = [pk for pk in _session_ids(request) if pk != product_id]


def clear(request) -> None:
    """After the request is sent: the list starts again empty."""
    if request.user.is_authenticated:
        ListedProduct.objects.filter(user=request.user).delete()
    request.session.pop(SESSION_KEY, None)


def take_over(request, user) -> None:
    """On signing in: the visitor's list joins the account's (after what the account had)."""
    ids = _session_ids(request)
    if ids:
        kept = set(ListedProduct.objects.filter(user=user).values_list("product_id", flat=True))
        _keep(user, [pk for pk in ids if pk not in kept][:max(quoting.MAX_LINES - len(kept), 0)])
    request.session.pop(SESSION_KEY, None)


def _keep(user, ids) -> None:
    existing = set(Product.objects.filter(pk__in=ids).values_list("pk", flat=True))  # one since deleted is left out
    # a product already on the list (added again, or in two tabs at once) stays where it was
    ListedProduct.objects.bulk_create([ListedProduct(user=user, product_id=pk) for pk in ids if pk in existing],
                                      ignore_conflicts=True)
