"""The template workbook offered on the upload page: every column of FORMAT.md in its order, with
Thai or English headers (the page's language), and one example row that imports as it is.

Written with openpyxl; every cell goes through ``marketplace.core.exported_cells`` like every
other sheet the project writes.
"""
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from catalog_import.columns import COLUMNS
from marketplace.core.exported_cells import inert_row

# One valid record, written as a provincial office would write it (Thai, Buddhist-era year).
EXAMPLE = {
    "no": 1, "code": "5103-2567-0001", "name_th": "ผ้าพันคอไหมยกดอก", "name_en": "Brocade silk scarf",
    "category": "ผ้า เครื่องแต่งกาย", "stars": "4 ดาว", "year": 2567, "producer": "กลุ่มทอผ้าบ้านดอนตาล",
    "producer_type": "วิสาหกิจชุมชน", "address": "259 หมู่ 2", "subdistrict": "โคกจิก", "district": "บ้านธิ",
    "province": "ลำพูน", "postcode": "51180", "phone": "053-000-111", "email": "group@example.com",
    "price": 350, "unit": "ผืน", "standards": "มผช. 1249/2560", "story_th": "ผ้าไหมยกดอกทอมือจากหมู่บ้าน",
    "story_en": "Hand-woven brocade silk from the village.", "packaging": "กล่องกระดาษคราฟท์", "size": "30x20x5",
    "net_weight": 250, "units_per_carton": 20, "monthly_capacity": 200, "quadrant": "A", "hs_code": "5007.20",
    "shelf_life": None,
}
SHEET_TITLE = "records"


def template_workbook(thai_headers: bool = True) -> bytes:
    """The .xlsx file: a bold header row and the example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(inert_row(names[0] if thai_headers else names[1] for names in COLUMNS.values()))
    sheet.append(inert_row(EXAMPLE[field] for field in COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
    sheet.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
