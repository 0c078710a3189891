"""Enums with Saleor's names and values.

``LanguageCodeEnum`` is a fixed list kept in ``data/language_codes.txt`` (``EN``, ``EN_US``, ``TH``,
``ZH_HANT_TW``, …: CLDR's locales and Django's languages as they stood when the API was published),
as Saleor keeps its own fixed list: the schema is a contract, and a library release must not change
it. The OTOP catalogue has content in Thai and English, so any ``TH…`` or ``EN…`` code gets a
translation and the others none.
"""
from pathlib import Path

import graphene

_LANGUAGE_CODES_FILE = Path(__file__).resolve().parent / "data" / "language_codes.txt"


def _language_codes() -> dict:
    """Enum name -> value (a lower-case BCP 47 code such as "en-us")."""
    names = [line.strip() for line in _LANGUAGE_CODES_FILE.read_text(encoding="utf-8").splitlines()]
    return {name: name.lower().replace("_", "-") for name in names if name and not name.startswith("#")}


LanguageCodeEnum = graphene.Enum("LanguageCodeEnum", list(_language_codes().items()))


def enum_value(value):
    """graphene hands enum arguments over as members; the code compares their values."""
    return getattr(value, "value", value)


class OrderDirection(graphene.Enum):
    ASC = "asc"
    DESC = "desc"


def descending(sort_by) -> bool:
    """Whether a sorting input (``{field, direction}``, or None for no sort) asks for descending order."""
    return enum_value((sort_by or {}).get("direction")) == OrderDirection.DESC.value


class ThumbnailFormatEnum(graphene.Enum):
    ORIGINAL = "original"
    AVIF = "avif"
    WEBP = "webp"
