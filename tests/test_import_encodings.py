"""CSV encodings (FORMAT.md): UTF-8 with or without BOM, and the cp874 a Thai Windows Excel
writes, are imported alike and the summary says which was read; bytes that are neither are refused
with the file and the line of the first bad byte."""
import json
from pathlib import Path

import pytest
from django.db import models, transaction

from catalog_import.testing import record, rows_for, run_command, write_csv
from marketplace.catalog.models import Packaging, ProductProfile

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parent.parent
UTF8_TWIN = REPO / "catalog_import" / "demo" / "export-ready-2024.csv"
CP874 = Path(__file__).resolve().parent / "data" / "export-ready-2024-cp874.csv"


def _values(obj) -> dict:
    """An object's own values: no keys, no timestamps (they differ between two imports)."""
    return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields
            if not (f.primary_key or f.is_relation or isinstance(f, models.DateTimeField))}


def _catalog() -> dict:
    """Every imported product, by product code, with its producer, packaging and certifications."""
    catalog = {}
    for profile in ProductProfile.objects.select_related("product", "producer__province"):
        product = profile.product
        packaging = Packaging.objects.filter(product=product).first()
        catalog[profile.programme_code] = {
            "profile": _values(profile), "product": _values(product),
            "producer": _values(profile.producer), "province": profile.producer.province.name_en,
            "packaging": packaging and _values(packaging),
            "certifications": [(_values(c), sorted(_values(s).items() for s in c.standards.all()))
                               for c in product.certifications.order_by("selection_year")],
        }
    return catalog


def _import(path):
    status, out, err = run_command(path, "--json")
    assert (status, err) == (0, "")
    return json.loads(out)


def test_thai_windows_csv_imports_every_field_equal_to_its_utf8_twin():
    # given the UTF-8 twin's import, rolled back once seen
    assert not CP874.read_bytes().startswith(b"\xef\xbb\xbf")
    with transaction.atomic():
        utf8_summary = _import(UTF8_TWIN)
        utf8_catalog = _catalog()
        transaction.set_rollback(True)
    assert ProductProfile.objects.count() == 0
    # when
    summary = _import(CP874)
    # then
    assert summary["encodings"] == {CP874.name: "cp874"}
    assert utf8_summary["encodings"] == {UTF8_TWIN.name: "UTF-8 with BOM"}
    assert (summary["created"], summary["rejected"], summary["warnings"]) == (utf8_summary["created"], 0, 0)
    catalog = _catalog()
    assert len(catalog) == utf8_summary["created"] > 0
    assert any("ผ้า" in p["profile"]["name_th"] for p in catalog.values())
    assert catalog == utf8_catalog


def test_command_says_which_encoding_it_read(tmp_path):
    # given
    path = write_csv(tmp_path / "thai-windows.csv", [record()], encoding="cp874")
    # when
    status, out, _ = run_command(path)
    # then
    assert status == 0
    assert "thai-windows.csv: read as cp874 text" in out
    assert ProductProfile.objects.get().name_th == record()["name_th"]


@pytest.mark.parametrize("bom, encoding", [(True, "UTF-8 with BOM"), (False, "UTF-8")])
def test_utf8_with_or_without_byte_order_mark_is_named_as_read(tmp_path, bom, encoding):
    # when
    summary = _import(write_csv(tmp_path / "r.csv", [record()], bom=bom))
    # then
    assert summary["encodings"] == {"r.csv": encoding}
    assert ProductProfile.objects.get().name_th == "ผ้าพันคอไหมยกดอก"


def test_an_8_bit_file_that_is_not_thai_is_refused_with_its_line(tmp_path):
    # given a Latin-1 file (as a German Windows writes it): 'ü' is 0xFC, a byte cp874 does not define
    path = tmp_path / "latin1.csv"
    lines = [",".join(row) for row in rows_for([record(), record(code="5103-2567-0002", producer="Müller GmbH")])]
    path.write_bytes("\r\n".join(lines).encode("latin-1", errors="replace"))
    # when
    status, _, err = run_command(path)
    # then
    assert status == 2
    assert err.strip() == ("cannot read latin1.csv: line 3: byte 0xFC is neither UTF-8 nor Thai Windows (cp874) "
                           "text; save it again as 'CSV UTF-8'")
    assert ProductProfile.objects.count() == 0


def test_binary_bytes_named_csv_are_refused(tmp_path):
    # given
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    # when
    status, _, err = run_command(path)
    # then
    assert status == 2
    assert err.startswith("cannot read photo.csv: ")
    assert ProductProfile.objects.count() == 0
