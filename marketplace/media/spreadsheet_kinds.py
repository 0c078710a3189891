"""What a programme file may be: the names and contents accepted as a spreadsheet.

The upload check (``uploads.check_spreadsheet``) and the import's readers (``catalog_import``)
both decide by these, so that a file the upload accepts is one the import reads. They live in
the domain, which never imports the import: ``catalog_import`` imports them from here.
"""
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})  # Office Open XML workbooks (openpyxl)
CSV_SUFFIXES = frozenset({".csv", ".txt"})  # UTF-8 text, comma or tab separated
SPREADSHEET_SUFFIXES = WORKBOOK_SUFFIXES | CSV_SUFFIXES

# The main part's content type in [Content_Types].xml: what makes a zip a workbook.
WORKBOOK_CONTENT_TYPES = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
)
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and other old Office files
ZIP_SIGNATURE = b"PK\x03\x04"


def is_zip(head: bytes) -> bool:
    """``head``: the first bytes of a file."""
    return head.startswith(ZIP_SIGNATURE)


def is_old_office(head: bytes) -> bool:
    return head.startswith(OLE2_SIGNATURE)
