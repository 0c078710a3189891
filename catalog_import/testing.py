"""Small programme files for tests: a valid record to start from, written as CSV or workbook."""
import csv
from io import StringIO

from catalog_import.columns import COLUMNS

HEADERS_EN = [names[1] for names in COLUMNS.values()]
HEADERS_TH = [names[0] for names in COLUMNS.values()]


def record(**fields) -> dict:
    """A valid record by field name (see ``columns.COLUMNS``), with ``fields`` replacing values."""
    values = {
        "no": "1", "code": "5103-2567-0001", "name_th": "ผ้าพันคอไหมยกดอก", "name_en": "Brocade silk scarf",
        "category": "Textiles and apparel", "stars": "4", "year": "2024", "producer": "กลุ่มทอผ้าบ้านดอนตาล",
        "producer_type": "Community enterprise", "address": "259 หมู่ 2", "subdistrict": "โคกจิก", "district": "บ้านธิ",
        "province": "Lamphun", "postcode": "51104", "phone": "053-000-111", "email": "group@example.com",
        "price": "350", "unit": "ผืน", "standards": "มผช. 1249/2560", "story_th": "ผ้าไหมยกดอกจากหมู่บ้าน",
        "story_en": "Brocade silk from the village.", "packaging": "กล่องกระดาษคราฟท์", "size": "30x20x5",
        "net_weight": "250", "units_per_carton": "20", "monthly_capacity": "200", "quadrant": "A",
        "hs_code": "5007.20", "shelf_life": "",
    }
    values.update(fields)
    return values


def rows_for(records, headers=None):
    fields = list(COLUMNS)
    headers = headers or HEADERS_EN
    return [list(headers)] + [[r.get(f, "") for f in fields] for r in records]  # a copy: callers append to it


def write_csv(path, records, headers=None, bom=True, encoding="utf-8", extra_columns=None):
    rows = rows_for(records, headers)
    for header, values in (extra_columns or {}).items():
        rows[0].append(header)
        for row, value in zip(rows[1:], values):
            row.append(value)
    with open(path, "w", encoding="utf-8-sig" if bom and encoding == "utf-8" else encoding, newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def write_workbook(path, sheets: dict, headers=None, title=None, blank_rows=0, footer=None):
    """``sheets`` maps sheet names to lists of records; a title row (merged), blank rows and a
    footer row can be added around the table as programme offices do."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, records in sheets.items():
        sheet = workbook.create_sheet(name)
        if title:
            sheet.append([title])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
        for _ in range(blank_rows):
            sheet.append([])
        for row in rows_for(records, headers):
            sheet.append([_typed(v) for v in row])
        if footer:
            sheet.append([footer])
    workbook.save(path)
    return path


def _typed(value):
    """Numbers typed as numbers, the way spreadsheets keep them."""
    if isinstance(value, str) and value.isdigit() and not value.startswith("0"):
        return int(value)
    return value


def run_command(*args):
    """Run ``import_programme_records`` with ``args``; its exit status, stdout and stderr."""
    import pytest
    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_programme_records", *map(str, args), stdout=out, stderr=err)
    return exit_info.value.code, out.getvalue(), err.getvalue()


# --- workbooks written part by part (hostile ones included) ---------------------------------------
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '{overrides}</Types>')
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_xml(rows, dimension=None) -> bytes:
    """A worksheet part: ``rows`` is an iterable of row XML fragments (``<row …>…</row>``)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
    if dimension:
        head += f'<dimension ref="{dimension}"/>'
    return (head + "<sheetData>" + "".join(rows) + "</sheetData></worksheet>").encode()


def write_raw_workbook(path, sheets: dict, shared_strings=None, compresslevel=9):
    """An .xlsx made of the given parts, as a hostile or unusual producer could write it:
    ``sheets`` maps sheet names to worksheet XML (bytes, see ``sheet_xml``), ``shared_strings``
    is the shared string table's XML. Small on disk however much it declares."""
    import zipfile

    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
                        for i in range(1, len(sheets) + 1))
    relations = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                        for i in range(1, len(sheets) + 1))
    if shared_strings is not None:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_STRINGS_TYPE}"/>'
        relations += f'<Relationship Id="rIdS" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    sheet_list = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(sheets, start=1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(overrides=overrides))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<sheets>{sheet_list}</sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relations}</Relationships>'))
        for i, xml in enumerate(sheets.values(), start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return path


def import_officer(provinces=None, **user_fields):
    """A staff user with the right to import programme records: a programme officer of ``provinces``
    (Province objects; every province when None), whose rows they may import."""
    from django.contrib.auth.models import Permission

    from marketplace.officers.models import ProgrammeOfficer
    from marketplace.provinces.models import Province
    from marketplace.testing.factories import UserFactory

    user = UserFactory(is_staff=True, **user_fields)
    user.user_permissions.add(Permission.objects.get(codename="import_programme_records"))
    officer = ProgrammeOfficer.objects.create(user=user)
    officer.provinces.set(Province.objects.all() if provinces is None else provinces)
    return user
