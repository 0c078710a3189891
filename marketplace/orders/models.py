"""Per-producer shipments of an Oscar order: each producer ships its own lines as one parcel.

Oscar's ``order.Line.partner`` already says whose line it is; a ``ProducerShipment`` carries
that parcel's status and tracking number, which the shopper sees on the order and the
producer updates when it ships.
"""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.json_fields import JSONField


class ShipmentStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    TO_SHIP = "to_ship", _("To be shipped")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


# A parcel that has left its producer: with a carrier, or delivered (``fulfilment.mark_delivered``).
# It cannot be cancelled or refunded alone any more, and counts as sold and fulfilled.
SENT = (ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED)


class Carrier(models.TextChoices):
    """The carriers Thai producers hand parcels to; "other" for any carrier not listed."""
    THAILAND_POST = "thailand_post", _("Thailand Post")
    KERRY = "kerry", _("Kerry Express (KEX)")
    FLASH = "flash", _("Flash Express")
    JT = "jt", _("J&T Express")
    BEST = "best", _("Best Express")
    NINJA_VAN = "ninja_van", _("Ninja Van")
    SCG = "scg", _("SCG Express")
    DHL = "dhl", _("DHL eCommerce")
    NIM = "nim", _("Nim Express")
    OTHER = "other", _("Other carrier")


class ProducerShipment(models.Model):
    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="producer_shipments")
    partner = models.ForeignKey("partner.Partner", on_delete=models.PROTECT, related_name="shipments")
    status = models.CharField(_("status"), max_length=32, choices=ShipmentStatus.choices,
                              default=ShipmentStatus.AWAITING_PAYMENT)
    chargeable_weight_g = models.PositiveIntegerField(_("chargeable weight (g)"), default=0)
    shipping_charge = models.DecimalField(_("shipping charge"), max_digits=12, decimal_places=2, default=0)
    carrier = models.CharField(_("carrier"), max_length=32, choices=Carrier.choices, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # Units of the order's currency per baht when the order was placed (channels.pricing's rate;
    # 1 for a baht order): the producer's sales in baht divide by it (marketplace.sales.figures),
    # so a later change of OTOP_USD_PER_THB does not rewrite past sales.
    exchange_rate = models.DecimalField(_("exchange rate per baht"), max_digits=16, decimal_places=8, default=1)
    # Staff refunded this parcel alone (``refunds.refund_parcel``): what goes back to the card (its
    # lines and its shipping), and when Stripe gave it back (None while the refund's job waits).
    refund_amount = models.DecimalField(_("refunded amount"), max_digits=12, decimal_places=2, null=True,
                                        blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)

    class Meta:
        ordering = ["order", "partner__name"]
        verbose_name = _("producer shipment")
        verbose_name_plural = _("producer shipments")
        constraints = [models.UniqueConstraint(fields=["order", "partner"], name="one_shipment_per_producer")]

    def __str__(self):
        return f"{self.order.number} / {self.partner.name}: {self.status}"


class Checkout(models.Model):
    """A checkout of the Saleor-compatible API: an Oscar basket plus who, where and how.

    The basket holds the lines (one currency, the channel's); the addresses are kept in
    Saleor's AddressInput shape until the order is placed from them.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    basket = models.OneToOneField("basket.Basket", on_delete=models.CASCADE, related_name="api_checkout")
    channel = models.ForeignKey("channels.Channel", on_delete=models.PROTECT, related_name="checkouts")
    email = models.EmailField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="api_checkouts")
    shipping_address = JSONField(null=True, blank=True)
    billing_address = JSONField(null=True, blank=True)
    # Saleor's ``saveAddress``: whether each address goes into the buyer's address book with the order
    # (``remembered``; a signed-in buyer's only).
    save_shipping_address = models.BooleanField(default=True)
    save_billing_address = models.BooleanField(default=True)
    delivery_method = models.CharField(max_length=64, blank=True)
    # Saleor's ``customerNote``: the buyer's instructions for the order, which become its shipping
    # address's notes (what the storefront's checkout asks for) when it is placed (``checkouts.complete``).
    customer_note = models.TextField(blank=True)
    language_code = models.CharField(max_length=10, default="th")
    order = models.OneToOneField("order.Order", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="api_checkout")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("API checkout")
        verbose_name_plural = _("API checkouts")

    def __str__(self):
        return str(self.token)


class PendingEmail(models.Model):
    """An e-mail an order owes: the shopper's confirmation, a producer's notice of the new order
    (``partner`` says which producer), the buyer's notice that staff refunded the order, a
    producer's notice that its parcel of that order is cancelled, or that an accepted quote's order is
    paid in full and its parcel may be shipped. Written
    in the transaction of what it tells together with the job that sends it
    (``marketplace.orders.outbox``), so the row is the job's record.

    The row stays unsent until the mailer accepted the message; the job is retried with
    ``queue.NETWORK_RETRY`` backoff and ``attempts``/``last_error`` show staff how it went.
    """

    ORDER_PLACED = "ORDER_PLACED"
    PRODUCER_NEW_ORDER = "PRODUCER_NEW_ORDER"
    ORDER_REFUNDED = "ORDER_REFUNDED"
    PRODUCER_ORDER_CANCELLED = "PRODUCER_ORDER_CANCELLED"  # staff refunded the order: do not ship the parcel
    PRODUCER_MAY_SHIP = "PRODUCER_MAY_SHIP"  # an accepted quote's order is paid in full: ship the parcel
    PARCEL_REFUNDED = "PARCEL_REFUNDED"  # to the buyer: staff refunded one producer's parcel (``partner``)
    PARCEL_SHIPPED = "PARCEL_SHIPPED"  # to the buyer: producer ``partner`` handed its parcel to a carrier
    PRODUCER_PARCEL_RECEIVED = "PRODUCER_PARCEL_RECEIVED"  # to the producer: the buyer says its parcel arrived

    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="pending_emails")
    kind = models.CharField(max_length=32, default=ORDER_PLACED)
    partner = models.ForeignKey("partner.Partner", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="pending_emails")
    # Kept from the request that placed the order: a retry has no request to build them from.
    # The shopper's order status page, or for a producer's notice its parcel in the portal.
    status_url = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=10, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pending e-mail")
        verbose_name_plural = _("pending e-mails")

    def __str__(self):
        return f"{self.kind} {self.order.number} ({'sent' if self.sent_at else f'{self.attempts} attempts'})"
