"""The encodings a programme CSV file may be in, and how its bytes are told apart.

FORMAT.md: UTF-8, with or without a byte-order mark, or the Windows Thai encoding (cp874, a
superset of TIS-620), which is what Excel on a Thai Windows computer writes for "CSV (Comma
delimited)". Bytes that are neither are refused with the line of the first bad byte. The upload
check (``uploads.check_spreadsheet``) and the import's reader both decode through here.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# How the report names each encoding (kept in import runs' summaries: never change them).
UTF8, UTF8_BOM, CP874 = "UTF-8", "UTF-8 with BOM", "cp874"
_BOM = b"\xef\xbb\xbf"
_LABELS = {UTF8: "UTF-8", UTF8_BOM: _("UTF-8 with a byte-order mark (BOM)"), CP874: _("Thai Windows (cp874)")}


def label(encoding: str) -> str:
    """An encoding as pages name it, in the active language."""
    return str(_LABELS.get(encoding, encoding))


@dataclass
class NotText(Exception):
    """Bytes neither UTF-8 nor cp874: ``line`` (from 1) holds the first bad byte, ``byte``."""
    line: int
    byte: int


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in (``UTF8``, ``UTF8_BOM`` or ``CP874``).

    UTF-8 is tried first: Thai text in cp874 is practically never valid UTF-8 (its Thai bytes,
    0xA1–0xFB, are valid in UTF-8 only in lead/continuation patterns Thai words do not make), so
    a file that decodes as UTF-8 is UTF-8. A byte-order mark settles it: such a file is UTF-8 or
    refused. Anything else is read as cp874, which leaves bytes undefined (0x80 and 0xDB–0xDE,
    0xFC–0xFF among them: a Latin-1 ``ü``, most binary data); a file holding one is refused."""
    codecs = [("utf-8-sig", UTF8_BOM)] if data.startswith(_BOM) else [("utf-8", UTF8), ("cp874", CP874)]
    for codec, encoding in codecs:
        try:
            return data.decode(codec), encoding
        except UnicodeDecodeError as error:
            bad = error.start
    raise NotText(line=data.count(b"\n", 0, bad) + 1, byte=data[bad])
