"""Reading one cell of a programme record: every spelling FORMAT.md allows, and a clear
``Invalid`` (a reason a programme officer understands) for what cannot be read.

Each reader takes the raw cell (text, or a number/date from a workbook) and returns the value,
or None for an empty cell. Text goes through ``marketplace.core.thai`` and nowhere else.
"""
import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from catalog_import.problem_codes import ProblemCode, english
from marketplace.certification.models import StandardType
from marketplace.core.thai import (identity_key, normalize, normalize_multiline, normalize_number_text,
                                   thai_digits_to_arabic)
from marketplace.producers.models import ProducerType
from marketplace.provinces.lookup import find_province

PROGRAMME_START = 2001  # the first OTOP selection
BUDDHIST_ERA_OFFSET = 543
CENTS = Decimal("0.01")


class Invalid(ValueError):
    """A cell that cannot be accepted: its ``ProblemCode`` and the values its message names;
    ``reason`` is the message in English."""

    def __init__(self, code: ProblemCode, **params):
        self.code, self.params = code, params
        self.reason = english(code, params)
        super().__init__(self.reason)


def text(cell) -> str:
    return normalize(cell)


def multiline(cell) -> str:
    return normalize_multiline(cell)


def number_text(cell) -> str:
    """A cell that should hold a number, as text: Thai digits as Arabic, whole floats without '.0',
    a workbook's float without the binary noise of a formula (374.50000000000006 is 374.5)."""
    if isinstance(cell, float):
        rounded = round(cell, 6)
        if abs(rounded - cell) <= abs(cell) * 1e-12:  # noise only: 33.333333333333336 stays as it is
            cell = rounded
        if cell.is_integer():
            cell = int(cell)
    return normalize_number_text(cell)


# Digits, with commas or spaces only between groups of three (1,250 or 1 250, never 12 3: two numbers,
# or a number with a control character inside, are not one number).
_GROUPED = r"\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+"
_DECIMAL = re.compile(rf"^(?:-\s*)?(?:{_GROUPED})(?:\.\d+)?$")


def _decimal(value: str):
    if not _DECIMAL.match(value):
        return None
    try:
        return Decimal(value.replace(",", "").replace(" ", ""))
    except InvalidOperation:
        return None


def _amount(value: str, codes: tuple[ProblemCode, ProblemCode, ProblemCode], maximum: Decimal) -> Decimal:
    """A non-negative amount, as the price and packaging columns hold it (two decimals; see
    ``price`` for the price's); ``codes``: not a number, negative, too large."""
    not_a_number, negative, too_large = codes
    amount = _decimal(value)
    if amount is None:
        raise Invalid(not_a_number)
    if amount < 0:
        raise Invalid(negative)
    if amount > maximum:
        raise Invalid(too_large)
    return amount.quantize(CENTS)


# --- stars -----------------------------------------------------------------------------
_STARS = re.compile(r"^(-?\d+)\s*(ดาว|stars?)?$", re.IGNORECASE)


def star_level(cell) -> int | None:
    value = number_text(cell)
    if not value:
        return None
    if set(value.replace(" ", "")) <= {"★", "☆"}:
        stars = value.count("★")
    else:
        match = _STARS.match(value)
        if not match:
            raise Invalid(ProblemCode.STARS_UNREADABLE)
        stars = int(match.group(1))
    if not 1 <= stars <= 5:
        raise Invalid(ProblemCode.STARS_OUT_OF_RANGE)
    return stars


# --- selection year --------------------------------------------------------------------
_ERA = re.compile(r"^(พ\.?\s*ศ\.?|ค\.?\s*ศ\.?|B\.?E\.?|C\.?E\.?)\s*|\s*(พ\.?\s*ศ\.?|ค\.?\s*ศ\.?|B\.?E\.?|C\.?E\.?)$",
                  re.IGNORECASE)


def selection_year(cell, today=None) -> int | None:
    """The selection year in the Christian era, from a Buddhist-era or Christian-era year."""
    if isinstance(cell, (datetime.date, datetime.datetime)):
        year = cell.year
    else:
        value = _ERA.sub("", number_text(cell)).strip()
        if not value:
            return None
        if not value.isdecimal():  # isdigit() would let "²" through to int()
            raise Invalid(ProblemCode.YEAR_UNREADABLE)
        year = int(value)
    if year > 2400:  # Buddhist era: 2562 BE = 2019 CE
        year -= BUDDHIST_ERA_OFFSET
    if year < PROGRAMME_START:
        raise Invalid(ProblemCode.YEAR_TOO_EARLY, start=PROGRAMME_START)
    next_year = (today or timezone.localdate()).year + 1
    if year > next_year:
        raise Invalid(ProblemCode.YEAR_TOO_LATE, next_year=next_year)
    return year


# --- price -----------------------------------------------------------------------------
_CURRENCY = re.compile(r"(บาท|baht|thb|฿)", re.IGNORECASE)
_RANGE = re.compile(rf"^((?:{_GROUPED})(?:\.\d+)?)\s*[-–~]\s*((?:{_GROUPED})(?:\.\d+)?)$")
MAX_PRICE = Decimal("9999999999.99")  # Oscar's price column: 12 digits, 2 decimals
PRICE_CODES = (ProblemCode.PRICE_NOT_A_NUMBER, ProblemCode.PRICE_NEGATIVE, ProblemCode.PRICE_TOO_LARGE)


def price(cell) -> tuple[Decimal, Invalid | None] | None:
    """The retail price in baht and a warning (for a range, the lower bound is taken, also from a
    range written high to low). A price in fractions of a satang (0.001, 12.345) is refused rather
    than rounded: rounding would change it, or make it nothing (0.001 to 0.00)."""
    value = _CURRENCY.sub("", number_text(cell)).strip()
    if value.endswith(".-"):
        value = value[:-2].strip()
    if not value:
        return None
    warning = None
    match = _RANGE.match(value)
    if match:
        first, second = match.groups()
        if _decimal(second) < _decimal(first):
            value = second
            warning = Invalid(ProblemCode.PRICE_RANGE_REVERSED, low=second, high=first)
        else:
            value = first
            warning = Invalid(ProblemCode.PRICE_RANGE, low=first, high=second)
    amount = _amount(value, PRICE_CODES, MAX_PRICE)
    if amount != _decimal(value):
        raise Invalid(ProblemCode.PRICE_TOO_MANY_DECIMALS)
    return amount, warning


# --- package size and weights ----------------------------------------------------------
_SIZE_SPLIT = re.compile(r"\s*[x×*X]\s*")
_UNIT_CM = re.compile(r"\s*(ซม\.?|cm\.?)$", re.IGNORECASE)
_UNIT_G = re.compile(r"\s*(กรัม|ก\.|g\.?|grams?)$", re.IGNORECASE)
MAX_MEASURE = Decimal("9999999.99")  # the packaging columns: 9 digits, 2 decimals
# FORMAT.md rejects a row for a negative weight only: a weight that is not a number of grams, or
# more than the column holds, is left out with a warning.
WEIGHT_CODES = (ProblemCode.WEIGHT_NOT_A_NUMBER_LEFT_OUT, ProblemCode.WEIGHT_NEGATIVE,
                ProblemCode.WEIGHT_TOO_LARGE_LEFT_OUT)


def package_size(cell) -> tuple[Decimal, Decimal, Decimal] | None:
    value = _UNIT_CM.sub("", number_text(cell))
    if not value:
        return None
    parts = _SIZE_SPLIT.split(value)
    numbers = [_decimal(part) for part in parts]
    if len(numbers) != 3 or None in numbers:
        raise Invalid(ProblemCode.SIZE_NOT_LXWXH)
    if any(n < 0 for n in numbers):
        raise Invalid(ProblemCode.SIZE_NEGATIVE)
    if any(n > MAX_MEASURE for n in numbers):  # not invalid in FORMAT.md: left out, with a warning
        raise Invalid(ProblemCode.SIZE_TOO_LARGE_LEFT_OUT)
    return tuple(n.quantize(CENTS) for n in numbers)


def weight(cell) -> Decimal | None:
    value = _UNIT_G.sub("", number_text(cell))
    if not value:
        return None
    return _amount(value, WEIGHT_CODES, MAX_MEASURE)


def whole_number(cell, not_whole: ProblemCode) -> int | None:
    value = number_text(cell)
    if not value:
        return None
    amount = _decimal(value)
    if amount is None or amount != amount.to_integral_value() or amount < 0 or amount > 2_000_000_000:
        raise Invalid(not_whole)
    return int(amount)


# --- producer's place and contact -------------------------------------------------------
def province(cell):
    """The Province a cell names (Thai or English, with or without จ./จังหวัด)."""
    value = text(cell)
    if not value:
        return None
    found = find_province(value)
    if found is None:
        raise Invalid(ProblemCode.UNKNOWN_PROVINCE)
    return found


def postcode(cell) -> str:
    value = number_text(cell)
    if value and not (value.isascii() and value.isdigit() and len(value) == 5):
        raise Invalid(ProblemCode.POSTCODE_NOT_5_DIGITS)
    return value


def email(cell) -> str:
    value = text(cell)
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise Invalid(ProblemCode.EMAIL_INVALID) from None
    return value


def quadrant(cell) -> str:
    value = text(cell).upper()
    if value and value not in {"A", "B", "C", "D"}:
        raise Invalid(ProblemCode.QUADRANT_INVALID)
    return value


# --- categories and producer types ----------------------------------------------------
def _loose_key(value) -> str:
    """Category and type names compared without spaces, commas, '&', 'and' or 'และ'."""
    key = identity_key(value)
    for noise in (",", "&", "และ", "and", "/", "(", ")", "-"):
        key = key.replace(noise, "")
    return key


PRODUCER_TYPES = {
    _loose_key(name): producer_type
    for producer_type, names in {
        ProducerType.COMMUNITY: ("ผู้ผลิตชุมชน", "Community producer", "Community"),
        ProducerType.COMMUNITY_ENTERPRISE: ("วิสาหกิจชุมชน", "Community enterprise"),
        ProducerType.SINGLE_OWNER: ("ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว", "ผู้ผลิตชุมชนเจ้าของรายเดียว",
                                    "Single-owner community producer", "Single owner"),
        ProducerType.SME: ("SME", "SMEs", "ผู้ประกอบการ SME", "ผู้ประกอบการ SMEs", "ผู้ประกอบการ"),
    }.items()
    for name in names
}


def producer_type(cell) -> str | None:
    value = text(cell)
    if not value:
        return None
    found = PRODUCER_TYPES.get(_loose_key(value))
    if found is None:
        raise Invalid(ProblemCode.UNKNOWN_PRODUCER_TYPE)
    return found


def category_index(category_names) -> dict:
    """Lookup from every way a category is written to its code, from ``CategoryNames`` rows."""
    index = {}
    for names in category_names:
        for name in (names.code, names.name_th, names.name_en):
            index[_loose_key(name)] = names.code
    return index


def category(cell, index) -> str | None:
    value = text(cell)
    if not value:
        return None
    found = index.get(_loose_key(value))
    if found is None:
        raise Invalid(ProblemCode.UNKNOWN_CATEGORY)
    return found


# --- standards -------------------------------------------------------------------------
# Commas, semicolons, line breaks, and slashes that are not inside a number like 123/2565.
_STANDARD_SEPARATOR = re.compile(r"\s*(?:[,;\n]|(?<!\d)/|/(?!\d))\s*")
NO_STANDARDS = {"-", "ไม่มี", "none", "no", "n/a", "na", "–"}
_STANDARD_PREFIXES = [
    (re.compile(r"^(มผช\.?|TCPS\.?)\s*", re.IGNORECASE), StandardType.MPC),
    (re.compile(r"^(อย\.?|FDA)\s*", re.IGNORECASE), StandardType.FDA),
    (re.compile(r"^(ฮาลาล|halal)\s*", re.IGNORECASE), StandardType.HALAL),
    (re.compile(r"^(GI|จีไอ)(?=\s|$|\d)\s*", re.IGNORECASE), StandardType.GI),
    (re.compile(r"^GMP\s*", re.IGNORECASE), StandardType.GMP),
    (re.compile(r"^(มอก\.?|TIS)\s*", re.IGNORECASE), StandardType.TIS),
    (re.compile(r"^(organic\s+thailand|เกษตรอินทรีย์|organic)\s*", re.IGNORECASE), StandardType.ORGANIC),
]


def standards(cell) -> list[tuple[str, str]]:
    """The (type, number) pairs in a cell; a cell of '-' or 'ไม่มี' means none."""
    raw = normalize_multiline(cell)
    if not raw or raw.casefold() in NO_STANDARDS:
        return []
    found = []
    for part in _STANDARD_SEPARATOR.split(raw):
        part = thai_digits_to_arabic(normalize(part))
        if not part or part.casefold() in NO_STANDARDS:
            continue
        for pattern, standard_type in _STANDARD_PREFIXES:
            match = pattern.match(part)
            if match:
                pair = (str(standard_type), part[match.end():].strip()[:128])
                break
        else:
            pair = (str(StandardType.OTHER), part[:128])
        if pair not in found:
            found.append(pair)
    return sorted(found)
