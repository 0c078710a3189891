"""Digests of programme rows, to recognise a row that is exactly as it was last imported.

The digest covers every cell the import reads (not the informational row number), the unmapped
columns, and the certification validity in force, so any change to any of them makes the row
go through the full check and write again. (When the way a digest is worked out changes, no
row matches its earlier digest: the first import after such an upgrade checks every row again.)
"""
import hashlib

from catalog_import.bulk import copy_insert
from catalog_import.models import RecordFingerprint
from marketplace.core.lookups import any_of


def layout(reader, validity_years) -> tuple[bytes, list]:
    """What a digest covers, worked out once per table: the names of the cells read (the
    validity in force first) and where each is in a row (None: no such column)."""
    names = [f"validity={validity_years}", *(field_name for field_name, *_ in reader.plan),
             *(column.header for column in reader.unmapped)]
    indexes = [index for _, index, *_ in reader.plan] + [column.index for column in reader.unmapped]
    return "\x1f".join(names).encode("utf-8") + b"\x1d", indexes


def row_digest(layout, cells) -> str:
    prefix, indexes = layout
    size = len(cells)
    # a cell the row is too short to have is Ellipsis, which no cell value can be: "" and a
    # missing cell differ
    values = tuple(cells[index] if index is not None and index < size else ... for index in indexes)
    return hashlib.sha1(prefix + repr(values).encode("utf-8")).hexdigest()


def known_digests(codes) -> dict:
    return dict(RecordFingerprint.objects.filter(any_of("programme_code", codes)).values_list(
        "programme_code", "digest"))


def remember(written, references=None) -> None:
    """``written``: (programme code, digest, product id) of rows the import has just applied
    (``references``: as ``bulk.copy_insert`` takes it)."""
    if not written:
        return
    RecordFingerprint.objects.filter(any_of("programme_code", [code for code, _, _ in written])).delete()
    copy_insert(RecordFingerprint, ["programme_code", "digest", "product_id"], written, references=references)
