"""Guest orders find their account, as in Saleor: an order a guest places with the e-mail of an
account belongs to that account (``place_order``), and the orders placed as a guest before an
account existed join it once its holder has shown the e-mail is theirs, by the link of a
confirmation or password-reset e-mail (``accounts.confirmation``, ``accounts.reset``).

Only orders without an account move, and only to the account whose e-mail they were placed
with: an order never changes hands between accounts. Registering alone proves nothing (anyone
may type anyone's address), so it attaches nothing.
"""
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

Order = get_model("order", "Order")


def account_for(email):
    """The active account with the e-mail ``email`` (case aside), or None."""
    email = (email or "").strip()
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=email, is_active=True).order_by("pk").first()


def attach_to(user) -> int:
    """Gives ``user`` the guest orders placed with their e-mail; returns how many."""
    if not user.email:
        return 0
    return Order.objects.filter(user__isnull=True, guest_email__iexact=user.email).update(user=user)
