"""The one place where Thai (and any other) text is normalised.

Imports, search indexing, search queries and identity matching all call these functions,
so a name typed with SARA AM as two characters, Thai digits or a stray zero-width space
means the same thing everywhere. Tone marks and vowels are never stripped: that would
merge different words (ข้าว rice, ขาว white).
"""
import re
import unicodedata

from pythainlp.util import collate as _pythainlp_collate
from pythainlp.util import normalize as _pythainlp_normalize

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# zero-width space/non-joiner/joiner, word joiner, BOM; soft hyphen
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# White space, and the control characters (C0, DEL, C1) that no one types as text but that a copy
# from another program or a damaged file leaves behind: a control character is a space here, so
# that what stands on either side of it stays apart (a price "12<VT>3" is "12 3", which no number
# reader takes for 123; a name "Silk<SOH>scarf" is "Silk scarf").
_SPACES = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
# Full-width Latin letters, digits and signs (ＳＩＬＫ, １２０: a Thai, Japanese or Chinese keyboard's
# wide mode) and the ideographic space, as the ASCII ones they stand for. Not NFKC, which would also
# split SARA AM into NIKHAHIT + SARA AA.
_FULL_WIDTH = {0x3000: " ", **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}}
# ``str.translate`` looks every character up in that table (~20 µs for a 200-character story); a
# search for any of them is ten times cheaper, and almost no text holds one.
_ANY_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]")
NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"


def thai_digits_to_arabic(text: str) -> str:
    return text.translate(THAI_DIGITS)


def normalize(text) -> str:
    """Clean one text value: NFC, full-width Latin as ASCII, no invisible characters, SARA AM as
    one character, runs of white space and control characters (tab and line breaks included) folded into one
    space, trimmed."""
    if text is None:
        return ""
    text = str(text)
    if text.isascii():  # codes, numbers, e-mail: nothing to compose or remove (imports call this a lot)
        return _SPACES.sub(" ", text).strip()
    text = unicodedata.normalize("NFC", text)
    if _ANY_FULL_WIDTH.search(text):
        text = text.translate(_FULL_WIDTH)
    text = _INVISIBLE.sub("", text)
    if NIKHAHIT in text:
        # PyThaiNLP composes NIKHAHIT + (tone mark) + SARA AA into SARA AM in the right order.
        text = _pythainlp_normalize(text)
    return _SPACES.sub(" ", text).strip()


def normalize_multiline(text) -> str:
    """Like :func:`normalize` but keeps line breaks (stories, addresses): a carriage return,
    alone or before a line feed, is a line break too; a tab is a space like any other control
    character."""
    if text is None:
        return ""
    lines = [normalize(line) for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def normalize_number_text(text) -> str:
    """Text that should hold a number: normalised, with Thai digits as Arabic digits."""
    return thai_digits_to_arabic(normalize(text))


# Commas that group thousands: "1,250" or "12,500.50", never "12,50" (a decimal comma elsewhere).
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def without_grouping(text: str):
    """Number text without the commas that group its thousands ("1,250.50" → "1250.50"), or None
    when a comma stands anywhere else: "12,50" written with a decimal comma must not read as 1250."""
    if "," not in text:
        return text
    return text.replace(",", "") if _GROUPED.match(text) else None


def identity_key(text) -> str:
    """What makes two names the same name: normalised, case-folded, no spaces."""
    return normalize(text).casefold().replace(" ", "")


def dictionary_order(texts) -> list[str]:
    """``texts`` sorted as a Thai dictionary sorts them (a leading vowel such as เ or ไ sorts after
    the consonant it is written before), Latin text alphabetically."""
    return _pythainlp_collate(texts)

