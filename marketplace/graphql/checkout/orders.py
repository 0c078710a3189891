"""Saleor's Order for the shopper who placed it, ``checkoutComplete`` and ``order(id)``.

An order's id carries Oscar's verification hash next to its number: knowing the id is what
lets a guest open the order the checkout just placed, and a number alone opens nothing.
Each producer's parcel is a Saleor fulfillment once it has shipped.
"""
import graphene
from graphql import GraphQLError
from oscar.core.loading import get_model

from marketplace.graphql.account.metadata import ObjectWithMetadata
from marketplace.graphql.catalog.stocks import Warehouse
from marketplace.graphql.catalog.types import ProductVariant
from marketplace.graphql.channels.types import Channel
from marketplace.graphql.core.ids import decode_id, global_id
from marketplace.graphql.core.media import Image, image, placeholder_image
from marketplace.graphql.core.mutations import BaseMutation
from marketplace.graphql.core.money import Money, TaxedMoney, money
from marketplace.graphql.core.scalars import DateTime
from marketplace.orders import checkouts, delivery_notes, refunds
from marketplace.orders.currency import channel_for
from marketplace.orders.errors import CheckoutError as CheckoutRefusal, CheckoutErrorCode
from marketplace.orders.models import SENT, ShipmentStatus
from marketplace.orders.placement import STATUS_CANCELLED, STATUS_PAID, STATUS_REFUND_PENDING, STATUS_REFUNDED

from .common import ADDRESSES_AND_USER, Address, CheckoutError, order_address_value
from .mutations import find_checkout
from .types import ShippingMethod, _variant

Order = get_model("order", "Order")


def order_id(order):
    return global_id("Order", f"{order.number}.{order.verification_hash()}")


def find_order(value, user):
    """The order ``value`` names, for whoever holds its id or for its signed-in owner; else None."""
    try:
        key = decode_id(value, "Order")
    except GraphQLError:
        return None
    number, _dot, signature = str(key).partition(".")
    order = Order.objects.filter(number=number).select_related(*ADDRESSES_AND_USER).first()
    if order is None:
        return None
    if signature == order.verification_hash() or (order.user_id and order.user_id == getattr(user, "pk", None)):
        return order
    return None


# The enums carry all of Saleor 3.23's values, also those the marketplace never gives (no draft orders,
# no returns, no partial charges): clients' generated code maps every value (a storefront's
# `Record<OrderStatus, …>`), so a missing one breaks their build.
class OrderStatus(graphene.Enum):
    DRAFT = "draft"
    UNCONFIRMED = "unconfirmed"
    UNFULFILLED = "unfulfilled"
    PARTIALLY_FULFILLED = "partially fulfilled"
    PARTIALLY_RETURNED = "partially_returned"
    RETURNED = "returned"
    FULFILLED = "fulfilled"
    CANCELED = "canceled"
    EXPIRED = "expired"


class PaymentChargeStatusEnum(graphene.Enum):
    NOT_CHARGED = "not-charged"
    PENDING = "pending"
    PARTIALLY_CHARGED = "partially-charged"
    FULLY_CHARGED = "fully-charged"
    PARTIALLY_REFUNDED = "partially-refunded"
    FULLY_REFUNDED = "fully-refunded"
    REFUSED = "refused"
    CANCELLED = "cancelled"


class OrderChargeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class OrderAuthorizeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class FulfillmentStatus(graphene.Enum):
    FULFILLED = "fulfilled"
    REFUNDED = "refunded"
    RETURNED = "returned"
    REPLACED = "replaced"
    REFUNDED_AND_RETURNED = "refunded_and_returned"
    CANCELED = "canceled"
    WAITING_FOR_APPROVAL = "waiting_for_approval"


class OrderDiscountType(graphene.Enum):
    SALE = "sale"
    VOUCHER = "voucher"
    MANUAL = "manual"
    PROMOTION = "promotion"
    ORDER_PROMOTION = "order_promotion"


class OrderDiscount(graphene.ObjectType):
    type = graphene.Field(OrderDiscountType, required=True)
    name = graphene.String()
    amount = graphene.Field(Money, required=True)


class Voucher(graphene.ObjectType):
    code = graphene.String()


class OrderLine(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    quantity = graphene.Int(required=True)
    variant = graphene.Field(ProductVariant)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(TaxedMoney, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    thumbnail = graphene.Field(Image, size=graphene.Int(), format=graphene.Argument(
        "marketplace.graphql.core.enums.ThumbnailFormatEnum"))

    @staticmethod
    def resolve_product_name(root, info):
        return root.title

    @staticmethod
    def resolve_variant_name(root, info):
        return ""

    @staticmethod
    def resolve_product_sku(root, info):
        return root.partner_sku

    @staticmethod
    def resolve_variant(root, info):
        if root.product is None:
            return None
        return _variant(root.product, channel_for(root.order.currency))

    @staticmethod
    def resolve_unit_price(root, info):
        return money(root.unit_price_incl_tax, root.order.currency)

    resolve_undiscounted_unit_price = resolve_unit_price

    @staticmethod
    def resolve_total_price(root, info):
        return money(root.line_price_incl_tax, root.order.currency)

    @staticmethod
    def resolve_thumbnail(root, info, size=None, format=None):
        first = root.product.images.first() if root.product else None
        if first is None or not first.original:
            return placeholder_image(info, root.title, size, format)
        return image(info, first.original, root.title)


class FulfillmentLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    order_line = graphene.Field(OrderLine)


class Fulfillment(graphene.ObjectType):
    """One producer's parcel, once shipped."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    fulfillment_order = graphene.Int(required=True)
    status = graphene.Field(FulfillmentStatus, required=True)
    tracking_number = graphene.String(required=True)
    created = DateTime(required=True)
    lines = graphene.List(graphene.NonNull(FulfillmentLine))

    @staticmethod
    def resolve_fulfillment_order(root, info):
        return root.pk

    @staticmethod
    def resolve_status(root, info):
        return FulfillmentStatus.FULFILLED.value

    @staticmethod
    def resolve_created(root, info):
        return root.shipped_at

    @staticmethod
    def resolve_lines(root, info):
        return [FulfillmentLine(id=global_id("FulfillmentLine", line.pk), quantity=line.quantity, order_line=line)
                for line in root.order.lines.filter(partner=root.partner)]


class DeliveryMethod(graphene.Union):
    """Saleor's: a shipping method, or a warehouse to collect from. The marketplace's parcels go from
    each producer to the buyer and none is collected, so an order's is never a warehouse."""

    class Meta:
        types = (Warehouse, ShippingMethod)


class OrderType(graphene.ObjectType):
    class Meta:
        name = "Order"
        interfaces = (graphene.relay.Node, ObjectWithMetadata)  # the metadata its checkout had (read-only)

    number = graphene.String(required=True)
    created = DateTime(required=True)
    status = graphene.Field(OrderStatus, required=True)
    status_display = graphene.String(required=True)
    payment_status = graphene.Field(PaymentChargeStatusEnum, required=True)
    is_paid = graphene.Boolean(required=True)
    charge_status = graphene.Field(OrderChargeStatusEnum, required=True)
    authorize_status = graphene.Field(OrderAuthorizeStatusEnum, required=True)
    user_email = graphene.String()
    customer_note = graphene.String(required=True)
    channel = graphene.Field(Channel, required=True)
    shipping_address = graphene.Field(Address)
    billing_address = graphene.Field(Address)
    delivery_method = graphene.Field(DeliveryMethod)
    shipping_method_name = graphene.String()
    lines = graphene.NonNull(graphene.List(graphene.NonNull(OrderLine)))
    fulfillments = graphene.NonNull(graphene.List(graphene.NonNull(Fulfillment)))
    discounts = graphene.NonNull(graphene.List(graphene.NonNull(OrderDiscount)))
    voucher = graphene.Field(Voucher)
    subtotal = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    total = graphene.Field(TaxedMoney, required=True)
    total_balance = graphene.Field(Money, required=True)
    total_captured = graphene.Field(Money, required=True)
    total_refunded = graphene.Field(Money, required=True, description="Amount refunded.")

    @staticmethod
    def resolve_id(root, info):
        return f"{root.number}.{root.verification_hash()}"

    @staticmethod
    def resolve_created(root, info):
        return root.date_placed

    @staticmethod
    def resolve_status(root, info):
        if root.status in (STATUS_CANCELLED, STATUS_REFUND_PENDING, STATUS_REFUNDED):  # refunded: its parcels cancelled
            return OrderStatus.CANCELED.value
        statuses = set(root.producer_shipments.values_list("status", flat=True))
        if statuses and statuses <= set(SENT):
            return OrderStatus.FULFILLED.value
        if statuses & set(SENT):
            return OrderStatus.PARTIALLY_FULFILLED.value
        return OrderStatus.UNFULFILLED.value

    @staticmethod
    def resolve_status_display(root, info):
        return root.status

    @staticmethod
    def resolve_is_paid(root, info):
        # a refund staff asked for holds the money until Stripe has given it back
        return root.status in (STATUS_PAID, STATUS_REFUND_PENDING) or root.producer_shipments.exclude(
            status__in=[ShipmentStatus.AWAITING_PAYMENT, ShipmentStatus.CANCELLED]).exists()

    @staticmethod
    def resolve_payment_status(root, info):
        if root.status == STATUS_REFUNDED:
            return PaymentChargeStatusEnum.FULLY_REFUNDED.value
        paid = OrderType.resolve_is_paid(root, info)
        if not paid:
            return PaymentChargeStatusEnum.NOT_CHARGED.value
        if root.producer_shipments.filter(refunded_at__isnull=False).exists():  # a parcel refunded alone
            return PaymentChargeStatusEnum.PARTIALLY_REFUNDED.value
        return PaymentChargeStatusEnum.FULLY_CHARGED.value

    @staticmethod
    def resolve_charge_status(root, info):
        return OrderChargeStatusEnum.FULL.value if OrderType.resolve_is_paid(root, info) else OrderChargeStatusEnum.NONE.value

    @staticmethod
    def resolve_authorize_status(root, info):
        return OrderAuthorizeStatusEnum.FULL.value if OrderType.resolve_is_paid(root, info) else \
            OrderAuthorizeStatusEnum.NONE.value

    @staticmethod
    def resolve_user_email(root, info):
        return root.email

    @staticmethod
    def resolve_customer_note(root, info):
        return delivery_notes.of_order(root)

    @staticmethod
    def resolve_channel(root, info):
        return channel_for(root.currency)

    @staticmethod
    def resolve_shipping_address(root, info):
        return order_address_value(root.shipping_address, f"order-{root.pk}-shipping")

    @staticmethod
    def resolve_billing_address(root, info):
        return order_address_value(root.billing_address, f"order-{root.pk}-billing")

    @staticmethod
    def resolve_delivery_method(root, info):
        return None  # the parcels are described by shippingPrice and fulfillments

    @staticmethod
    def resolve_lines(root, info):
        return list(root.lines.select_related("product", "product__profile", "order").order_by("pk"))

    @staticmethod
    def resolve_fulfillments(root, info):
        return list(root.producer_shipments.filter(status__in=SENT).select_related("order", "partner"))

    @staticmethod
    def resolve_discounts(root, info):
        voucher, promotion = OrderDiscountType.VOUCHER.value, OrderDiscountType.PROMOTION.value
        return [OrderDiscount(type=voucher if d.voucher_id else promotion, name=d.offer_name,
                              amount=money(d.amount, root.currency)) for d in root.discounts.all()]

    @staticmethod
    def resolve_voucher(root, info):
        discount = root.discounts.exclude(voucher_code="").first()
        return Voucher(code=discount.voucher_code) if discount else None

    @staticmethod
    def resolve_subtotal(root, info):
        return money(root.basket_total_incl_tax, root.currency)

    @staticmethod
    def resolve_shipping_price(root, info):
        return money(root.shipping_incl_tax, root.currency)

    @staticmethod
    def resolve_total(root, info):
        return money(root.total_incl_tax, root.currency)

    @staticmethod
    def _captured(root, info):
        """What the buyer's card was charged and still holds: the total less what was refunded."""
        if not OrderType.resolve_is_paid(root, info):
            return 0
        return root.total_incl_tax - refunds.refunded_amount(root)

    @staticmethod
    def resolve_total_balance(root, info):
        return money(OrderType._captured(root, info) - root.total_incl_tax, root.currency)

    @staticmethod
    def resolve_total_captured(root, info):
        return money(OrderType._captured(root, info), root.currency)

    @staticmethod
    def resolve_total_refunded(root, info):
        return money(refunds.refunded_amount(root), root.currency)


class CheckoutComplete(BaseMutation):
    """Place the order for a paid checkout; if it cannot be placed, the payment is refunded or voided."""

    class Meta:
        error_type = CheckoutError
        permissions = ()

    class Arguments:
        id = graphene.ID()
        payment_data = graphene.JSONString()
        redirect_url = graphene.String()
        store_source = graphene.Boolean(default_value=False)

    order = graphene.Field(OrderType)
    confirmation_needed = graphene.Boolean(required=True)
    confirmation_data = graphene.JSONString()

    @classmethod
    def perform_mutation(cls, root, info, id=None, payment_data=None, redirect_url=None, store_source=False):
        try:
            checkout = find_checkout(id, user=info.context.user)
        except CheckoutRefusal as refusal:
            if refusal.code != CheckoutErrorCode.NOT_FOUND:
                raise
            # Completed already (the storefront asks again when the first answer was lost): the order
            # it placed, as Saleor answers, to whoever may see the checkout; otherwise NOT_FOUND
            try:
                placed = find_checkout(id, user=info.context.user, placed=True)
            except CheckoutRefusal:
                raise refusal from None
            return cls(order=placed.order, confirmation_needed=False, errors=[])
        order = checkouts.complete(checkout, request=info.context)
        return cls(order=order, confirmation_needed=False, errors=[])

    @classmethod
    def refused(cls, refusal):
        return cls(order=None, confirmation_needed=False, errors=cls.errors_of(refusal))
