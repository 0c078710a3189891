"""What a producer may see and do with orders: only its own lines and its own shipment; and how a
parcel gets to its buyer: to be shipped, shipped (``mark_shipped``, by its producer), delivered
(``mark_delivered``: its buyer says it arrived, on their order page, or its producer does once the
carrier's tracking shows it delivered).

A user acts for the producers whose Oscar partner lists them (``partner.users``); the portal's
pages resolve the producer first (``marketplace.portal.access``) and then ask ``shipments_of``.
A shopper may mark received only the parcels of their own orders (``parcels_bought_by``); a guest,
those of the order whose status page they reached by its link and e-mail (``parcels_of``).
The buyer is told by e-mail when a parcel is shipped, with its carrier and tracking number (owed in
the transaction that marks it, ``outbox.queue_parcel_shipped_email``).
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from . import outbox, placement
from .models import Carrier, ProducerShipment, ShipmentStatus

Partner = get_model("partner", "Partner")


class FulfilmentError(Exception):
    pass


def partners_of(user):
    if not getattr(user, "is_authenticated", False):
        return Partner.objects.none()
    return Partner.objects.filter(users=user)


def shipments_for(user):
    """The shipments of the user's producers, newest order first."""
    return (ProducerShipment.objects.filter(partner__in=partners_of(user))
            .select_related("order", "partner").order_by("-order__date_placed", "pk"))


def shipments_of(producer):
    """One producer's shipments, newest order first."""
    return (ProducerShipment.objects.filter(partner_id=producer.partner_id)
            .select_related("order", "partner").order_by("-order__date_placed", "pk"))


def status_label(shipment, order=None) -> str:
    """What a parcel's status reads, in the page's language: while it waits for money, what its order
    waits for when that is not the shop's payment (an accepted quote's order waits for its deposit,
    then for its balance), so the parcel and its order say the same; a parcel staff refunded alone
    says whether its money is back."""
    order = order or shipment.order
    if shipment.status == ShipmentStatus.AWAITING_PAYMENT and order.status != placement.STATUS_PENDING_PAYMENT:
        return placement.status_label(order.status)
    if shipment.status == ShipmentStatus.CANCELLED and shipment.refund_amount is not None:  # refunded alone
        return str(_("Cancelled and refunded") if shipment.refunded_at else _("Cancelled, refund under way"))
    return str(shipment.get_status_display())


def parcels_bought_by(user):
    """The parcels of ``user``'s own orders (none for an anonymous visitor)."""
    if not getattr(user, "is_authenticated", False):
        return ProducerShipment.objects.none()
    return ProducerShipment.objects.filter(order__user=user).select_related("order", "partner")


def parcels_of(order):
    """The parcels of ``order``: a guest's, once their order status page let them in."""
    return ProducerShipment.objects.filter(order=order).select_related("order", "partner")


def lines_of(shipment):
    return shipment.order.lines.filter(partner=shipment.partner).order_by("pk")


def mark_shipped(shipment, tracking_number, carrier):
    """The producer handed its parcel to ``carrier`` (a ``Carrier`` value) under ``tracking_number``."""
    tracking_number = (tracking_number or "").strip()
    if carrier not in Carrier.values:
        raise FulfilmentError(_("Choose the carrier you handed the parcel to."))
    if not tracking_number:
        raise FulfilmentError(_("Enter the tracking number of the parcel."))
    limit = ProducerShipment._meta.get_field("tracking_number").max_length
    if len(tracking_number) > limit:
        raise FulfilmentError(_("The tracking number is too long: at most %(limit)d characters.") % {"limit": limit})
    with transaction.atomic():
        shipment = ProducerShipment.objects.select_for_update().get(pk=shipment.pk)
        if shipment.status != ShipmentStatus.TO_SHIP:
            raise FulfilmentError(_("This parcel cannot be shipped now: it is %(status)s.") % {
                "status": shipment.get_status_display()})
        shipment.status = ShipmentStatus.SHIPPED
        shipment.carrier = carrier
        shipment.tracking_number = tracking_number
        shipment.shipped_at = timezone.now()
        shipment.save(update_fields=["status", "carrier", "tracking_number", "shipped_at"])
        outbox.queue_parcel_shipped_email(shipment.order, shipment.partner_id)
    return shipment


def mark_delivered(shipment, by_buyer=False):
    """The parcel reached its buyer. Only a shipped parcel can be; marking a delivered one again
    changes nothing (a second click, the buyer and the producer both). When the buyer says so
    (``by_buyer``), its producer is told by e-mail."""
    with transaction.atomic():
        shipment = ProducerShipment.objects.select_for_update().get(pk=shipment.pk)
        if shipment.status == ShipmentStatus.DELIVERED:
            return shipment
        if shipment.status != ShipmentStatus.SHIPPED:
            raise FulfilmentError(_("This parcel cannot be marked delivered: it is %(status)s.") % {
                "status": shipment.get_status_display()})
        shipment.status = ShipmentStatus.DELIVERED
        shipment.delivered_at = timezone.now()
        shipment.save(update_fields=["status", "delivered_at"])
        if by_buyer:
            outbox.queue_receipt_notice(shipment.order, shipment.partner_id)
    return shipment
