"""Country names in the shopper's language, for the countries the shipping zones name
(``data/zones.csv``): Oscar's ``Country`` keeps one English ``printable_name``, and no package of
country-name translations is installed, so the Thai names of the countries the shop sells to are
kept here (the Royal Society's short forms). A country without a Thai name here shows its English one.
A country the shop does not ship to at all (no Oscar ``Country`` row) is named from CLDR's
territory names (Babel), so a refusal names it rather than showing its code.
"""
from django.utils import translation

from marketplace.core.i18n import pick
from marketplace.core.kept import Kept
from marketplace.core.thai import dictionary_order
from marketplace.shipping.companies import company_of

THAI_NAMES = {
    "TH": "ไทย", "BN": "บรูไนดารุสซาลาม", "KH": "กัมพูชา", "ID": "อินโดนีเซีย", "LA": "ลาว", "MY": "มาเลเซีย",
    "MM": "เมียนมา", "PH": "ฟิลิปปินส์", "SG": "สิงคโปร์", "VN": "เวียดนาม",
    "CN": "จีน", "HK": "ฮ่องกง", "JP": "ญี่ปุ่น", "KR": "เกาหลีใต้", "MO": "มาเก๊า", "TW": "ไต้หวัน",
    "IN": "อินเดีย", "AE": "สหรัฐอาหรับเอมิเรตส์", "SA": "ซาอุดีอาระเบีย", "QA": "กาตาร์",
    "AT": "ออสเตรีย", "BE": "เบลเยียม", "CH": "สวิตเซอร์แลนด์", "CZ": "เช็กเกีย", "DE": "เยอรมนี", "DK": "เดนมาร์ก",
    "ES": "สเปน", "FI": "ฟินแลนด์", "FR": "ฝรั่งเศส", "GB": "สหราชอาณาจักร", "IE": "ไอร์แลนด์", "IT": "อิตาลี",
    "NL": "เนเธอร์แลนด์", "NO": "นอร์เวย์", "PL": "โปแลนด์", "PT": "โปรตุเกส", "SE": "สวีเดน",
    "CA": "แคนาดา", "US": "สหรัฐอเมริกา", "MX": "เม็กซิโก", "BR": "บราซิล",
    "AU": "ออสเตรเลีย", "NZ": "นิวซีแลนด์",
}


def country_name(country, language=None) -> str:
    """An Oscar ``Country``'s name in ``language`` (the active content language unless given)."""
    code = (getattr(country, "iso_3166_1_a2", "") or "").upper()
    english = getattr(country, "printable_name", "") or getattr(country, "name", "") or code
    return pick({"th": THAI_NAMES.get(code, ""), "en": english}, language)


def _english_names() -> dict:
    from oscar.core.loading import get_model

    return dict(get_model("address", "Country").objects.values_list("iso_3166_1_a2", "printable_name"))


# Oscar's countries' English names by code, kept (``core/kept.py``): a list names a country on every
# row (a quote request's buyer), one query per row before. Forgotten when a country is saved (``apps.py``).
english_names = Kept(_english_names)


def name_for_code(code, language=None) -> str:
    """The country ISO code ``code`` names, in ``language``: a shipping country's name as
    ``country_name`` gives it, any other's from CLDR, the code itself when neither knows it."""
    from babel import Locale

    code = (code or "").strip().upper()
    english = english_names.get().get(code) if code else None
    if english is not None:
        return pick({"th": THAI_NAMES.get(code, ""), "en": english or code}, language)
    return pick({"th": Locale("th").territories.get(code, ""), "en": Locale("en").territories.get(code, "")},
                language) or code


def by_shown_name(countries, language=None) -> list:
    """``countries`` in the order a shopper looks them up: by the name shown, Thai by Thai order."""
    by_name = {country_name(country, language): country for country in countries}
    return [by_name[name] for name in dictionary_order(by_name)]


def address_fields(address, language=None) -> list[str]:
    """Oscar's ``active_address_fields`` of ``address`` (its lines as shown) with the company it is for
    (``companies``) under the name, the country named in ``language`` instead of Oscar's English name."""
    fields = address.active_address_fields()
    company = company_of(address)
    if company:  # under the name it is for
        fields.insert(1 if fields and fields[0] == address.salutation else 0, company)
    country = getattr(address, "country", None) if getattr(address, "country_id", None) else None
    if country is None:
        return fields
    english, shown = country.printable_name, country_name(country, language)
    return [shown if field == english else field for field in fields]


def name_in_messages(code) -> str:
    """The country ISO code ``code`` names, in the language messages are written in now: an API
    request's messages follow its Accept-Language while its content stays in the site's language."""
    return name_for_code(code, translation.get_language())
