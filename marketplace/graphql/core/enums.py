"""Enums with Saleor's names and values.

``LanguageCodeEnum`` lists every locale CLDR knows (``EN``, ``EN_US``, ``TH``, ``ZH_HANT_TW``, …,
from babel) and every language Django knows, as Saleor's does; the OTOP catalogue has content
in Thai and English, so any ``TH…`` or ``EN…`` code gets a translation and the others none.
"""
import re

import graphene
from babel import localedata
from django.conf import global_settings


def _language_codes() -> dict:
    """Enum name -> value (a lower-case BCP 47 code such as "en-us")."""
    codes = {code.replace("-", "_").upper(): code.lower() for code, _name in global_settings.LANGUAGES}
    for identifier in localedata.locale_identifiers():
        if re.fullmatch(r"[A-Za-z0-9_]+", identifier) and identifier[0].isalpha():
            codes.setdefault(identifier.upper(), identifier.lower().replace("_", "-"))
    return dict(sorted(codes.items()))


LanguageCodeEnum = graphene.Enum("LanguageCodeEnum", list(_language_codes().items()))


def enum_value(value):
    """graphene hands enum arguments over as members; the code compares their values."""
    return getattr(value, "value", value)


class OrderDirection(graphene.Enum):
    ASC = "asc"
    DESC = "desc"


class ThumbnailFormatEnum(graphene.Enum):
    ORIGINAL = "original"
    AVIF = "avif"
    WEBP = "webp"
