"""Saleor's transactions flow with the Saleor Stripe app's contract: ``paymentGatewayInitialize``
gives ``{stripePublishableKey}``, ``transactionInitialize`` creates the PaymentIntent and gives
``{paymentIntent: {stripeClientSecret}}`` for Stripe.js, ``transactionProcess`` reports how
the intent stands after the browser confirmed it. Card data never reaches this server."""
import graphene
from django.conf import settings
from graphql import GraphQLError

from marketplace.graphql.core.ids import decode_id
from marketplace.orders import checkouts
from marketplace.orders.errors import CheckoutError as DomainError
from marketplace.payments import gateway, intents
from marketplace.payments.models import PaymentMethodType, StripePayment

from .common import JSON, PositiveDecimal, error_type
from .mutations import find_checkout
from .types import STRIPE_GATEWAY


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(required=True)
    data = JSON()


PaymentGatewayConfigError = error_type("PaymentGatewayConfigError")


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True)
    data = JSON()
    errors = graphene.List(graphene.NonNull(PaymentGatewayConfigError))


PaymentGatewayInitializeError = error_type("PaymentGatewayInitializeError")


class PaymentGatewayInitialize(graphene.Mutation):
    """The configuration Stripe.js needs: the publishable key."""

    class Arguments:
        id = graphene.ID(required=True)
        amount = PositiveDecimal()
        payment_gateways = graphene.List(graphene.NonNull(PaymentGatewayToInitialize))

    gateway_configs = graphene.List(graphene.NonNull(PaymentGatewayConfig))
    errors = graphene.NonNull(graphene.List(graphene.NonNull(PaymentGatewayInitializeError)))

    @staticmethod
    def mutate(root, info, id, amount=None, payment_gateways=None):
        try:
            find_checkout(id, user=info.context.user)
        except DomainError as exc:
            return PaymentGatewayInitialize(gateway_configs=[], errors=[PaymentGatewayInitializeError(
                field="id", message=exc.message, code="not_found")])
        asked = [g["id"] for g in payment_gateways or []] or [STRIPE_GATEWAY]
        configs = []
        for gateway_id in asked:
            if gateway_id == STRIPE_GATEWAY:
                configs.append(PaymentGatewayConfig(id=gateway_id, data={
                    "stripePublishableKey": settings.STRIPE_PUBLISHABLE_KEY}, errors=[]))
            else:
                configs.append(PaymentGatewayConfig(id=gateway_id, data=None, errors=[PaymentGatewayConfigError(
                    field="id", message="No such payment gateway.",
                    code="not_found")]))
        return PaymentGatewayInitialize(gateway_configs=configs, errors=[])


class TransactionFlowStrategyEnum(graphene.Enum):
    AUTHORIZATION = "authorization"
    CHARGE = "charge"


class TransactionActionEnum(graphene.Enum):
    CHARGE = "charge"
    REFUND = "refund"
    CANCEL = "cancel"


class TransactionEventTypeEnum(graphene.Enum):
    CHARGE_SUCCESS = "charge_success"
    CHARGE_FAILURE = "charge_failure"
    CHARGE_REQUEST = "charge_request"
    CHARGE_ACTION_REQUIRED = "charge_action_required"
    CANCEL_SUCCESS = "cancel_success"


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
    "requires_capture": TransactionEventTypeEnum.CHARGE_SUCCESS,
    "requires_action": TransactionEventTypeEnum.CHARGE_ACTION_REQUIRED,
    "requires_confirmation": TransactionEventTypeEnum.CHARGE_ACTION_REQUIRED,
    "requires_payment_method": TransactionEventTypeEnum.CHARGE_ACTION_REQUIRED,
    "canceled": TransactionEventTypeEnum.CANCEL_SUCCESS,
}


def _event(payment, message=""):
    return TransactionEvent(message=message, type=EVENT_FOR_STATUS.get(payment.status,
                                                                      TransactionEventTypeEnum.CHARGE_REQUEST).value,
                            psp_reference=payment.intent_id)


TransactionError = error_type("TransactionError", "CHECKOUT_NOT_FOUND", "UNIQUE", "INCORRECT_DETAILS",
                              "MISSING_PAYMENT_APP", "MISSING_PAYMENT_APP_RELATION", "TRANSACTION_ALREADY_PROCESSED")


def _error(code, message, field=None):
    return TransactionError(field=field, message=message, code=code.lower())


class TransactionInitialize(graphene.Mutation):
    """Start paying for the checkout: a Stripe PaymentIntent for its total, card or PromptPay."""

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
    errors = graphene.NonNull(graphene.List(graphene.NonNull(TransactionError)))

    @staticmethod
    def mutate(root, info, id, payment_gateway, action=None, amount=None, idempotency_key=None,
               customer_ip_address=None):
        try:
            checkout = find_checkout(id, user=info.context.user)
        except DomainError as exc:
            return TransactionInitialize(errors=[_error("CHECKOUT_NOT_FOUND", exc.message, "id")])
        if payment_gateway["id"] != STRIPE_GATEWAY:
            return TransactionInitialize(errors=[_error("MISSING_PAYMENT_APP", "No such payment gateway.",
                                                        "paymentGateway")])
        data = payment_gateway.get("data") or {}
        method = PaymentMethodType.PROMPTPAY if data.get("paymentMethod") == "promptpay" else PaymentMethodType.CARD
        try:
            total = checkouts.amount_due(checkout)
            if amount is not None and amount != total.incl_tax:
                return TransactionInitialize(errors=[_error("INVALID", "The amount does not match the checkout "
                                                            "total.", "amount")])
            payment = intents.start_payment(checkout.basket, amount=total.incl_tax, currency=total.currency,
                                            method=method)
        except DomainError as exc:
            return TransactionInitialize(errors=[_error("INVALID", exc.message, exc.field)])
        except (intents.PaymentError, gateway.GatewayError) as exc:
            return TransactionInitialize(errors=[_error("INCORRECT_DETAILS", str(exc), "paymentGateway")])
        return TransactionInitialize(
            transaction=payment, transaction_event=_event(payment),
            data={"paymentIntent": {"stripeClientSecret": payment.client_secret}}, errors=[])


class TransactionProcess(graphene.Mutation):
    """How the PaymentIntent stands after Stripe.js confirmed it in the browser."""

    class Arguments:
        id = graphene.ID(required=True)
        data = JSON()
        customer_ip_address = graphene.String()

    transaction = graphene.Field(TransactionItem)
    transaction_event = graphene.Field(TransactionEvent)
    data = JSON()
    errors = graphene.NonNull(graphene.List(graphene.NonNull(TransactionError)))

    @staticmethod
    def mutate(root, info, id, data=None, customer_ip_address=None):
        try:
            pk = decode_id(id, "TransactionItem")
        except GraphQLError as exc:
            return TransactionProcess(errors=[_error("INVALID", exc.message, "id")])
        payment = StripePayment.objects.filter(intent_id=pk).first()
        if payment is None:
            return TransactionProcess(errors=[_error("NOT_FOUND", "No such transaction.", "id")])
        try:
            intent = intents.refresh(payment)
        except gateway.GatewayError as exc:
            return TransactionProcess(errors=[_error("INCORRECT_DETAILS", str(exc), "id")])
        error = getattr(intent, "last_payment_error", None)
        return TransactionProcess(transaction=payment, transaction_event=_event(payment, getattr(error, "message", "")
                                                                                 or ""),
                                  data={"paymentIntent": {"status": intent.status}}, errors=[])

