"""Shipping offers are not supported: shipping has one price, the parcels' (``pricing``), at which the
order is placed (``orders.placement.shipping_method_for``) and which every checkout page shows
(``methods.ParcelRepository`` applies no shipping offer). So that staff do not make an offer that
would silently do nothing, the dashboard's offer wizard does not offer shipping incentives: Oscar's
``BenefitForm``, through the class loader (``marketplace/core/oscar_classes.py``)."""
from oscar.core.loading import get_model

Benefit = get_model("offer", "Benefit")
SHIPPING_BENEFITS = frozenset({Benefit.SHIPPING_ABSOLUTE, Benefit.SHIPPING_FIXED_PRICE, Benefit.SHIPPING_PERCENTAGE})


def benefit_form_without_shipping(oscar_form):
    """Oscar's dashboard ``BenefitForm`` whose incentive types leave out the shipping ones (chosen or posted)."""

    class BenefitForm(oscar_form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields["type"]
            field.choices = [(value, label) for value, label in field.choices if value not in SHIPPING_BENEFITS]

    BenefitForm.__module__ = __name__
    return BenefitForm
