"""The one shape of a refusal the domain gives a user: a code from the app's own ``StrEnum``, a
message in the user's language and the field it concerns.

Each domain app declares its codes as a ``StrEnum`` next to its rules (``orders.errors``,
``accounts.errors``, …) and raises ``DomainError`` subclasses with them. The storefront shows the
message; the API mirrors the enum with ``graphene.Enum.from_enum`` and answers
``errors { field code message }`` (``marketplace.graphql.core.mutations``). A code that is not a
member of the enum the caller declared is a programming error and fails loudly, never a silent
``INVALID``.

A refusal may come with others of the same input (``also``: a password several rules refuse): the
API answers each as an error of its own, as Saleor does; a page may show them together.
"""
from enum import StrEnum


class DomainError(Exception):
    """A refusal to show the user. ``code_enum`` names the ``StrEnum`` its codes belong to."""

    code_enum: type[StrEnum] | None = None

    def __init__(self, code, message, field=None):
        if self.code_enum is not None:
            code = self.code_enum(code)  # ValueError for a code the app does not have
        super().__init__(message)
        self.code, self.message, self.field = code, message, field
        self.also = []  # more refusals of the same input (DomainErrors), answered beside this one

    def every(self) -> list:
        """This refusal and those that came with it, in order."""
        return [self, *getattr(self, "also", ())]
