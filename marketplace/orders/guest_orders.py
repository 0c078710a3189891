"""Guest orders find their account: an order a guest places with the e-mail of an account whose
address is confirmed belongs to that account (``place_order``), and the orders placed as a guest
before it was confirmed join it once its holder shows the e-mail is theirs, by a link mailed to it
(``address_proof``: a confirmation, a password reset, an e-mail change, an invitation).

Only orders without an account move, and only to the account whose e-mail they were placed
with: an order never changes hands between accounts. Registering alone proves nothing (anyone
may type anyone's address), so an account whose address is not confirmed gets no guest order,
earlier or later (Saleor gives later ones to any active account with the address).
"""
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from marketplace.orders import address_proof

Order = get_model("order", "Order")


def account_for(email):
    """The active account with the e-mail ``email`` (case aside) whose address is confirmed, or None."""
    email = (email or "").strip()
    if not email:
        return None
    accounts = get_user_model().objects.filter(email__iexact=email, is_active=True).order_by("pk")
    return next((user for user in accounts if address_proof.is_confirmed(user)), None)


def attach_to(user) -> int:
    """Gives ``user`` the guest orders placed with their e-mail; returns how many."""
    if not user.email:
        return 0
    return Order.objects.filter(user__isnull=True, guest_email__iexact=user.email).update(user=user)
