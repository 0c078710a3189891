"""Saleor's transactions flow with the Saleor Stripe app's contract: ``paymentGatewayInitialize``
gives ``{stripePublishableKey}``, ``transactionInitialize`` creates the PaymentIntent and gives
``{paymentIntent: {stripeClientSecret}}`` for Stripe.js, ``transactionProcess`` reports how
the intent stands after the browser confirmed it. Card data never reaches this server."""
import logging

import graphene
from django.conf import settings
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.graphql.core.ids import decode_id
from marketplace.graphql.core.mutations import BaseMutation, error_type
from marketplace.orders import checkouts
from marketplace.orders.errors import CheckoutError
from marketplace.payments import gateway, intents
from marketplace.payments.errors import PaymentGatewayErrorCode
from marketplace.payments.errors import InitializeCode, InitializeRefusal, ProcessCode, ProcessRefusal
from marketplace.payments.models import PaymentMethodType, StripePayment

from .common import JSON, PositiveDecimal
from .mutations import find_checkout
from .types import STRIPE_GATEWAY

logger = logging.getLogger(__name__)


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(required=True)
    data = JSON()


PaymentGatewayConfigError = error_type("PaymentGatewayConfigError", PaymentGatewayErrorCode)


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True)
    data = JSON()
    errors = graphene.List(graphene.NonNull(PaymentGatewayConfigError))


PaymentGatewayInitializeError = error_type("PaymentGatewayInitializeError", PaymentGatewayErrorCode)


class PaymentGatewayInitialize(BaseMutation):
    """The configuration Stripe.js needs: the publishable key."""

    class Meta:
        error_type = PaymentGatewayInitializeError
        permissions = ()

    class Arguments:
        id = graphene.ID(required=True)
        amount = PositiveDecimal()
        payment_gateways = graphene.List(graphene.NonNull(PaymentGatewayToInitialize))

    gateway_configs = graphene.List(graphene.NonNull(PaymentGatewayConfig))

    @classmethod
    def refused(cls, refusal):
        return cls(gateway_configs=[], errors=cls.errors_of(refusal))

    @classmethod
    def perform_mutation(cls, root, info, id, amount=None, payment_gateways=None):
        find_checkout(id, user=info.context.user)
        asked = [g["id"] for g in payment_gateways or []] or [STRIPE_GATEWAY]
        configs = []
        for gateway_id in asked:
            if gateway_id == STRIPE_GATEWAY:
                configs.append(PaymentGatewayConfig(id=gateway_id, data={
                    "stripePublishableKey": settings.STRIPE_PUBLISHABLE_KEY}, errors=[]))
            else:
                configs.append(PaymentGatewayConfig(id=gateway_id, data=None, errors=[PaymentGatewayConfigError(
                    field="id", message=_("No such payment gateway."), code=PaymentGatewayErrorCode.NOT_FOUND)]))
        return cls(gateway_configs=configs, errors=[])


class TransactionFlowStrategyEnum(graphene.Enum):
    AUTHORIZATION = "authorization"
    CHARGE = "charge"


class TransactionActionEnum(graphene.Enum):
    CHARGE = "charge"
    REFUND = "refund"
    CANCEL = "cancel"


# Saleor 3.23's values, also those a Stripe PaymentIntent here never yields (authorizations, charge-backs):
# clients' generated code maps every one.
TransactionEventTypeEnum = graphene.Enum("TransactionEventTypeEnum", [(name, name.lower()) for name in (
    "AUTHORIZATION_SUCCESS", "AUTHORIZATION_FAILURE", "AUTHORIZATION_ADJUSTMENT", "AUTHORIZATION_REQUEST",
    "AUTHORIZATION_ACTION_REQUIRED", "CHARGE_ACTION_REQUIRED", "CHARGE_SUCCESS", "CHARGE_FAILURE", "CHARGE_BACK",
    "CHARGE_REQUEST", "REFUND_SUCCESS", "REFUND_FAILURE", "REFUND_REVERSE", "REFUND_REQUEST", "CANCEL_SUCCESS",
    "CANCEL_FAILURE", "CANCEL_REQUEST", "INFO")])


class TransactionItem(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    psp_reference = graphene.String(required=True)
    actions = graphene.NonNull(graphene.List(graphene.NonNull(TransactionActionEnum)))

    @staticmethod
    def resolve_id(root, info):
        return root.intent_id

    @staticmethod
    def resolve_name(root, info):
        return "Stripe"

    @staticmethod
    def resolve_psp_reference(root, info):
        return root.intent_id

    @staticmethod
    def resolve_actions(root, info):
        if root.status in ("refunded", "releasing", "canceled"):
            return []
        if root.status == "succeeded":
            return [TransactionActionEnum.REFUND.value]
        return [TransactionActionEnum.CANCEL.value]


class TransactionEvent(graphene.ObjectType):
    message = graphene.String(required=True)
    type = graphene.Field(TransactionEventTypeEnum)
    psp_reference = graphene.String(required=True)


EVENT_FOR_STATUS = {
    "succeeded": TransactionEventTypeEnum.CHARGE_SUCCESS,
    "processing": TransactionEventTypeEnum.CHARGE_REQUEST,
    # the card is held; it is charged when the order is placed (payments.intents.capture)
    "requires_capture": TransactionEventTypeEnum.AUTHORIZATION_SUCCESS,
    "requires_action": TransactionEventTypeEnum.CHARGE_ACTION_REQUIRED,
    "requires_confirmation": TransactionEventTypeEnum.CHARGE_ACTION_REQUIRED,
    "requires_payment_method": TransactionEventTypeEnum.CHARGE_ACTION_REQUIRED,
    "canceled": TransactionEventTypeEnum.CANCEL_SUCCESS,
    # Local outcomes: the shop returned the money when no order could be placed.
    "releasing": TransactionEventTypeEnum.REFUND_SUCCESS,
    "refunded": TransactionEventTypeEnum.REFUND_SUCCESS,
    "partially_refunded": TransactionEventTypeEnum.REFUND_SUCCESS,
}


def _event(payment, message=""):
    return TransactionEvent(message=message, type=EVENT_FOR_STATUS.get(payment.status,
                                                                      TransactionEventTypeEnum.CHARGE_REQUEST).value,
                            psp_reference=payment.intent_id)


TransactionInitializeError = error_type("TransactionInitializeError", InitializeCode)
TransactionProcessError = error_type("TransactionProcessError", ProcessCode)


def _checkout(id, user):
    try:
        return find_checkout(id, user=user)
    except CheckoutError as refusal:
        raise InitializeRefusal(InitializeCode.NOT_FOUND, refusal.message, field="id")


class TransactionInitialize(BaseMutation):
    """Start paying for the checkout: a Stripe PaymentIntent for its total, card or PromptPay."""

    class Meta:
        error_type = TransactionInitializeError
        permissions = ()

    class Arguments:
        id = graphene.ID(required=True)
        action = graphene.Argument(TransactionFlowStrategyEnum)
        amount = PositiveDecimal()
        payment_gateway = PaymentGatewayToInitialize(required=True)
        idempotency_key = graphene.String()
        customer_ip_address = graphene.String()

    transaction = graphene.Field(TransactionItem)
    transaction_event = graphene.Field(TransactionEvent)
    data = JSON()

    @classmethod
    def perform_mutation(cls, root, info, id, payment_gateway, action=None, amount=None, idempotency_key=None,
                         customer_ip_address=None):
        checkout = _checkout(id, info.context.user)
        if payment_gateway["id"] != STRIPE_GATEWAY:
            raise InitializeRefusal(InitializeCode.NOT_FOUND, "No such payment gateway.", field="paymentGateway")
        data = payment_gateway.get("data") or {}
        if not isinstance(data, dict):  # JSON lets a client send any value; only an object names a method
            raise InitializeRefusal(InitializeCode.INVALID,
                                    _('paymentGateway.data must be an object, such as {"paymentMethod": "promptpay"}.'),
                                    field="paymentGateway")
        method = PaymentMethodType.PROMPTPAY if data.get("paymentMethod") == "promptpay" else PaymentMethodType.CARD
        try:
            total = checkouts.amount_due(checkout)
            if amount is not None and amount != total.incl_tax:
                raise InitializeRefusal(InitializeCode.INVALID, "The amount does not match the checkout total.",
                                        field="amount")
            payment = intents.start_payment(checkout.basket, amount=total.incl_tax, currency=total.currency,
                                            method=method)
        except CheckoutError as refusal:
            raise InitializeRefusal(InitializeCode.INVALID, refusal.message, field=refusal.field)
        except intents.PaymentError as failure:
            raise InitializeRefusal(InitializeCode.INVALID, str(failure), field="paymentGateway")
        except gateway.GatewayError as failure:
            logger.error("transactionInitialize without a payment: %s", failure)  # the detail is for staff
            raise InitializeRefusal(InitializeCode.INVALID, failure.shopper_message, field="paymentGateway")
        return cls(transaction=payment, transaction_event=_event(payment),
                   data={"paymentIntent": {"stripeClientSecret": payment.client_secret}}, errors=[])


class TransactionProcess(BaseMutation):
    """How the PaymentIntent stands after Stripe.js confirmed it in the browser."""

    class Meta:
        error_type = TransactionProcessError
        permissions = ()

    class Arguments:
        # optional as in Saleor (which also takes a transaction's token; this API's transactions have none)
        id = graphene.ID()
        data = JSON()
        customer_ip_address = graphene.String()

    transaction = graphene.Field(TransactionItem)
    transaction_event = graphene.Field(TransactionEvent)
    data = JSON()

    @classmethod
    def perform_mutation(cls, root, info, id=None, data=None, customer_ip_address=None):
        if not id:
            raise ProcessRefusal(ProcessCode.INVALID, _("Give the id of the transaction to process."), field="id")
        try:
            pk = decode_id(id, "TransactionItem")
        except GraphQLError as exc:
            raise ProcessRefusal(ProcessCode.INVALID, exc.message, field="id")
        payment = StripePayment.objects.filter(intent_id=pk).first()
        if payment is None:
            raise ProcessRefusal(ProcessCode.NOT_FOUND, "No such transaction.", field="id")
        try:
            intent = intents.refresh(payment)
        except gateway.GatewayError as failure:
            logger.error("transactionProcess could not ask Stripe: %s", failure)
            raise ProcessRefusal(ProcessCode.INVALID, failure.shopper_message, field="id")
        error = getattr(intent, "last_payment_error", None)
        return cls(transaction=payment, transaction_event=_event(payment, getattr(error, "message", "") or ""),
                   data={"paymentIntent": {"status": intent.status}}, errors=[])
