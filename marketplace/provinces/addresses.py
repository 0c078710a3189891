"""The address rule. A delivery address in Thailand names one of the 77 provinces (no "state"),
and its postcode has five digits whose first two belong to that province. Abroad, the postcode has
the form of its country's postcodes, and is required only where the country has postcodes (Hong
Kong, Macao, the Emirates and Qatar have none; Ireland's Eircodes are optional).

The storefront's address forms (``marketplace.orders.address_forms``: the checkout's and the address
book's) and the API's addresses (``marketplace.orders.checkouts.clean_address``: the checkout's and
the account's) all call ``check_address``; a refusal is an ``AddressError`` naming the field
(``province`` or ``postcode``), which each front end maps to its own field name. The API's
``addressValidationRules`` says which fields are required by ``postcode_required``.
"""
import re
from enum import StrEnum

from django.utils.translation import gettext as _

from marketplace.core import thai
from marketplace.core.errors import DomainError
from marketplace.core.i18n import current_language
from marketplace.provinces.lookup import find_province

THAILAND = "TH"
PROVINCE, POSTCODE = "province", "postcode"

# Thailand Post's postcodes begin with two digits that name the province. Bangkok and Samut
# Prakan share 10; for ISO codes TH-11…TH-19 the postcode prefix is one lower than the ISO number
# (Samut Prakan, TH-11, has 10…; Saraburi, TH-19, has 18…), elsewhere it is the ISO number itself.
POSTCODE_PREFIXES = {
    "TH-10": {"10"}, "TH-11": {"10"}, "TH-12": {"11"}, "TH-13": {"12"}, "TH-14": {"13"}, "TH-15": {"14"},
    "TH-16": {"15"}, "TH-17": {"16"}, "TH-18": {"17"}, "TH-19": {"18"},
    "TH-20": {"20"}, "TH-21": {"21"}, "TH-22": {"22"}, "TH-23": {"23"}, "TH-24": {"24"}, "TH-25": {"25"},
    "TH-26": {"26"}, "TH-27": {"27"},
    "TH-30": {"30"}, "TH-31": {"31"}, "TH-32": {"32"}, "TH-33": {"33"}, "TH-34": {"34"}, "TH-35": {"35"},
    "TH-36": {"36"}, "TH-37": {"37"}, "TH-38": {"38"}, "TH-39": {"39"},
    "TH-40": {"40"}, "TH-41": {"41"}, "TH-42": {"42"}, "TH-43": {"43"}, "TH-44": {"44"}, "TH-45": {"45"},
    "TH-46": {"46"}, "TH-47": {"47"}, "TH-48": {"48"}, "TH-49": {"49"},
    "TH-50": {"50"}, "TH-51": {"51"}, "TH-52": {"52"}, "TH-53": {"53"}, "TH-54": {"54"}, "TH-55": {"55"},
    "TH-56": {"56"}, "TH-57": {"57"}, "TH-58": {"58"},
    "TH-60": {"60"}, "TH-61": {"61"}, "TH-62": {"62"}, "TH-63": {"63"}, "TH-64": {"64"}, "TH-65": {"65"},
    "TH-66": {"66"}, "TH-67": {"67"},
    "TH-70": {"70"}, "TH-71": {"71"}, "TH-72": {"72"}, "TH-73": {"73"}, "TH-74": {"74"}, "TH-75": {"75"},
    "TH-76": {"76"}, "TH-77": {"77"},
    "TH-80": {"80"}, "TH-81": {"81"}, "TH-82": {"82"}, "TH-83": {"83"}, "TH-84": {"84"}, "TH-85": {"85"},
    "TH-86": {"86"},
    "TH-90": {"90"}, "TH-91": {"91"}, "TH-92": {"92"}, "TH-93": {"93"}, "TH-94": {"94"}, "TH-95": {"95"},
    "TH-96": {"96"},
}

_FIVE_DIGITS = re.compile(r"^[0-9]{5}$")
# What a keyboard's wide or Japanese mode types for the hyphen of a postcode (542ー0076, 542−0076)
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70"})


class AddressErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"


class AddressError(DomainError):
    code_enum = AddressErrorCode


def province_choices(language=None):
    """(ISO code, name in the page's language) of the 77 provinces, sorted by that name."""
    from marketplace.provinces.models import Province

    field = "name_th" if (language or current_language()) == "th" else "name_en"
    return list(Province.objects.order_by(field).values_list("iso_code", field))


def postcode_pattern(country):
    """The form of ``country``'s postcodes as a regular expression over the postcode in capitals
    without spaces, or None where it has none or its form is not known. The table is the commerce
    engine's (Oscar's address model, ``POSTCODES_REGEX``), so that its own model check agrees."""
    from oscar.apps.address.abstract_models import AbstractAddress

    return AbstractAddress.POSTCODES_REGEX.get((country or "").upper())


def postcode_required(country) -> bool:
    return (country or "").upper() == THAILAND or postcode_pattern(country) is not None


def check_address(country, province, postcode, country_label=None):
    """The address rule for every front end: (the Province of a Thai address or None, the postcode
    as kept: normalised as numbers are (``core.thai``: Thai and full-width digits as 0–9), any dash
    as ``-``, spaces collapsed, letters in capitals). ``country_label``: the country's name in the
    page's language, for the messages (the ISO code when not given). Raises ``AddressError``."""
    country = (country or "").strip().upper()
    postcode = thai.normalize_number_text(postcode).translate(_DASHES).upper()
    label = country_label or country
    if not postcode and postcode_required(country):
        raise AddressError(AddressErrorCode.REQUIRED,
                           _("Postcode: addresses in %(country)s need a postcode.") % {"country": label},
                           field=POSTCODE)
    if country == THAILAND:
        return check_thai_address(country, province, postcode), postcode
    pattern = postcode_pattern(country)
    if postcode and pattern is not None and not re.match(pattern, postcode.replace(" ", "")):
        raise AddressError(AddressErrorCode.INVALID,
                           _("Postcode: “%(postcode)s” is not a postcode of %(country)s.") % {
                               "postcode": postcode, "country": label},
                           field=POSTCODE)
    return None, postcode


def check_thai_address(country, province, postcode):
    """For a Thai address, the Province named by ``province`` (Thai, English or ISO code), after
    checking the postcode against it; None for other countries. Raises ``AddressError``."""
    if (country or "").upper() != THAILAND:
        return None
    if not (province or "").strip():
        raise AddressError(AddressErrorCode.REQUIRED, _("Province: choose the province of this address."),
                           field=PROVINCE)
    found = find_province(province)
    if found is None:
        raise AddressError(AddressErrorCode.INVALID,
                           _("Province: “%(province)s” is not one of Thailand's provinces.") % {"province": province},
                           field=PROVINCE)
    postcode = (postcode or "").strip()
    if not _FIVE_DIGITS.match(postcode):
        raise AddressError(AddressErrorCode.INVALID, _("Postcode: a Thai postcode has five digits, such as 50200."),
                           field=POSTCODE)
    if postcode[:2] not in POSTCODE_PREFIXES[found.iso_code]:
        raise AddressError(
            AddressErrorCode.INVALID,
            _("Postcode: %(postcode)s is not a postcode of %(province)s; its postcodes begin with %(prefix)s.") % {
                "postcode": postcode, "province": found.name, "prefix": ", ".join(
                    sorted(POSTCODE_PREFIXES[found.iso_code]))},
            field=POSTCODE)
    return found
