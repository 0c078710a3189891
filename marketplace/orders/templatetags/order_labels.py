"""An order's status and shipping method in the page's language: ``{{ order.status|order_status }}``
(the labels: ``placement.STATUS_LABELS``), ``{{ order|shipping_method }}`` (``shipping.methods.method_name``)
a producer's parcel, ``{{ shipment|parcel_status:order }}`` (``fulfilment.status_label``), the buyer's
delivery instructions, ``{{ order|delivery_note }}`` (``delivery_notes.of_order``); and
``{% with order=order|without_billing_address %}``, the order as Oscar's payment tab reads it below the
billing address the page shows itself."""
from django import template

from marketplace.orders import delivery_notes, fulfilment
from marketplace.orders.placement import status_label
from marketplace.shipping.methods import method_name

register = template.Library()


@register.filter
def order_status(status):
    return status_label(status)


@register.filter
def shipping_method(order):
    return method_name(order.shipping_code, order.shipping_method) if order else ""


@register.filter
def parcel_status(shipment, order=None):
    return fulfilment.status_label(shipment, order or None)


@register.filter
def delivery_note(order):
    return delivery_notes.of_order(order) if order else ""


class _WithoutBillingAddress:
    """``order`` in every way but its billing address: Oscar's payment tab (staff's order page) prints
    the billing address with its own lines (no company, the country in English), so the page shows it
    itself (``address_fields``) and gives Oscar's block this order, which has none to print."""

    billing_address = None

    def __init__(self, order):
        self._order = order

    def __getattr__(self, name):
        return getattr(self._order, name)


@register.filter
def without_billing_address(order):
    return _WithoutBillingAddress(order)
