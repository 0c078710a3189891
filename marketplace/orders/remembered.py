"""A signed-in buyer's order addresses go into their address book, as Oscar's checkout and Saleor's
``checkoutComplete`` put them there: the next checkout offers them instead of asking again.

``remember`` runs in the transaction that places the order (``placement.place_order``), for the
addresses the front end says to keep: the storefront keeps the shipping address (Oscar's rule), the
API each address its checkout was not told not to keep (Saleor's ``saveAddress``, true unless given
false). An address already in the book (the same place, by Oscar's hash of its fields) is not added
again: its order count grows, and a company given now replaces the one it had. The first address of
a kind kept while the buyer has no default of that kind becomes it. A guest has no book: nothing is kept.
"""
from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from marketplace.shipping import companies

UserAddress = get_model("address", "UserAddress")
SHIPPING, BILLING = "shipping", "billing"
_COUNTED = {SHIPPING: "num_orders_as_shipping_address", BILLING: "num_orders_as_billing_address"}
_DEFAULT = {SHIPPING: "is_default_for_shipping", BILLING: "is_default_for_billing"}


def remember(user, address, kind) -> "UserAddress | None":
    """Keep the order's ``address`` (saved) in ``user``'s address book as a ``kind`` address; the
    book's entry, or None for a guest."""
    if address is None or user is None or not user.is_authenticated:
        return None
    for _attempt in range(2):
        new = UserAddress(user=user)
        address.populate_alternative_model(new)
        new.id, new.code = None, None
        found = UserAddress.objects.select_for_update().filter(user=user, hash=new.generate_hash()).first()
        entry = found or new
        if not UserAddress.objects.filter(user=user, **{_DEFAULT[kind]: True}).exists():
            setattr(entry, _DEFAULT[kind], True)
        setattr(entry, _COUNTED[kind], getattr(entry, _COUNTED[kind]) + 1)
        company = companies.company_of(address)
        if found is None or company:
            companies.attach(entry, company)
        try:
            with transaction.atomic():  # the buyer's other order may add the same place at this moment:
                entry.save()             # then it is found on the second pass, and this order stands
                companies.keep(entry)
        except IntegrityError:
            if found is not None:
                raise
            continue
        return entry
    return None
