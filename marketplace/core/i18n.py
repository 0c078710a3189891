"""Content in Thai and English with a fallback to the other language when one is empty.

Models keep ``<field>_th`` and ``<field>_en``; ``bilingual("<field>")`` gives them a
``<field>`` attribute in the language of the request.
"""
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import translation

LANGUAGES = ("th", "en")

# Set while an API request runs: its content (``<field>`` of ``bilingual``) stays in the site's
# language, as Saleor's untranslated fields are in the shop's, while messages follow the client.
_content_language: ContextVar[str | None] = ContextVar("content_language", default=None)


def shop_language(code) -> str:
    """Thai or English for a language code ("th", "en-gb", "ja"…): its own when the shop has it,
    else English, which a foreign reader is given."""
    language = str(code or "th").split("-")[0].split("_")[0].lower()
    return language if language in LANGUAGES else "en"


def current_language() -> str:
    """The language of content: the API request's content language, else the active one."""
    return shop_language(_content_language.get() or translation.get_language())


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


# The API's default language: Saleor answers in English, and Saleor's clients (its storefront's
# server-side requests among them) send no Accept-Language and expect English.
API_DEFAULT_LANGUAGE = "en"


def api_language(accept_language: str | None) -> str:
    """The language to answer an API request in: the first of Thai or English that its
    ``Accept-Language`` header prefers (``th-TH``, ``en-GB;q=0.8``, …), else English."""
    preferences = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            preferences.append((-quality, position, primary))
    return min(preferences)[2] if preferences else API_DEFAULT_LANGUAGE


@contextmanager
def api_request_languages(accept_language: str | None):
    """Run an API request: messages (gettext) in ``api_language(accept_language)``, content
    in the site's language. Yields the messages' language."""
    language = api_language(accept_language)
    token = _content_language.set(settings.LANGUAGE_CODE)
    try:
        with translation.override(language):
            yield language
    finally:
        _content_language.reset(token)
