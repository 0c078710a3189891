"""How many characters each field of an address may hold: the narrowest column that keeps it among
Oscar's ``ShippingAddress``, ``BillingAddress`` and ``UserAddress``, read from the models' fields so
that a migration widening a column widens the limit here too.

``checkouts.clean_address`` checks every address given through the API (the checkout's shipping
and billing addresses, the address book and the account's default addresses) with ``check``, so
an address the API took always fits the order's columns when the order is placed; the Oscar
address forms of the storefront are model forms and hold to the same columns themselves.
"""
from functools import cache

from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from .errors import CheckoutError, CheckoutErrorCode

# A delivery instruction (the storefront's "notes" of a shipping address: Oscar's column has no
# length): a few sentences for the courier, not a document.
NOTES_MAX_LENGTH = 1000

# Saleor's AddressInput keys: (the name the API gives the field, the Oscar address field keeping it).
# Oscar keeps no company name (``shipping.companies`` keeps it beside the address): held to the length of
# an address line, as its own column is.
FIELDS = {
    "first_name": ("firstName", "first_name"),
    "last_name": ("lastName", "last_name"),
    "company_name": ("companyName", "line1"),
    "street_address_1": ("streetAddress1", "line1"),
    "street_address_2": ("streetAddress2", "line2"),
    "city_area": ("cityArea", "line3"),
    "city": ("city", "line4"),
    "country_area": ("countryArea", "state"),
    "postal_code": ("postalCode", "postcode"),
    "country": ("country", "country"),
    "phone": ("phone", "phone_number"),
}


def _column_length(model, name):
    try:
        field = model._meta.get_field(name)
    except Exception:  # BillingAddress has no phone number
        return None
    target = getattr(field, "target_field", None)  # the country is a key to Oscar's Country code
    return field.max_length or getattr(target, "max_length", None)


@cache
def limits() -> dict[str, int]:
    """{AddressInput key: the most characters it may hold}."""
    models = (get_model("order", "ShippingAddress"), get_model("order", "BillingAddress"),
              get_model("address", "UserAddress"))
    found = {}
    for key, (_name, column) in FIELDS.items():
        lengths = [length for length in (_column_length(model, column) for model in models) if length]
        if lengths:
            found[key] = min(lengths)
    return found


def check(address: dict, field=None):
    """Refuse (``INVALID``, on the field as the API names it, or on ``field`` when given) the first
    value of ``address`` longer than its column."""
    for key, limit in limits().items():
        value = address.get(key) or ""
        if len(str(value)) > limit:
            name = FIELDS[key][0]
            raise CheckoutError(CheckoutErrorCode.INVALID, _("%(field)s holds at most %(limit)d characters.")
                                % {"field": name, "limit": limit}, field=field or name)
