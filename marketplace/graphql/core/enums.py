"""Enums with Saleor's names and values.

``LanguageCodeEnum`` lists every language Django knows (TH, EN, PL, ZH_HANS, …), as Saleor's
does; the OTOP catalogue has content in TH and EN, other languages get no translation.
"""
import graphene
from django.conf import global_settings


def _language_code_name(code: str) -> str:
    return code.replace("-", "_").upper()


LanguageCodeEnum = graphene.Enum(
    "LanguageCodeEnum", [(_language_code_name(code), code) for code, _name in global_settings.LANGUAGES])


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
