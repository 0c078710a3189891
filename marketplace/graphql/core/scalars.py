"""Scalars with Saleor's names."""
import graphene
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar as _GenericScalar
from graphql import GraphQLError, IntValueNode


class PositiveInt(graphene.Scalar):
    """An integer of at least 1."""

    @staticmethod
    def _check(value):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise GraphQLError(_("PositiveInt must be an integer of at least 1, not %(value)r.") % {"value": value})
        return value

    serialize = _check
    parse_value = _check

    @staticmethod
    def parse_literal(node, _variables=None):
        if isinstance(node, IntValueNode):
            return PositiveInt._check(int(node.value))
        raise GraphQLError(_("PositiveInt must be an integer literal."))


JSONString = graphene.JSONString
DateTime = graphene.DateTime
Date = graphene.Date
Decimal = graphene.Decimal
GenericScalar = _GenericScalar


class Upload(graphene.Scalar):
    """A file of a multipart request (the GraphQL multipart request spec): send ``null`` in the
    operation's variables and the file under the name that ``map`` gives its variable."""

    @staticmethod
    def serialize(value):
        raise GraphQLError(_("An Upload is only sent, never returned."))

    @staticmethod
    def parse_value(value):
        if not hasattr(value, "read") or not hasattr(value, "size"):
            raise GraphQLError(_("Upload: send the file as a part of a multipart request, mapped to this variable."))
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        raise GraphQLError(_("Upload: send the file as a part of a multipart request, mapped to a variable."))
