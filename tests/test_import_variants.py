"""Every variant FORMAT.md says the import must accept, each on a small file written by the test."""
import csv
import datetime
from decimal import Decimal

import pytest

from catalog_import.importer import import_files
from catalog_import.columns import COLUMNS
from catalog_import.testing import HEADERS_EN, HEADERS_TH, record, write_csv, write_workbook
from marketplace.catalog.models import ProductProfile
from marketplace.certification.models import Certification
from marketplace.producers.models import Producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    """Import records (as CSV) and return (summary, profile of the first record's code)."""

    def run(*records, **csv_options):
        summary = import_files([write_csv(tmp_path / "records.csv", records, **csv_options)])
        profile = ProductProfile.objects.select_related("product", "producer__province").filter(
            programme_code=records[0]["code"].strip().replace("\u200b", "")).first()
        return summary, profile

    return run


def assert_clean(summary, created=1):
    assert [p.message for p in summary.rejections] == []
    assert summary.created == created


# --- workbooks ----------------------------------------------------------------------------
def test_workbook_with_one_sheet_per_province_imports_every_sheet(tmp_path):
    path = write_workbook(tmp_path / "north.xlsx", {
        "Lamphun": [record(code="5101-2567-0001", province="ลำพูน")],
        "Loei": [record(code="4201-2567-0001", province="เลย"), record(code="4201-2567-0002", province="เลย")],
    }, headers=HEADERS_TH)
    summary = import_files([path])
    assert_clean(summary, created=3)
    assert [(s.sheet, s.rows_read) for s in summary.sheets] == [("Lamphun", 1), ("Loei", 2)]
    assert ProductProfile.objects.get(programme_code="4201-2567-0002").producer.province.name_en == "Loei"


def test_merged_title_row_and_blank_rows_above_the_header_are_passed_over(tmp_path):
    path = write_workbook(tmp_path / "north.xlsx", {"Lamphun": [record(), record(code="5103-2567-0002", stars="x")]},
                          title="ผลการคัดสรรสุดยอดหนึ่งตำบล หนึ่งผลิตภัณฑ์ไทย จังหวัดลำพูน", blank_rows=2)
    summary = import_files([path])
    assert summary.sheets[0].header_row == 4
    assert summary.created == 1
    # row numbers are those the officer sees in the sheet
    assert [(p.row, p.message) for p in summary.rejections] == [(6, "star level cannot be read")]


def test_footer_row_is_skipped_and_counted_not_rejected(tmp_path):
    path = write_workbook(tmp_path / "north.xlsx", {"Lamphun": [record()]}, footer="รวม 400 ผลิตภัณฑ์")
    summary = import_files([path])
    assert_clean(summary)
    assert (summary.rows_read, summary.skipped, summary.rejected) == (2, 1, 0)


def test_numbers_typed_as_numbers_in_a_workbook_are_read(tmp_path):
    path = write_workbook(tmp_path / "north.xlsx", {"Lamphun": [record(price="1250", year="2567", stars="5")]})
    assert_clean(import_files([path]))
    profile = ProductProfile.objects.get()
    assert profile.product.stockrecords.get().price == Decimal("1250.00")
    assert profile.product.certifications.get().selection_year == 2024


# --- CSV encodings ------------------------------------------------------------------------
def test_csv_in_utf8_with_byte_order_mark(imported):
    summary, profile = imported(record(), bom=True)
    assert_clean(summary)
    assert profile.name_th == "ผ้าพันคอไหมยกดอก"


def test_csv_in_utf8_without_byte_order_mark(imported):
    summary, profile = imported(record(), bom=False)
    assert_clean(summary)
    assert profile.name_th == "ผ้าพันคอไหมยกดอก"


# --- headers ------------------------------------------------------------------------------
def test_thai_headers_with_extra_spaces_and_line_breaks(tmp_path):
    headers = ["  " + h.replace(" (", "\n(") + " " for h in HEADERS_TH]
    assert "ชื่อผลิตภัณฑ์\n(ภาษาอังกฤษ) " in headers[3]
    assert_clean(import_files([write_csv(tmp_path / "th.csv", [record()], headers=headers)]))
    assert ProductProfile.objects.get().name_en == "Brocade silk scarf"


def test_columns_in_any_order(tmp_path):
    path = tmp_path / "reordered.csv"
    rec = record()
    pairs = list(zip(HEADERS_EN, (rec[f] for f in COLUMNS)))[::-1]
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([h for h, _ in pairs])
        writer.writerow([v for _, v in pairs])
    assert_clean(import_files([path]))
    assert ProductProfile.objects.get().product.certifications.get().star_level == 4


def test_extra_columns_are_kept_as_unmapped_data_and_do_not_fail_the_row(tmp_path):
    path = write_csv(tmp_path / "extra.csv", [record()], extra_columns={"หมายเหตุ": ["ส่งออกญี่ปุ่น"], "Note 2": [""]})
    assert_clean(import_files([path]))
    profile = ProductProfile.objects.get()
    assert profile.extra["unmapped"] == {"หมายเหตุ": "ส่งออกญี่ปุ่น"}
    assert profile.extra["monthly_capacity"] == 200


# --- numbers ------------------------------------------------------------------------------
def test_thai_digits_wherever_a_number_is_expected(imported):
    summary, profile = imported(record(price="๓๕๐ บาท", year="๒๕๖๗", stars="๔", size="๓๐x๒๐x๕", net_weight="๒๕๐",
                                       units_per_carton="๑๒", postcode="๕๑๑๐๔"))
    assert_clean(summary)
    assert profile.product.stockrecords.get().price == Decimal("350.00")
    certification = profile.product.certifications.get()
    assert (certification.selection_year, certification.star_level) == (2024, 4)
    packaging = profile.product.packaging
    assert (packaging.size_cm, packaging.net_weight_g, packaging.units_per_carton) == (
        (Decimal("30"), Decimal("20"), Decimal("5")), Decimal("250"), 12)
    assert profile.producer.postcode == "51104"


@pytest.mark.parametrize("written", ["4", "4 ดาว", "๔ ดาว", "★★★★", "4 stars"])
def test_star_level_spellings(imported, written):
    summary, profile = imported(record(stars=written))
    assert_clean(summary)
    assert profile.product.certifications.get().star_level == 4


@pytest.mark.parametrize("written", ["2562", "2019"])
def test_buddhist_and_christian_era_years(imported, written):
    summary, profile = imported(record(year=written))
    assert_clean(summary)
    assert profile.product.certifications.get().selection_year == 2019


@pytest.mark.parametrize("written, baht", [
    ("350", "350.00"), ("1,250", "1250.00"), ("1,250 บาท", "1250.00"), ("350.-", "350.00"), ("๓๕๐ บาท", "350.00"),
])
def test_price_spellings(imported, written, baht):
    summary, profile = imported(record(price=written))
    assert_clean(summary)
    assert profile.product.stockrecords.get().price == Decimal(baht)
    assert summary.warnings == []


def test_price_range_takes_the_lower_bound_with_a_warning(imported):
    summary, profile = imported(record(price="350-450"))
    assert_clean(summary)
    assert profile.product.stockrecords.get().price == Decimal("350.00")
    assert [(w.row, w.column, w.message) for w in summary.warnings] == [
        (2, "Retail price (THB)", "price range 350-450: the lower bound 350 was taken")]


@pytest.mark.parametrize("written", ["30x20x5", "30 x 20 x 5", "30×20×5", "30 × 20 × 5", "30*20*5", "30 * 20 * 5"])
def test_package_size_separators(imported, written):
    summary, profile = imported(record(size=written))
    assert_clean(summary)
    assert profile.product.packaging.size_cm == (Decimal("30"), Decimal("20"), Decimal("5"))


# --- provinces and text -------------------------------------------------------------------
@pytest.mark.parametrize("written", [
    "ลำพูน", "จ.ลำพูน", "จ. ลำพูน", "จังหวัดลำพูน", "Lamphun", "  ลำพูน ", "\u0e25\u0e4d\u0e32\u0e1e\u0e39\u0e19",
])
def test_province_spellings(imported, written):
    summary, profile = imported(record(province=written))
    assert_clean(summary)
    assert profile.producer.province.iso_code == "TH-51"
    assert profile.product.certifications.get().province.iso_code == "TH-51"


def test_zero_width_and_stray_spaces_in_text_cells_are_removed(imported):
    summary, profile = imported(record(code="\u200b5103-2567-0001 ", name_th="  ผ้าพันคอ\u200bไหมยกดอก ",
                                       producer=" กลุ่มทอผ้า\u200bบ้านดอนตาล  ", unit=" ผืน\u200b"))
    assert_clean(summary)
    assert profile.programme_code == "5103-2567-0001"
    assert profile.name_th == profile.product.title == "ผ้าพันคอไหมยกดอก"
    assert profile.producer.name_th == "กลุ่มทอผ้าบ้านดอนตาล"
    assert profile.unit == "ผืน"


def test_sara_am_typed_as_two_characters_in_names_is_stored_as_one(imported):
    summary, profile = imported(record(name_th="น\u0e49\u0e4d\u0e32พริกหนุ่ม"))
    assert_clean(summary)
    assert profile.name_th == "น้ำพริกหนุ่ม"


# --- standards ----------------------------------------------------------------------------
def _standards(profile):
    return sorted((s.type, s.number) for s in profile.product.certifications.get().standards.all())


@pytest.mark.parametrize("written, expected", [
    ("มผช. 123/2565", [("mpc", "123/2565")]),
    ("อย. 10-1-12345-6-0001", [("fda", "10-1-12345-6-0001")]),
    ("GI สช 49100004", [("gi", "สช 49100004")]),
    ("ฮาลาล 1234", [("halal", "1234")]),
    ("Halal 1234", [("halal", "1234")]),
    ("GMP", [("gmp", "")]),
    ("มอก. 2346-2560", [("tis", "2346-2560")]),
    ("Organic Thailand", [("organic", "")]),
    ("เกษตรอินทรีย์", [("organic", "")]),
])
def test_each_kind_of_standard(imported, written, expected):
    summary, profile = imported(record(standards=written))
    assert_clean(summary)
    assert _standards(profile) == expected


@pytest.mark.parametrize("written", [
    "อย. 10-1-12345-6-0001, มผช. 123/2565, Halal 1234",
    "อย. 10-1-12345-6-0001 / มผช. 123/2565 / Halal 1234",
    "อย. 10-1-12345-6-0001\nมผช. 123/2565\nHalal 1234",
])
def test_several_standards_in_one_cell(imported, written):
    summary, profile = imported(record(standards=written))
    assert_clean(summary)
    assert _standards(profile) == [("fda", "10-1-12345-6-0001"), ("halal", "1234"), ("mpc", "123/2565")]


@pytest.mark.parametrize("written", ["-", "ไม่มี", ""])
def test_no_standards(imported, written):
    summary, profile = imported(record(standards=written))
    assert_clean(summary)
    assert _standards(profile) == []


# --- what a record becomes ----------------------------------------------------------------
def test_a_record_becomes_a_complete_certified_product(imported, settings):
    settings.OTOP_CERTIFICATION_VALIDITY_YEARS = 3
    summary, profile = imported(record())
    assert_clean(summary)
    product = profile.product
    assert product.product_class.slug == "otop-product"
    assert product.slug and product.title == "ผ้าพันคอไหมยกดอก"
    assert [c.names.code for c in product.categories.all()] == ["textiles"]
    stock = product.stockrecords.get()
    assert (stock.partner_id, stock.partner_sku, stock.price_currency) == (
        profile.producer.partner_id, "5103-2567-0001", "THB")
    certification = product.certifications.get()
    assert (certification.valid_from, certification.valid_until) == (
        datetime.date(2024, 1, 1), datetime.date(2027, 12, 31))
    assert certification.status == "current"
    producer = profile.producer
    assert (producer.producer_type, producer.district, producer.email) == (
        "community_enterprise", "บ้านธิ", "group@example.com")
    assert producer.partner.name == producer.name_th
    assert (profile.unit, profile.quadrant, profile.story_en) == ("ผืน", "A", "Brocade silk from the village.")
    assert product.packaging.hs_code == "5007.20"


def test_validity_period_follows_the_setting(imported, settings):
    settings.OTOP_CERTIFICATION_VALIDITY_YEARS = 1
    summary, profile = imported(record(year="2025"))
    assert profile.product.certifications.get().valid_until == datetime.date(2026, 12, 31)


@pytest.mark.parametrize("written, expected", [
    ("ผู้ผลิตชุมชน", "community"), ("วิสาหกิจชุมชน", "community_enterprise"),
    ("ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว", "single_owner"), ("SMEs", "sme"), ("SME", "sme"),
    ("Single-owner community producer", "single_owner"),
])
def test_producer_type_spellings(imported, written, expected):
    summary, profile = imported(record(producer_type=written))
    assert_clean(summary)
    assert profile.producer.producer_type == expected


def test_thai_category_names(imported):
    summary, profile = imported(record(category="ของใช้ ของตกแต่ง ของที่ระลึก"))
    assert_clean(summary)
    assert profile.otop_category == "household"


def test_optional_cells_that_cannot_be_read_are_left_out_with_a_warning(imported):
    summary, profile = imported(record(email="not-an-email", quadrant="Z", units_per_carton="a dozen"))
    assert_clean(summary)
    assert sorted(w.column for w in summary.warnings) == ["Email", "Quadrant", "Units per carton"]
    assert (profile.producer.email, profile.quadrant, profile.product.packaging.units_per_carton) == ("", "", None)


def test_same_producer_is_matched_by_normalised_name_and_province(imported):
    summary, _ = imported(
        record(code="5103-2567-0001", producer="กลุ่มทอผ้าบ้านดอนตาล", province="Lamphun"),
        record(code="5103-2567-0002", producer=" กลุ่มทอผ้า บ้านดอนตาล\u200b", province="จ.ลำพูน"),
        record(code="5103-2567-0003", producer="กลุ่มทอผ้าบ้านดอนตาล", province="Loei"),
    )
    assert_clean(summary, created=3)
    assert Producer.objects.count() == 2
    same = ProductProfile.objects.filter(programme_code__in=["5103-2567-0001", "5103-2567-0002"])
    assert len({p.producer_id for p in same}) == 1
    assert Certification.objects.count() == 3


def test_producer_already_in_the_catalog_is_reused_and_only_blank_fields_filled(tmp_path):
    import_files([write_csv(tmp_path / "a.csv", [record(email="", phone="053-000-111")])])
    producer = Producer.objects.get()
    import_files([write_csv(tmp_path / "b.csv", [record(code="5103-2567-0009", email="new@example.com",
                                                        phone="099-999-9999")])])
    producer.refresh_from_db()
    assert Producer.objects.count() == 1
    assert (producer.email, producer.phone) == ("new@example.com", "053-000-111")
