"""Dates as shoppers and staff read them: on Thai pages the Buddhist Era (CE + 543) with Thai
month names, on English pages the Common Era. The one home of shown dates: the templates' ``date``
filter is this (``marketplace.core.templatetags.dates``, a template builtin, so Oscar's templates
follow too), a date printed without a filter (``{{ order.date_placed }}``, a django-tables2 cell) is
localized by ``localize`` (put in place of Django's in the template engine, ``CoreConfig.ready``) and
Python messages call ``display_date``.

Only formats a person reads are shifted — those naming the month (``F``, ``M``, ``N``, ``b``,
``E``) and Django's named formats (``DATE_FORMAT`` …). Machine formats (``Y-m-d``, ``c``, ``U``)
stay in the Common Era, so form values and ``datetime`` attributes keep parsing.
"""
import datetime

from django.utils import formats, translation
from django.utils.dateformat import format as format_date

BUDDHIST_ERA_OFFSET = 543
BUDDHIST_ERA_LANGUAGES = ("th",)
MONTH_NAME_CHARACTERS = set("FMNbE")
NAMED_FORMATS = ("DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
                 "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT")


def uses_buddhist_era(language=None):
    return (language or translation.get_language() or "").split("-")[0] in BUDDHIST_ERA_LANGUAGES


def _shown_to_people(fmt):
    escaped, for_people = False, False
    for character in fmt:
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character in MONTH_NAME_CHARACTERS:
            for_people = True
    return for_people


def buddhist_era_format(fmt, year):
    """``fmt`` with its year characters (``Y``, ``y``, ``o``) replaced by the Buddhist-Era year, escaped."""
    be_year = str(year + BUDDHIST_ERA_OFFSET)
    literal = {"Y": be_year, "o": be_year, "y": be_year[-2:]}
    out, escaped = [], False
    for character in fmt:
        if escaped:
            out.append("\\" + character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character in literal:
            out.extend("\\" + digit for digit in literal[character])
        else:
            out.append(character)
    return "".join(out)


def display_date(value, fmt=None):
    """``value`` (a date or datetime) formatted as Django's ``date`` filter would, with the
    Buddhist-Era year on Thai pages when the format is one people read."""
    if value in (None, ""):
        return ""
    pattern = formats.get_format(fmt or "DATE_FORMAT")
    if uses_buddhist_era() and (fmt is None or fmt in NAMED_FORMATS or _shown_to_people(pattern)):
        pattern = buddhist_era_format(pattern, value.year)
    return format_date(value, pattern)


def localize(value, use_l10n=None):
    """Django's ``formats.localize`` of a value a template prints, dates by ``display_date`` (the
    locale's ``DATETIME_FORMAT`` or ``DATE_FORMAT``, as Django's), so they show the Buddhist Era too."""
    if use_l10n is not False and isinstance(value, datetime.date):
        return display_date(value, "DATETIME_FORMAT" if isinstance(value, datetime.datetime) else "DATE_FORMAT")
    return formats.localize(value, use_l10n=use_l10n)


def localize_printed_dates():
    """Templates print dates through ``localize``: Django's engine calls the name it imported from
    ``django.utils.formats`` for every ``{{ value }}``, and has no setting to choose another."""
    from django.template import base

    base.localize = localize
