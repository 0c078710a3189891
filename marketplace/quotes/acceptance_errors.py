"""Refusals of accepting a quote and paying its deposit, beyond the quote rules' own
(``errors.QuoteErrorCode``), and the union of both that the API shows as ``QuoteErrorCode``."""
from enum import StrEnum

from marketplace.core.errors import DomainError
from marketplace.quote_orders.deposits import DepositErrorCode

from .errors import QuoteErrorCode


class AcceptanceErrorCode(StrEnum):
    CHANNEL_INACTIVE = "CHANNEL_INACTIVE"


class AcceptanceError(DomainError):
    code_enum = AcceptanceErrorCode


def _union(name, *enums):
    members = {}
    for enum in enums:
        members.update({member.name: member.value for member in enum})
    return StrEnum(name, members)


# Saleor's error enums start with GRAPHQL_ERROR; the API answers with any code of the three.
QuoteApiErrorCode = _union("QuoteApiErrorCode", StrEnum("Saleor", {"GRAPHQL_ERROR": "GRAPHQL_ERROR"}),
                           QuoteErrorCode, AcceptanceErrorCode, DepositErrorCode)
