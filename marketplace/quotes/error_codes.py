"""Why a quote request, a quote, its acceptance or its deposit was refused: the codes the pages
show and the API mirrors as ``QuoteErrorCode`` (Saleor has no quotes; the names follow its
``…ErrorCode`` enums: ``GRAPHQL_ERROR``, ``INVALID``, ``NOT_FOUND``, ``REQUIRED`` first)."""
from enum import StrEnum

from marketplace.core.errors import DomainError


class QuoteErrorCode(StrEnum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    # the state rule (states.py) refuses the step from the current state
    INVALID_STATE = "INVALID_STATE"
    EXPIRED = "EXPIRED"
    # the request's data
    INVALID_QUANTITY = "INVALID_QUANTITY"
    INVALID_INCOTERM = "INVALID_INCOTERM"
    INVALID_CURRENCY = "INVALID_CURRENCY"
    INVALID_DATE = "INVALID_DATE"
    PRODUCT_NOT_AVAILABLE = "PRODUCT_NOT_AVAILABLE"
    NOT_PRODUCER_LINE = "NOT_PRODUCER_LINE"
    # acceptance and deposit
    CHANNEL_INACTIVE = "CHANNEL_INACTIVE"
    DEPOSIT_ALREADY_PAID = "DEPOSIT_ALREADY_PAID"
    PAYMENT_ERROR = "PAYMENT_ERROR"
    # the buyer and the attachments (part quotes)
    NOT_TRADE_BUYER = "NOT_TRADE_BUYER"
    FILE_REFUSED = "FILE_REFUSED"


class QuoteError(DomainError):
    code_enum = QuoteErrorCode
