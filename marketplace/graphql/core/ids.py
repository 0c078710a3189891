"""Relay global ids as Saleor writes them: base64 of "Type:pk"."""
from django.utils.translation import gettext as _
from graphql import GraphQLError
from graphql_relay import from_global_id, to_global_id


def global_id(type_name: str, pk) -> str:
    return to_global_id(type_name, str(pk))


def decode_id(value: str, expected_type: str, field: str = "id"):
    """The primary key in ``value``, or a GraphQL error saying which argument was wrong."""
    try:
        type_name, pk = from_global_id(value)
    except Exception:  # malformed base64 or text: a client error, never a 500
        type_name, pk = "", ""
    if type_name != expected_type or not pk:
        raise GraphQLError(_("Invalid ID %(value)r in %(field)s: expected the id of a %(type)s.")
                           % {"value": value, "field": field, "type": expected_type})
    if expected_type in INTEGER_KEYED and not pk.isdigit():
        raise GraphQLError(_("Invalid ID %(value)r in %(field)s: %(type)s ids hold a number.")
                           % {"value": value, "field": field, "type": expected_type})
    return int(pk) if expected_type in INTEGER_KEYED else pk


def decode_ids(values, expected_type: str, field: str):
    return [decode_id(value, expected_type, field) for value in values or []]


INTEGER_KEYED = {"Product", "ProductVariant", "Category", "Channel", "Producer", "Province", "User", "ProductMedia",
                 "ProductType", "Certification", "Collection"}
