"""Cells of every CSV or workbook the project writes for people to open: text that a spreadsheet
would run as a formula is made inert.

Excel, LibreOffice and Google Sheets treat a cell beginning with ``=``, ``+``, ``-`` or ``@`` as a
formula (and a leading tab or carriage return can hide such a start), so a product name sent
as ``=HYPERLINK("http://…","stars")`` would become a live link in an officer's report. As OWASP's
CSV-injection guidance advises, such text is prefixed with a single quote: the spreadsheet shows
it as text (with the quote) and runs nothing.

What stays as it is:

- numbers (``int``, ``float``, ``Decimal``): a numeric column stays numeric, negative values
  included;
- text that is wholly a plain number (``-5``, ``+66812345678``, ``-12.50``): a spreadsheet reads
  it as that number and nothing else; a formula needs more than digits after the sign.

Every writer goes through ``dataset`` (tablib, for CSV and ``.xlsx`` alike) or, for a writer of
its own, ``inert``/``inert_row``.
"""
import re

import tablib

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?")


def inert(value):
    """``value`` as it may be written into a cell: text that could start a formula gets a leading
    single quote; numbers, dates, ``None`` and other text are returned unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def inert_row(row) -> tuple:
    return tuple(inert(value) for value in row)


def dataset(headers, rows) -> tablib.Dataset:
    """A tablib dataset of ``rows`` with every cell made inert; export it as ``csv`` or ``xlsx``."""
    data = tablib.Dataset(headers=inert_row(headers))
    for row in rows:
        data.append(inert_row(row))
    return data

