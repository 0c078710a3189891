"""Saleor's Checkout, CheckoutLine, ShippingMethod, Delivery and PaymentGateway types over
``marketplace.orders.checkouts``. Roots: an orders ``Checkout`` (its basket priced in its
channel's currency), a basket line, a priced ``ParcelShipping`` method."""
import graphene
from django.conf import settings

from marketplace.graphql.account.metadata import ObjectWithMetadata
from marketplace.graphql.catalog.types import ProductVariant, Variant
from marketplace.graphql.channels.types import Channel
from marketplace.graphql.core.enums import LanguageCodeEnum
from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.money import Money, TaxedMoney, money
from marketplace.orders import checkouts, line_problems
from marketplace.payments import intents

from .common import Address, address_value

STRIPE_GATEWAY = "saleor.app.payment.stripe"
DELIVERY_DAYS = {True: (2, 4), False: (5, 14)}  # domestic, abroad: what the parcel services quote


class ShippingMethodType(graphene.Enum):
    PRICE = "price"
    WEIGHT = "weight"


class ShippingMethod(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    description = graphene.String()
    active = graphene.Boolean(required=True)
    message = graphene.String()
    type = graphene.Field(ShippingMethodType)
    price = graphene.Field(Money, required=True)
    minimum_delivery_days = graphene.Int()
    maximum_delivery_days = graphene.Int()

    @staticmethod
    def resolve_id(root, info):
        return root.code

    @staticmethod
    def resolve_name(root, info):
        return str(root.name)

    @staticmethod
    def resolve_description(root, info):
        return str(root.description)

    @staticmethod
    def resolve_active(root, info):
        return True

    @staticmethod
    def resolve_type(root, info):
        return ShippingMethodType.WEIGHT.value

    @staticmethod
    def resolve_price(root, info):
        return money(root.charge, root.currency)

    @staticmethod
    def resolve_minimum_delivery_days(root, info):
        return DELIVERY_DAYS[root.quote.zone.is_domestic][0]

    @staticmethod
    def resolve_maximum_delivery_days(root, info):
        return DELIVERY_DAYS[root.quote.zone.is_domestic][1]


class Delivery(graphene.ObjectType):
    id = graphene.ID(required=True)
    shipping_method = graphene.Field(ShippingMethod)

    @staticmethod
    def resolve_id(root, info):
        return global_id("CheckoutDelivery", root.code)  # Saleor's type name for a delivery's id

    @staticmethod
    def resolve_shipping_method(root, info):
        return root


class GatewayConfigLine(graphene.ObjectType):
    field = graphene.String(required=True)
    value = graphene.String()


class PaymentGateway(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    currencies = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    config = graphene.NonNull(graphene.List(graphene.NonNull(GatewayConfigLine)))


def stripe_gateway(currency):
    return PaymentGateway(id=STRIPE_GATEWAY, name="Stripe", currencies=["THB", "USD"] if currency else [],
                          config=[GatewayConfigLine(field="api_key", value=settings.STRIPE_PUBLISHABLE_KEY)])


class GiftCard(graphene.ObjectType):
    """Saleor's gift cards: the marketplace sells none, so a checkout's list is always empty."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    display_code = graphene.String(required=True)
    current_balance = graphene.Field(Money, required=True)


class CheckoutProblemDeliveryMethodStale(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutProblemDeliveryMethodInvalid(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutAuthorizeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class CheckoutChargeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


def _variant(product, channel):
    product.api_channel = channel
    return Variant(product)


class CheckoutLine(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    quantity = graphene.Int(required=True)
    variant = graphene.Field(ProductVariant, required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(Money, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(Money, required=True)
    requires_shipping = graphene.Boolean(required=True)

    @staticmethod
    def resolve_variant(root, info):
        return _variant(root.product, root.basket.api_checkout.channel)

    @staticmethod
    def resolve_unit_price(root, info):
        return money(root.unit_price_incl_tax, root.price_currency)

    resolve_undiscounted_unit_price = resolve_unit_price

    @staticmethod
    def resolve_total_price(root, info):
        return money(root.line_price_incl_tax_incl_discounts, root.price_currency)

    @staticmethod
    def resolve_undiscounted_total_price(root, info):
        return money(root.line_price_incl_tax, root.price_currency)

    @staticmethod
    def resolve_requires_shipping(root, info):
        return True


class CheckoutLineProblemInsufficientStock(graphene.ObjectType):
    available_quantity = graphene.Int()
    line = graphene.Field(CheckoutLine, required=True)
    variant = graphene.Field(ProductVariant, required=True)


class CheckoutLineProblemVariantNotAvailable(graphene.ObjectType):
    line = graphene.Field(CheckoutLine, required=True)


class CheckoutProblem(graphene.Union):
    class Meta:
        types = (CheckoutProblemDeliveryMethodStale, CheckoutProblemDeliveryMethodInvalid,
                 CheckoutLineProblemInsufficientStock, CheckoutLineProblemVariantNotAvailable)


def _line_problem(problem, channel):
    if isinstance(problem, line_problems.ShortOfStock):
        return CheckoutLineProblemInsufficientStock(available_quantity=problem.available, line=problem.line,
                                                    variant=_variant(problem.line.product, channel))
    return CheckoutLineProblemVariantNotAvailable(line=problem.line)


class Checkout(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)  # metadata: marketplace.metadata

    token = graphene.UUID(required=True)
    email = graphene.String()
    customer_note = graphene.String(required=True)
    channel = graphene.Field(Channel, required=True)
    user = graphene.Field("marketplace.graphql.account.types.User")
    lines = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutLine)))
    quantity = graphene.Int(required=True)
    shipping_address = graphene.Field(Address)
    billing_address = graphene.Field(Address)
    is_shipping_required = graphene.Boolean(required=True)
    shipping_methods = graphene.NonNull(graphene.List(graphene.NonNull(ShippingMethod)))
    available_shipping_methods = graphene.NonNull(graphene.List(graphene.NonNull(ShippingMethod)))
    shipping_method = graphene.Field(ShippingMethod)
    delivery = graphene.Field(Delivery)
    available_payment_gateways = graphene.NonNull(graphene.List(graphene.NonNull(PaymentGateway)))
    gift_cards = graphene.NonNull(graphene.List(graphene.NonNull(GiftCard)))
    voucher_code = graphene.String()
    discount = graphene.Field(Money)
    discount_name = graphene.String()
    translated_discount_name = graphene.String()
    problems = graphene.List(graphene.NonNull(CheckoutProblem))
    authorize_status = graphene.Field(CheckoutAuthorizeStatusEnum, required=True)
    charge_status = graphene.Field(CheckoutChargeStatusEnum, required=True)
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    language_code = graphene.Field(LanguageCodeEnum, required=True)

    @staticmethod
    def resolve_id(root, info):
        return str(root.token)

    @staticmethod
    def resolve_lines(root, info):
        return root.basket.all_lines()

    @staticmethod
    def resolve_quantity(root, info):
        return root.basket.num_items

    @staticmethod
    def resolve_shipping_address(root, info):
        return address_value(root.shipping_address, f"checkout-{root.token}-shipping")

    @staticmethod
    def resolve_billing_address(root, info):
        return address_value(root.billing_address, f"checkout-{root.token}-billing")

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return True

    @staticmethod
    def resolve_shipping_methods(root, info):
        return checkouts.delivery_options(root)

    resolve_available_shipping_methods = resolve_shipping_methods

    @staticmethod
    def resolve_shipping_method(root, info):
        return checkouts.chosen_method(root)

    resolve_delivery = resolve_shipping_method

    @staticmethod
    def resolve_available_payment_gateways(root, info):
        return [stripe_gateway(root.channel.currency_code)]

    @staticmethod
    def resolve_gift_cards(root, info):
        return []

    @staticmethod
    def resolve_voucher_code(root, info):
        voucher = root.basket.vouchers.first()
        return voucher.code if voucher else None

    @staticmethod
    def resolve_discount(root, info):
        basket = root.basket
        return money(basket.total_excl_tax_excl_discounts - basket.total_excl_tax, root.channel.currency_code)

    @staticmethod
    def resolve_discount_name(root, info):
        voucher = root.basket.vouchers.first()
        return voucher.name if voucher else None

    resolve_translated_discount_name = resolve_discount_name

    @staticmethod
    def resolve_problems(root, info):
        # A chosen method that no longer applies is dropped when the address changes, so there
        # is never a stale or invalid delivery method to report; lines can be short or delisted.
        return [_line_problem(problem, root.channel) for problem in line_problems.line_problems(root.basket)]

    @staticmethod
    def resolve_authorize_status(root, info):
        return _covered(root, CheckoutAuthorizeStatusEnum, intents.HELD_OR_PAID)

    @staticmethod
    def resolve_charge_status(root, info):
        # a card is only authorised until the order is placed: then it is charged
        return _covered(root, CheckoutChargeStatusEnum, intents.PAID_STATUSES)

    @staticmethod
    def resolve_subtotal_price(root, info):
        return money(checkouts.totals(root)[0].incl_tax, root.channel.currency_code)

    @staticmethod
    def resolve_shipping_price(root, info):
        return money(checkouts.totals(root)[1].incl_tax, root.channel.currency_code)

    @staticmethod
    def resolve_total_price(root, info):
        return money(checkouts.totals(root)[2].incl_tax, root.channel.currency_code)


def _covered(checkout, enum, statuses):
    payment = checkouts.latest_payment(checkout)
    if payment is not None and payment.status in statuses:
        return enum.FULL.value
    return enum.NONE.value
