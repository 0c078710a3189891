"""The payment flow's refusals as codes the Saleor-compatible API mirrors (its
``PaymentGatewayInitializeErrorCode``, ``PaymentGatewayConfigErrorCode`` and ``TransactionErrorCode``)."""
from enum import StrEnum

from marketplace.core.errors import DomainError


class PaymentGatewayErrorCode(StrEnum):
    """Why a payment gateway could not be set up for a checkout."""

    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"


class TransactionErrorCode(StrEnum):
    """Why a payment could not be started or looked up."""

    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    CHECKOUT_NOT_FOUND = "CHECKOUT_NOT_FOUND"
    UNIQUE = "UNIQUE"
    INCORRECT_DETAILS = "INCORRECT_DETAILS"
    MISSING_PAYMENT_APP = "MISSING_PAYMENT_APP"
    MISSING_PAYMENT_APP_RELATION = "MISSING_PAYMENT_APP_RELATION"
    TRANSACTION_ALREADY_PROCESSED = "TRANSACTION_ALREADY_PROCESSED"


class TransactionError(DomainError):
    code_enum = TransactionErrorCode
