"""Scalars with Saleor's names."""
import graphene
from graphene.types.generic import GenericScalar as _GenericScalar
from graphql import GraphQLError, IntValueNode


class PositiveInt(graphene.Scalar):
    """An integer of at least 1."""

    @staticmethod
    def _check(value):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise GraphQLError(f"PositiveInt must be an integer of at least 1, not {value!r}.")
        return value

    serialize = _check
    parse_value = _check

    @staticmethod
    def parse_literal(node, _variables=None):
        if isinstance(node, IntValueNode):
            return PositiveInt._check(int(node.value))
        raise GraphQLError("PositiveInt must be an integer literal.")


JSONString = graphene.JSONString
DateTime = graphene.DateTime
Date = graphene.Date
Decimal = graphene.Decimal
GenericScalar = _GenericScalar
