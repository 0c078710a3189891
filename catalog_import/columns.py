"""The columns of a programme record: which header (Thai or English) means which field.

Headers are compared by ``thai.identity_key`` (normalised, case-folded, no spaces), so extra
spaces and line breaks inside a header cell do not matter. Columns not named here are kept on
the product as unmapped data.
"""
from django.utils.translation import gettext_lazy as _

from marketplace.core.thai import identity_key

# field -> (Thai header, English header, other spellings seen in programme files)
COLUMNS = {
    "no": ("ลำดับ", "No.", "ลำดับที่", "No", "#"),
    "code": ("รหัสผลิตภัณฑ์", "Product code", "รหัส", "Code"),
    "name_th": ("ชื่อผลิตภัณฑ์", "Product name (Thai)", "Product name", "ชื่อผลิตภัณฑ์ (ภาษาไทย)"),
    "name_en": ("ชื่อผลิตภัณฑ์ (ภาษาอังกฤษ)", "Product name (English)"),
    "category": ("ประเภทผลิตภัณฑ์", "Category", "ประเภท", "Product category"),
    "stars": ("ระดับดาว", "Star level", "ระดับ", "Stars"),
    "year": ("ปีที่คัดสรร", "Selection year", "ปี", "Year"),
    "producer": ("ชื่อกลุ่ม/ผู้ประกอบการ", "Producer", "ชื่อกลุ่ม / ผู้ประกอบการ", "ผู้ผลิต", "ชื่อกลุ่ม"),
    "producer_type": ("ประเภทผู้ผลิต", "Producer type"),
    "address": ("ที่อยู่", "Address"),
    "subdistrict": ("ตำบล", "Subdistrict", "แขวง/ตำบล"),
    "district": ("อำเภอ", "District", "เขต/อำเภอ"),
    "province": ("จังหวัด", "Province"),
    "postcode": ("รหัสไปรษณีย์", "Postcode", "Postal code", "Zip code"),
    "phone": ("โทรศัพท์", "Phone", "เบอร์โทรศัพท์", "Telephone"),
    "email": ("อีเมล", "Email", "E-mail", "อีเมล์"),
    "price": ("ราคาขายปลีก (บาท)", "Retail price (THB)", "ราคา (บาท)", "ราคา", "Price (THB)", "Price"),
    "unit": ("หน่วยนับ", "Unit", "หน่วย"),
    "standards": ("มาตรฐานที่ได้รับ", "Standards", "มาตรฐาน"),
    "story_th": ("เรื่องราวผลิตภัณฑ์", "Story (Thai)", "Story"),
    "story_en": ("เรื่องราวผลิตภัณฑ์ (ภาษาอังกฤษ)", "Story (English)"),
    "packaging": ("บรรจุภัณฑ์", "Packaging"),
    "size": ("ขนาดบรรจุภัณฑ์ กxยxส (ซม.)", "Package size LxWxH (cm)", "ขนาดบรรจุภัณฑ์", "Package size"),
    "net_weight": ("น้ำหนักสุทธิ (กรัม)", "Net weight (g)", "น้ำหนักสุทธิ", "Net weight"),
    "units_per_carton": ("จำนวนต่อลัง", "Units per carton"),
    "monthly_capacity": ("กำลังการผลิตต่อเดือน", "Monthly capacity"),
    "quadrant": ("กลุ่มผลิตภัณฑ์ (Quadrant)", "Quadrant", "กลุ่มผลิตภัณฑ์"),
    "hs_code": ("พิกัดศุลกากร (HS code)", "HS code", "พิกัดศุลกากร"),
    "shelf_life": ("อายุการเก็บรักษา (วัน)", "Shelf life (days)", "อายุการเก็บรักษา", "Shelf life"),
}

# What each column holds, as the file-format page tells an officer (catalog_import/format_page.py);
# which columns are required is the importer's ``records.REQUIRED``. tests/test_new_user_pages.py
# checks that every column has its description.
DESCRIPTIONS = {
    "no": _("The row's number in your file; for your reference only."),
    "code": _("The programme's code for the product. It identifies the product: importing a file again updates the products with the same codes."),
    "name_th": _("The product's name in Thai."),
    "name_en": _("The product's name in English; often blank."),
    "category": _("One of the five OTOP categories."),
    "stars": _("The star level the provincial committee gave the product."),
    "year": _("The year of the selection."),
    "producer": _("The producer group's or business's name."),
    "producer_type": _("The kind of producer."),
    "address": _("The producer's address (house number, village, road)."),
    "subdistrict": _("The producer's subdistrict (tambon)."),
    "district": _("The producer's district (amphoe)."),
    "province": _("The producer's province, in Thai or English, with or without \"จ.\"."),
    "postcode": _("The producer's five-digit postcode."),
    "phone": _("The producer's phone number."),
    "email": _("The producer's e-mail address."),
    "price": _("The retail price in baht, at most two decimals (350, 1,250, 350 บาท). For a range such as 350-450 the lower price is taken, with a warning."),
    "unit": _("The selling unit (piece, bag, bottle …)."),
    "standards": _("The standards the product holds, separated by commas or line breaks (มผช., อย., GI, Halal, GMP …); \"-\" or \"ไม่มี\" for none."),
    "story_th": _("The product's story in Thai."),
    "story_en": _("The product's story in English."),
    "packaging": _("What the product is packed in."),
    "size": _("The package's length, width and height in centimetres, written 30x20x5."),
    "net_weight": _("The net weight in grams."),
    "units_per_carton": _("How many units one carton holds, for export shipping."),
    "monthly_capacity": _("How many units the producer can make a month."),
    "quadrant": _("The product's quadrant: A, B, C or D (D: still to be developed)."),
    "hs_code": _("The customs tariff (HS) code."),
    "shelf_life": _("Shelf life in days, for food, drinks and herbal products."),
}

# How the report names a field: the English header of FORMAT.md.
LABELS = {field: names[1] for field, names in COLUMNS.items()}

_BY_KEY = {identity_key(name): field for field, names in COLUMNS.items() for name in names}


def field_for(header) -> str | None:
    """The field a header cell names, or None for a column the import does not know."""
    return _BY_KEY.get(identity_key(header).rstrip("*:"))


def looks_like_header(cells) -> bool:
    """A row is the header row when it names the product code and at least two other fields."""
    fields = {field_for(cell) for cell in cells if cell not in (None, "")}
    fields.discard(None)
    return "code" in fields and len(fields) >= 3
