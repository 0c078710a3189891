"""What can be wrong with a row of a programme file: one code per kind of problem, with the
message a programme officer reads in Thai or English.

A ``Problem`` carries its code and the values its message names (``params``); the JSON summary
keeps both, so tools read the code, and the preview and the report render the message in the
reader's language (``describe``). ``english`` gives the message as the command prints it.
"""
from enum import StrEnum

from django.utils import translation
from django.utils.translation import gettext_lazy as _


class ProblemCode(StrEnum):
    MISSING_CODE = "missing_code"
    MISSING_NAME = "missing_name"
    MISSING_CATEGORY = "missing_category"
    MISSING_STARS = "missing_stars"
    MISSING_YEAR = "missing_year"
    MISSING_PRODUCER = "missing_producer"
    MISSING_PROVINCE = "missing_province"
    MISSING_PRICE = "missing_price"
    CANNOT_BE_READ = "cannot_be_read"
    STARS_UNREADABLE = "stars_unreadable"
    STARS_OUT_OF_RANGE = "stars_out_of_range"
    YEAR_UNREADABLE = "year_unreadable"
    YEAR_TOO_EARLY = "year_too_early"
    YEAR_TOO_LATE = "year_too_late"
    PRICE_NOT_A_NUMBER = "price_not_a_number"
    PRICE_NEGATIVE = "price_negative"
    PRICE_TOO_LARGE = "price_too_large"
    PRICE_RANGE = "price_range"
    PRICE_RANGE_REVERSED = "price_range_reversed"
    PRICE_TOO_MANY_DECIMALS = "price_too_many_decimals"
    SIZE_NOT_LXWXH = "size_not_lxwxh"
    SIZE_NEGATIVE = "size_negative"
    SIZE_TOO_LARGE = "size_too_large"  # rejected the row once; kept so that earlier runs still read
    SIZE_TOO_LARGE_LEFT_OUT = "size_too_large_left_out"
    WEIGHT_NOT_A_NUMBER = "weight_not_a_number"  # idem
    WEIGHT_NOT_A_NUMBER_LEFT_OUT = "weight_not_a_number_left_out"
    WEIGHT_NEGATIVE = "weight_negative"
    WEIGHT_TOO_LARGE = "weight_too_large"  # idem
    WEIGHT_TOO_LARGE_LEFT_OUT = "weight_too_large_left_out"
    UNITS_PER_CARTON_NOT_WHOLE = "units_per_carton_not_whole"
    MONTHLY_CAPACITY_NOT_WHOLE = "monthly_capacity_not_whole"
    SHELF_LIFE_NOT_WHOLE = "shelf_life_not_whole"
    UNKNOWN_PROVINCE = "unknown_province"
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_PRODUCER_TYPE = "unknown_producer_type"
    POSTCODE_NOT_5_DIGITS = "postcode_not_5_digits"
    EMAIL_INVALID = "email_invalid"
    QUADRANT_INVALID = "quadrant_invalid"
    TOO_LONG = "too_long"
    TOO_LONG_LEFT_OUT = "too_long_left_out"
    SPREADSHEET_ERROR = "spreadsheet_error"
    SPREADSHEET_ERROR_LEFT_OUT = "spreadsheet_error_left_out"
    QUOTE_NOT_CLOSED = "quote_not_closed"
    QUOTE_HOLDS_ROWS = "quote_holds_rows"
    DUPLICATE_CODE = "duplicate_code"
    DUPLICATE_CODE_OTHER_SHEET = "duplicate_code_other_sheet"
    NO_HEADER_ROW = "no_header_row"
    PROVINCE_NOT_YOURS = "province_not_yours"
    CODE_OF_ANOTHER_PROVINCE = "code_of_another_province"


MESSAGES = {
    ProblemCode.MISSING_CODE: _("missing product code"),
    ProblemCode.MISSING_NAME: _("missing product name"),
    ProblemCode.MISSING_CATEGORY: _("missing category"),
    ProblemCode.MISSING_STARS: _("missing star level"),
    ProblemCode.MISSING_YEAR: _("missing selection year"),
    ProblemCode.MISSING_PRODUCER: _("missing producer"),
    ProblemCode.MISSING_PROVINCE: _("missing province"),
    ProblemCode.MISSING_PRICE: _("missing price"),
    ProblemCode.CANNOT_BE_READ: _("cannot be read"),
    ProblemCode.STARS_UNREADABLE: _("star level cannot be read"),
    ProblemCode.STARS_OUT_OF_RANGE: _("star level outside 1-5"),
    ProblemCode.YEAR_UNREADABLE: _("selection year cannot be read"),
    ProblemCode.YEAR_TOO_EARLY: _("selection year implausible (before the programme began in %(start)s)"),
    ProblemCode.YEAR_TOO_LATE: _("selection year implausible (after next year, %(next_year)s)"),
    ProblemCode.PRICE_NOT_A_NUMBER: _("price is not a number"),
    ProblemCode.PRICE_NEGATIVE: _("price is negative"),
    ProblemCode.PRICE_TOO_LARGE: _("price is too large"),
    ProblemCode.PRICE_RANGE: _("price range %(low)s-%(high)s: the lower bound %(low)s was taken"),
    ProblemCode.PRICE_RANGE_REVERSED: _(
        "price range %(high)s-%(low)s is written from high to low: the lower bound %(low)s was taken"),
    ProblemCode.PRICE_TOO_MANY_DECIMALS: _("price has more than 2 decimal places"),
    ProblemCode.SIZE_NOT_LXWXH: _("package size not in LxWxH form"),
    ProblemCode.SIZE_NEGATIVE: _("package size is negative"),
    ProblemCode.SIZE_TOO_LARGE: _("package size is too large"),
    ProblemCode.SIZE_TOO_LARGE_LEFT_OUT: _("package size is too large; left out"),
    ProblemCode.WEIGHT_NOT_A_NUMBER: _("net weight is not a number"),
    ProblemCode.WEIGHT_NOT_A_NUMBER_LEFT_OUT: _("net weight is not a number of grams; left out"),
    ProblemCode.WEIGHT_NEGATIVE: _("negative weight"),
    ProblemCode.WEIGHT_TOO_LARGE: _("net weight is too large"),
    ProblemCode.WEIGHT_TOO_LARGE_LEFT_OUT: _("net weight is too large; left out"),
    ProblemCode.UNITS_PER_CARTON_NOT_WHOLE: _("units per carton is not a whole number"),
    ProblemCode.MONTHLY_CAPACITY_NOT_WHOLE: _("monthly capacity is not a whole number"),
    ProblemCode.SHELF_LIFE_NOT_WHOLE: _("shelf life is not a whole number"),
    ProblemCode.UNKNOWN_PROVINCE: _("unknown province"),
    ProblemCode.UNKNOWN_CATEGORY: _("unknown category"),
    ProblemCode.UNKNOWN_PRODUCER_TYPE: _("unknown producer type"),
    ProblemCode.POSTCODE_NOT_5_DIGITS: _("postcode is not 5 digits; left out"),
    ProblemCode.EMAIL_INVALID: _("not an e-mail address; left out"),
    ProblemCode.QUADRANT_INVALID: _("quadrant is not A, B, C or D; left out"),
    ProblemCode.TOO_LONG: _("longer than %(limit)s characters"),
    ProblemCode.TOO_LONG_LEFT_OUT: _("longer than %(limit)s characters; left out"),
    ProblemCode.SPREADSHEET_ERROR: _("the cell holds the spreadsheet error %(error)s, not a value"),
    ProblemCode.SPREADSHEET_ERROR_LEFT_OUT: _("the cell holds the spreadsheet error %(error)s, not a value; left out"),
    ProblemCode.QUOTE_NOT_CLOSED: _(
        'a quote (") opened on line %(line)s is never closed: the rest of the file, lines %(line)s to '
        '%(last)s, was read as this one cell and not imported'),
    ProblemCode.QUOTE_HOLDS_ROWS: _(
        'the quoted cell from line %(line)s to line %(last)s holds what look like rows of the file: a quote (") '
        'is probably missing; those rows were not imported'),
    ProblemCode.DUPLICATE_CODE: _("duplicate product code within the file: first on row %(row)s"),
    ProblemCode.DUPLICATE_CODE_OTHER_SHEET: _(
        "duplicate product code within the file: first on row %(row)s of sheet %(sheet)s"),
    ProblemCode.NO_HEADER_ROW: _("no header row naming a product code column; sheet skipped"),
    ProblemCode.PROVINCE_NOT_YOURS: _("%(province)s is not a province you import for"),
    ProblemCode.CODE_OF_ANOTHER_PROVINCE: _(
        "this product code belongs to a product of %(province)s, a province you do not import for"),
}


def render(code, params=None) -> str:
    """The message of ``code`` in the active language."""
    message = str(MESSAGES[ProblemCode(code)])
    return message % params if params else message


def english(code, params=None) -> str:
    with translation.override("en"):
        return render(code, params)


def describe(problem) -> str:
    """A ``records.Problem`` or its stored dict, in the active language; a run stored before
    problems had codes keeps its English message."""
    p = problem if isinstance(problem, dict) else vars(problem)
    if not p.get("code"):
        return p["message"]
    return render(p["code"], p.get("params"))
