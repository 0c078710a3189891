"""An order's status and shipping method in the page's language: ``{{ order.status|order_status }}``
(the labels: ``placement.STATUS_LABELS``), ``{{ order|shipping_method }}`` (``shipping.methods.method_name``)
and a producer's parcel, ``{{ shipment|parcel_status:order }}`` (``fulfilment.status_label``)."""
from django import template

from marketplace.orders import fulfilment
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
