"""Relay global ids as Saleor writes them: base64 of "Type:pk". Every id the API is given is read
here (``decode_id``, ``integer_pk``): a number in an id is the ASCII digits 0-9 alone."""
from django.utils.translation import gettext as _
from graphql import GraphQLError
from graphql_relay import from_global_id, to_global_id


def global_id(type_name: str, pk) -> str:
    return to_global_id(type_name, str(pk))


def ascii_number(text) -> bool:
    """Whether ``text`` is written in the digits 0-9 only. ``str.isdigit`` and ``int`` also take Thai,
    Arabic-Indic and other digits ("๓" is 3 to ``int``), so an id spelt with them found an object."""
    return isinstance(text, str) and text.isascii() and text.isdigit()


def _split(value):
    try:
        return from_global_id(value)
    except Exception:  # malformed base64 or text: a client error, never a 500
        return "", ""


def decode_id(value: str, expected_type: str, field: str = "id"):
    """The primary key in ``value``, or a GraphQL error saying which argument was wrong."""
    type_name, pk = _split(value)
    if type_name != expected_type or not pk:
        raise GraphQLError(_("Invalid ID %(value)r in %(field)s: expected the id of a %(type)s.")
                           % {"value": value, "field": field, "type": expected_type})
    if expected_type in INTEGER_KEYED and not ascii_number(pk):
        raise GraphQLError(_("Invalid ID %(value)r in %(field)s: %(type)s ids hold a number.")
                           % {"value": value, "field": field, "type": expected_type})
    return int(pk) if expected_type in INTEGER_KEYED else pk


def decode_ids(values, expected_type: str, field: str):
    return [decode_id(value, expected_type, field) for value in values or []]


def integer_pk(value, expected_type: str):
    """The number in a global id of ``expected_type``, or None when ``value`` is not one (for callers
    that word their own refusal)."""
    type_name, pk = _split(value)
    return int(pk) if type_name == expected_type and ascii_number(pk) else None


INTEGER_KEYED = {"Product", "ProductVariant", "Category", "Channel", "Producer", "Province", "User", "ProductMedia",
                 "ProductType", "Certification", "Collection", "CheckoutLine"}
