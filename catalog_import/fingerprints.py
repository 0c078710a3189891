"""Digests of programme rows, to recognise a row that is exactly as it was last imported.

The digest covers every cell the import reads (not the informational row number), the unmapped
columns, and the certification validity in force, so any change to any of them makes the row
go through the full check and write again.
"""
import hashlib

from catalog_import.bulk import copy_insert
from catalog_import.models import RecordFingerprint
from marketplace.core.lookups import any_of


def row_digest(reader, cells, validity_years) -> str:
    size = len(cells)
    parts = [f"validity={validity_years}"]
    for field_name, index, *_ in reader.plan:
        parts.append(f"{field_name}={cells[index]!r}" if index is not None and index < size else f"{field_name}=")
    for column in reader.unmapped:
        parts.append(f"{column.header}={cells[column.index]!r}" if column.index < size else f"{column.header}=")
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def known_digests(codes) -> dict:
    return dict(RecordFingerprint.objects.filter(any_of("programme_code", codes)).values_list(
        "programme_code", "digest"))


def remember(written) -> None:
    """``written``: (programme code, digest, product id) of rows the import has just applied."""
    if not written:
        return
    RecordFingerprint.objects.filter(any_of("programme_code", [code for code, _, _ in written])).delete()
    copy_insert(RecordFingerprint, ["programme_code", "digest", "product_id"], written)
