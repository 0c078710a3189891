"""What a line of text a shopper types (a name, an address line, a city, a postcode) may hold, for
the storefront's forms and the API alike: no control characters (escape sequences, NUL, tabs, line
breaks; a multi-line field keeps its line breaks and tabs) and no bidirectional overrides or isolates
(U+202A–U+202E, U+2066–U+2069), which make a printed parcel label or an e-mail show other text than
what is stored; and not only invisible characters (zero-width or other spaces), which would pass a
required field empty. Thai text needs none of them; a zero-width space inside Thai words stays."""
import unicodedata

from django.utils.translation import gettext as _

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MULTILINE_KEEPS = frozenset("\n\r\t")


def _invisible(char):
    return char.isspace() or unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp")


def has_direction_control(value) -> bool:
    """Whether ``value`` holds a bidirectional embedding, override or isolate (for callers that word
    their own refusal, e.g. the producers' content changes)."""
    return any(char in _BIDI_CONTROLS for char in value or "")


def refusal(value, *, multiline=False) -> str | None:
    """Why ``value`` may not be kept as typed, or None."""
    if not value:
        return None
    for char in value:
        if multiline and char in _MULTILINE_KEEPS:
            continue
        if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
            return _("Remove the invisible control character %(code)s from this text.") % {"code": f"U+{ord(char):04X}"}
    if all(_invisible(char) for char in value):
        return _("Enter visible text, not only spaces or invisible characters.")
    return None
