"""Cells of every CSV or workbook the project writes for people to open: text that a spreadsheet
would run as a formula is made inert, and characters a workbook cannot hold are made visible.

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

A workbook is XML, and XML cannot hold most control characters (U+0000–U+001F but tab, line feed
and carriage return), U+FFFE, U+FFFF or a lone surrogate: openpyxl refuses such a cell
(``IllegalCharacterError``), which made the import's report fail after the import had been
committed. Such a character, which an uploaded file can carry into a reported value, is written
as its visible picture (U+0001 as ``␁``, U+000B as ``␋``; U+FFFD for the others), in CSV as in
workbooks, so that both show the same and the officer sees where the odd character was.

Every writer goes through ``dataset`` (tablib, for CSV and ``.xlsx`` alike) or, for a writer of
its own, ``inert``/``inert_row``.
"""
import re

import tablib

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?")
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CONTROL_PICTURES = 0x2400  # U+2400 SYMBOL FOR NULL … U+241F SYMBOL FOR UNIT SEPARATOR


def _picture(match) -> str:
    code = ord(match.group())
    return chr(CONTROL_PICTURES + code) if code < 0x20 else "\ufffd"


def inert(value):
    """``value`` as it may be written into a cell: text that could start a formula gets a leading
    single quote, and characters XML cannot hold are replaced by their pictures; numbers, dates,
    ``None`` and other text are returned unchanged."""
    if not isinstance(value, str):
        return value
    if NOT_IN_XML.search(value):
        value = NOT_IN_XML.sub(_picture, value)
    if not value.startswith(FORMULA_STARTS):
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

