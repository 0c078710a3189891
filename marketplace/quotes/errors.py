"""Why the quotes' rules refuse something, as codes pages and the API both show."""
from enum import StrEnum

from marketplace.core.errors import DomainError


class QuoteErrorCode(StrEnum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    NOT_TRADE_BUYER = "NOT_TRADE_BUYER"
    NOT_OWN_LINE = "NOT_OWN_LINE"
    INVALID_STATE = "INVALID_STATE"
    ALREADY_ACCEPTED = "ALREADY_ACCEPTED"
    EXPIRED = "EXPIRED"
    FILE_REFUSED = "FILE_REFUSED"


class QuoteError(DomainError):
    code_enum = QuoteErrorCode
