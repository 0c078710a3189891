"""Content in Thai and English with a fallback to the other language when one is empty.

Models keep ``<field>_th`` and ``<field>_en``; ``bilingual("<field>")`` gives them a
``<field>`` attribute in the language of the request.
"""
from django.utils import translation

LANGUAGES = ("th", "en")


def current_language() -> str:
    lang = (translation.get_language() or "th").split("-")[0].lower()
    return lang if lang in LANGUAGES else "en"


def pick(values: dict, language: str | None = None) -> str:
    """``values`` maps language codes to text; the requested one, else the first non-empty."""
    language = language or current_language()
    preferred = [language] + [code for code in LANGUAGES if code != language]
    for code in preferred:
        value = values.get(code)
        if value:
            return value
    return ""


def localized(obj, field: str, language: str | None = None) -> str:
    return pick({code: getattr(obj, f"{field}_{code}", "") for code in LANGUAGES}, language)


def bilingual(field: str):
    """A read-only property: ``field`` in the active language, falling back to the other."""

    def getter(self):
        return localized(self, field)

    getter.__doc__ = f"{field} in the active language (falls back to the other language)"
    return property(getter)
