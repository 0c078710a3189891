"""The payment flow's refusals as codes the Saleor-compatible API mirrors (its
``PaymentGatewayInitializeErrorCode``, ``PaymentGatewayConfigErrorCode``, ``TransactionInitializeErrorCode``
and ``TransactionProcessErrorCode``)."""
from enum import StrEnum

from marketplace.core.errors import DomainError


class PaymentGatewayErrorCode(StrEnum):
    """Why a payment gateway could not be set up for a checkout."""

    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"


class InitializeCode(StrEnum):
    """Saleor's ``TransactionInitializeErrorCode``: why a payment could not be started."""

    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    UNIQUE = "UNIQUE"
    CHECKOUT_COMPLETION_IN_PROGRESS = "CHECKOUT_COMPLETION_IN_PROGRESS"


class ProcessCode(StrEnum):
    """Saleor's ``TransactionProcessErrorCode``: why a payment could not be looked up."""

    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    TRANSACTION_ALREADY_PROCESSED = "TRANSACTION_ALREADY_PROCESSED"
    MISSING_PAYMENT_APP_RELATION = "MISSING_PAYMENT_APP_RELATION"
    MISSING_PAYMENT_APP = "MISSING_PAYMENT_APP"
    CHECKOUT_COMPLETION_IN_PROGRESS = "CHECKOUT_COMPLETION_IN_PROGRESS"


class InitializeRefusal(DomainError):
    code_enum = InitializeCode


class ProcessRefusal(DomainError):
    code_enum = ProcessCode
