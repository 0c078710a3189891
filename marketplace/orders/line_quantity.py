"""The most units of one product a line may hold, in the basket pages and in the checkout API.

The limit is on the line as it would be after the change — what the line already holds plus what
is added, the quantities of one product given twice in one request summed — never on the number
in the request alone. ``checkouts`` asks ``check`` for the Saleor-compatible API; Oscar's basket
pages ask ``refusal`` through the availability policy of ``strategy.ChannelStrategy`` (which
Oscar's add-to-basket form calls with the line's resulting quantity) and through the basket
page's line form (``capped_basket_line_form``). All give the same message.
"""
from django import forms
from django.utils.translation import gettext as _

from marketplace.catalog.names import product_name

from .errors import CheckoutError, CheckoutErrorCode

MAX_LINE_QUANTITY = 50  # Saleor's default per-line limit


def refusal(product, quantity) -> str | None:
    """Why a line of ``quantity`` units of ``product`` may not be, or None when it may."""
    if quantity <= MAX_LINE_QUANTITY:
        return None
    return _("At most %(max)d of %(product)s fit in one line (this would make %(quantity)d).") % {
        "max": MAX_LINE_QUANTITY, "product": product_name(product), "quantity": quantity}


def check(product, quantity, field="quantity"):
    """Raise ``QUANTITY_GREATER_THAN_LIMIT`` when a line of ``quantity`` units of ``product`` is too big."""
    message = refusal(product, quantity)
    if message is not None:
        raise CheckoutError(CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT, message, field=field, product=product)


def capped_basket_line_form(oscar_form):
    """Oscar's basket line form (the quantities on the basket page) held to the limit with this
    module's message (Oscar words a refused line total as a stock shortage); its number field stops
    at the limit. Through Oscar's class loader (``marketplace/core/oscar_classes.py``)."""

    class BasketLineForm(oscar_form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            attrs = self.fields["quantity"].widget.attrs
            attrs["max"] = min(int(attrs.get("max") or MAX_LINE_QUANTITY), MAX_LINE_QUANTITY)

        def check_max_allowed_quantity(self, qty):
            message = refusal(self.instance.product, qty)
            if message is not None:
                raise forms.ValidationError(message)
            super().check_max_allowed_quantity(qty)

    return BasketLineForm
