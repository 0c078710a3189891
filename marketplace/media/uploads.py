"""Checks of uploaded files by what they contain and how large they are, never by their name alone.

``check_product_image``: a product photo must really be a JPEG, PNG or WebP image that decodes
completely (not a renamed text file, not truncated), of at most ``OTOP_MAX_IMAGE_MB`` and
``OTOP_MAX_IMAGE_PIXELS`` (a small file that would unpack into gigabytes of pixels — a
decompression bomb — is refused before it is decoded).

``check_spreadsheet``: a programme record must really be an Office Open XML workbook (``.xlsx``,
``.xlsm``: a zip whose ``[Content_Types].xml`` names a workbook) or CSV text in UTF-8 (with or without
BOM) or Thai Windows cp874 (``csv_encodings``), of at most ``OTOP_MAX_SPREADSHEET_MB``, and must
hold no more than the import may read (``spreadsheet_bounds``: a small workbook that would unpack
into millions of cells is refused before anything parses it).

Both raise Django's ``ValidationError`` whose message names the file and says what is wrong, in
the active language.
"""
import warnings
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from marketplace.media import csv_encodings, spreadsheet_bounds
from marketplace.media.spreadsheet_kinds import (SPREADSHEET_SUFFIXES, WORKBOOK_CONTENT_TYPES, WORKBOOK_SUFFIXES,
                                                 is_old_office, is_zip)

IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MB = 1024 * 1024


def max_image_bytes() -> int:
    return int(float(getattr(settings, "OTOP_MAX_IMAGE_MB", 5)) * MB)


def max_image_pixels() -> int:
    return int(getattr(settings, "OTOP_MAX_IMAGE_PIXELS", 40_000_000))


def max_spreadsheet_bytes() -> int:
    return int(float(getattr(settings, "OTOP_MAX_SPREADSHEET_MB", 50)) * MB)


def _name(upload) -> str:
    return PurePath(getattr(upload, "name", "") or "").name or "?"


def _megabytes(size: int) -> str:
    return f"{size / MB:.2f}".rstrip("0").rstrip(".")


def _refuse(message, code, upload, **params):
    raise ValidationError(message, code=code, params={"name": _name(upload), **params})


def _check_size(upload, limit: int) -> None:
    size = upload.size
    if not size:
        _refuse(_("“%(name)s” is empty."), "empty", upload)
    if size > limit:
        _refuse(_("“%(name)s” is %(size)s MB; the limit is %(limit)s MB."), "too_large", upload,
                size=_megabytes(size), limit=_megabytes(limit))


# --- product photos ---------------------------------------------------------------------------
def check_product_image(upload, *, max_bytes=None, max_pixels=None) -> None:
    """Refuse ``upload`` (an uploaded or open file) unless it is a complete JPEG, PNG or WebP
    within the limits. The file is left at its start."""
    _check_size(upload, max_bytes or max_image_bytes())
    pixel_limit = max_pixels or max_image_pixels()
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice that: here every excess is refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as picture:
                kind, (width, height) = picture.format, picture.size
        if kind not in IMAGE_FORMATS:
            _refuse(_("“%(name)s” is a %(kind)s image; only JPEG, PNG or WebP images are accepted."),
                    "image_format", upload, kind=kind)
        if width * height > pixel_limit:
            _refuse(_("“%(name)s” is %(width)s × %(height)s pixels; the limit is %(limit)s million pixels."),
                    "too_many_pixels", upload, width=width, height=height, limit=f"{pixel_limit / 1e6:g}")
        _decode_completely(upload)
    except UnidentifiedImageError:
        _refuse(_("“%(name)s” is not an image; only JPEG, PNG or WebP images are accepted."),
                "not_an_image", upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(_("“%(name)s” has too many pixels."), "too_many_pixels", upload)
    except ValidationError:
        raise
    except Exception:  # Pillow's decoders raise OSError, SyntaxError, ValueError, struct.error …
        _refuse(_("“%(name)s” is damaged or incomplete; upload the whole image again."),
                "damaged_image", upload)
    finally:
        upload.seek(0)


def _decode_completely(upload) -> None:
    """Decode every byte: ``verify()`` alone does not notice a JPEG cut short."""
    upload.seek(0)
    with Image.open(upload) as picture:
        picture.verify()
    upload.seek(0)
    with Image.open(upload) as picture:
        if picture.format == "JPEG":  # decode at 1/8 scale: the whole stream is read, 1/64 of the pixels kept
            picture.draft("RGB", (max(1, picture.width // 8), max(1, picture.height // 8)))
        picture.load()


def validate_product_image_field(value) -> None:
    """Model-field validator (``ProductImage.original``, ``Category.image``: see ``apps.py``): checks a
    file being uploaded; one already stored was checked when it arrived (reading it back from S3
    would cost a fetch)."""
    if value and not getattr(value, "_committed", True):
        check_product_image(value.file)


# --- programme records ------------------------------------------------------------------------
def check_spreadsheet(upload, *, max_bytes=None) -> None:
    """Refuse ``upload`` unless its content matches its name: an ``.xlsx``/``.xlsm`` workbook or
    ``.csv``/``.txt`` text in UTF-8 or cp874. The file is left at its start."""
    suffix = PurePath(_name(upload)).suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        _refuse(_("“%(name)s” is not a programme file: choose an Excel workbook (.xlsx) or a CSV file."),
                "spreadsheet_name", upload)
    _check_size(upload, max_bytes or max_spreadsheet_bytes())
    try:
        upload.seek(0)
        head = upload.read(8)
        if suffix in WORKBOOK_SUFFIXES:
            _check_workbook(upload, head)
        else:
            _check_csv(upload, head)
    finally:
        upload.seek(0)


def _check_workbook(upload, head: bytes) -> None:
    if is_old_office(head):
        _refuse(_("“%(name)s” is an old Excel 97-2003 file; save it as an Excel workbook (.xlsx)."),
                "old_excel", upload)
    if not is_zip(head):
        _refuse(_("“%(name)s” is not an Excel workbook (.xlsx), whatever its name says."),
                "not_a_workbook", upload)
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            # The directory's sizes first: no part is unpacked before they are known to be sane.
            spreadsheet_bounds.check_parts(archive, _name(upload))
            if not any(kind in archive.read("[Content_Types].xml") for kind in WORKBOOK_CONTENT_TYPES):
                _refuse(_("“%(name)s” is a zip file but not an Excel workbook (.xlsx)."), "not_a_workbook", upload)
            spreadsheet_bounds.check_contents(archive, _name(upload))
    except spreadsheet_bounds.SpreadsheetTooLarge as refused:
        raise ValidationError(refused.message, code=refused.code, params=refused.params) from refused
    except (zipfile.BadZipFile, KeyError, EOFError, OSError):
        _refuse(_("“%(name)s” is a damaged or incomplete Excel workbook; save it again and upload it."),
                "damaged_workbook", upload)


def _check_csv(upload, head: bytes) -> None:
    if is_zip(head) or is_old_office(head):
        _refuse(_("“%(name)s” is an Excel file named as CSV; upload it with the .xlsx name or save it as CSV UTF-8."),
                "excel_named_csv", upload)
    upload.seek(0)
    data = upload.read()  # at most the size limit
    try:
        text, _encoding = csv_encodings.decode(data)
    except csv_encodings.NotText as refused:
        _refuse(_("“%(name)s”, line %(line)s, is neither UTF-8 nor Thai Windows (cp874) text; "
                  "save the file as “CSV UTF-8”."), "not_text", upload, line=refused.line)
    if "\x00" in text:
        _refuse(_("“%(name)s”, line %(line)s, holds binary data, not CSV text."), "binary_csv", upload,
                line=text[:text.index("\x00")].count("\n") + 1)
    try:
        spreadsheet_bounds.check_csv(text, _name(upload))
    except spreadsheet_bounds.SpreadsheetTooLarge as refused:
        raise ValidationError(refused.message, code=refused.code, params=refused.params) from refused


# --- documents (a trade buyer's specifications and labels) -------------------------------------
def max_document_bytes() -> int:
    return int(float(getattr(settings, "OTOP_MAX_DOCUMENT_MB", 10)) * MB)


def check_document(upload, *, max_bytes=None) -> str:
    """Refuse ``upload`` unless it is a complete PDF (it starts with ``%PDF-`` and ends with
    ``%%EOF``) or a JPEG, PNG or WebP image that ``check_product_image`` accepts, of at most
    ``OTOP_MAX_DOCUMENT_MB``. Returns what it is: ``"pdf"`` or the image's format, lower case.
    The file is left at its start."""
    limit = max_bytes or max_document_bytes()
    _check_size(upload, limit)
    try:
        upload.seek(0)
        head = upload.read(1024)
        if b"%PDF-" in head:
            upload.seek(max(0, upload.size - 2048))
            if b"%%EOF" not in upload.read():
                _refuse(_("“%(name)s” is an incomplete PDF; upload the whole file again."), "damaged_pdf", upload)
            return "pdf"
    finally:
        upload.seek(0)
    try:
        check_product_image(upload, max_bytes=limit)
    except ValidationError as refused:
        if refused.code == "not_an_image":
            _refuse(_("“%(name)s” is neither a PDF nor an image; only PDF, JPEG, PNG or WebP files are accepted."),
                    "not_a_document", upload)
        raise
    with Image.open(upload) as picture:
        kind = picture.format.lower()
    upload.seek(0)
    return kind
