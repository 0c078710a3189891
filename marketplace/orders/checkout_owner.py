"""Who may see and change a checkout, as Saleor decides: a checkout that belongs to a user is
visible and changeable only by that user and by staff; a guest checkout (no user) by whoever holds
its id. For everyone else a user's checkout does not exist (the API answers NOT_FOUND, revealing
nothing). Every lookup of a checkout by its id goes through ``visible_to``."""
from django.db.models import Q


def visible_to(checkouts, user):
    """``checkouts`` (a queryset) narrowed to those ``user`` may see and change."""
    if getattr(user, "is_authenticated", False) and user.is_staff:
        return checkouts
    if getattr(user, "is_authenticated", False):
        return checkouts.filter(Q(user__isnull=True) | Q(user=user))
    return checkouts.filter(user__isnull=True)
