"""Selling units as the shopper reads them. Programme files give the unit in Thai (``ใบ``,
``ขวด`` …): Thai pages show it as recorded, English pages the English word. A unit this list
does not know is shown as recorded."""
from django.utils import translation

ENGLISH_UNITS = {
    "ใบ": "piece", "ตัว": "piece", "ชิ้น": "piece", "คัน": "piece", "อัน": "piece", "องค์": "piece",
    "ผืน": "piece of cloth", "ขวด": "bottle", "กล่อง": "box", "ถุง": "bag", "ซอง": "sachet",
    "ก้อน": "bar", "เมตร": "metre", "หลา": "yard", "ลูก": "piece", "ถาด": "tray", "ชุด": "set",
    "วง": "piece", "กระปุก": "jar", "โหล": "jar", "แพ็ค": "pack", "แพ็ก": "pack", "คู่": "pair",
    "เส้น": "piece", "เล่ม": "book", "กิโลกรัม": "kg", "กรัม": "g", "ลิตร": "litre", "มัด": "bundle",
    "ห่อ": "pack", "กระป๋อง": "can", "หลอด": "tube", "แผ่น": "sheet", "ม้วน": "roll", "ตลับ": "case",
}


def shown_unit(unit, language=None):
    unit = (unit or "").strip()
    language = (language or translation.get_language() or "th").split("-")[0]
    if language == "th":
        return unit
    return ENGLISH_UNITS.get(unit, unit)
