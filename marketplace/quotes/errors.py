"""Why the quotes' rules refuse something, as codes pages and the API both show."""
from enum import StrEnum

from django.utils.translation import gettext as _

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
    TOO_MANY = "TOO_MANY"


class QuoteError(DomainError):
    code_enum = QuoteErrorCode


def not_found(field="id"):
    """The one answer for a request or quote that does not exist and for one the caller may not act
    on, so that an id of someone else's gives nothing away."""
    return QuoteError(QuoteErrorCode.NOT_FOUND, _("No quote request or quote of yours has this id."), field)
