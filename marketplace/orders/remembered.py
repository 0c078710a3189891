"""A signed-in buyer's order addresses go into their address book, as Oscar's checkout and Saleor's
``checkoutComplete`` put them there: the next checkout offers them instead of asking again.

``remember`` runs in the transaction that places the order (``placement.place_order``), for the
addresses the front end says to keep: the storefront keeps the shipping address (Oscar's rule), the
API each address its checkout was not told not to keep (Saleor's ``saveAddress``, true unless given
false). An address already in the book (the same place, by Oscar's hash of its fields) is not added
again: its order count grows, and a company given now replaces the one it had. The first address of
a kind kept while the buyer has no default of that kind becomes it. A guest has no book: nothing is kept.
"""
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
    entry = UserAddress(user=user)
    address.populate_alternative_model(entry)
    entry.id, entry.code = None, None
    found = UserAddress.objects.select_for_update().filter(user=user, hash=entry.generate_hash()).first()
    if found is not None:
        entry = found
    if not UserAddress.objects.filter(user=user, **{_DEFAULT[kind]: True}).exists():
        setattr(entry, _DEFAULT[kind], True)
    setattr(entry, _COUNTED[kind], getattr(entry, _COUNTED[kind]) + 1)
    company = companies.company_of(address)
    if found is None or company:
        companies.attach(entry, company)
    entry.save()
    companies.keep(entry)
    return entry
