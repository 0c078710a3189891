"""The buyer's delivery instructions for an order, in one place: the notes of its shipping address,
which the storefront's checkout asks for and the API's ``customerNote`` sets (``checkouts``). Each
producer shipping a parcel of the order reads them on its order page and in its new-order e-mail;
staff and the buyer see them with the address."""


def of_order(order) -> str:
    """The buyer's note for ``order`` ("" when there is none)."""
    address = order.shipping_address if order.shipping_address_id else None
    return ((address.notes if address is not None else "") or "").strip()
