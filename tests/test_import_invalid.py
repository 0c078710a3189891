"""Every invalid case FORMAT.md lists is rejected row by row, with sheet, row, column, value and a
message; valid rows in the same file are imported all the same and rejected rows leave nothing."""
import pytest
from oscar.core.loading import get_model

from catalog_import.importer import import_files
from catalog_import.testing import record, write_csv, write_workbook
from marketplace.catalog.models import Packaging, ProductProfile
from marketplace.certification.models import Certification, Standard
from marketplace.producers.models import Producer

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def rejected(tmp_path):
    """Import a valid record followed by ``bad``; return the rejections of the bad row."""

    def run(**bad):
        good = record(code="5103-2567-0001")
        summary = import_files([write_csv(tmp_path / "records.csv", [good, record(code="5103-2567-0002", **bad)])])
        assert summary.created == 1, "the valid row is imported all the same"
        assert summary.rejected == 1
        assert summary.exit_code == 1
        return [(p.row, p.column, p.value, p.message) for p in summary.rejections]

    return run


@pytest.mark.parametrize("field, column, message", [
    ("name_th", "Product name (Thai)", "missing product name"),
    ("category", "Category", "missing category"),
    ("stars", "Star level", "missing star level"),
    ("year", "Selection year", "missing selection year"),
    ("producer", "Producer", "missing producer"),
    ("province", "Province", "missing province"),
    ("price", "Retail price (THB)", "missing price"),
])
def test_missing_required_cell(rejected, field, column, message):
    assert rejected(**{field: ""}) == [(3, column, "", message)]


def test_missing_product_code(tmp_path):
    summary = import_files([write_csv(tmp_path / "r.csv", [record(), record(code="", name_th="ข้าวแต๋น")])])
    assert [(p.row, p.column, p.message) for p in summary.rejections] == [(3, "Product code", "missing product code")]


def test_required_column_absent_from_the_file_rejects_its_rows(tmp_path):
    path = write_csv(tmp_path / "r.csv", [record()])
    text = path.read_text(encoding="utf-8-sig").replace("Province", "Region")
    path.write_text(text, encoding="utf-8")
    summary = import_files([path])
    assert [(p.column, p.message) for p in summary.rejections] == [("Province", "missing province")]


@pytest.mark.parametrize("written", ["many", "4.5", "ดาว"])
def test_star_level_that_cannot_be_read(rejected, written):
    assert rejected(stars=written) == [(3, "Star level", written, "star level cannot be read")]


@pytest.mark.parametrize("written", ["0", "6", "7 ดาว", "★★★★★★"])
def test_star_level_outside_1_to_5(rejected, written):
    assert rejected(stars=written) == [(3, "Star level", written, "star level outside 1-5")]


@pytest.mark.parametrize("written", ["last year", "2567/68", "²⁰²⁴"])
def test_selection_year_that_cannot_be_read(rejected, written):
    assert rejected(year=written) == [(3, "Selection year", written, "selection year cannot be read")]


@pytest.mark.parametrize("written", ["1999", "2540", "2000"])
def test_selection_year_before_the_programme_began(rejected, written):
    assert rejected(year=written) == [
        (3, "Selection year", written, "selection year implausible (before the programme began in 2001)")]


def test_selection_year_after_next_year(rejected):
    from django.utils import timezone

    too_late = timezone.localdate().year + 2
    assert rejected(year=str(too_late)) == [
        (3, "Selection year", str(too_late), f"selection year implausible (after next year, {too_late - 1})")]


def test_next_year_is_still_accepted(tmp_path):
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    summary = import_files([write_csv(tmp_path / "r.csv", [record(year=str(next_year))])])
    assert summary.rejected == 0 and summary.created == 1


def test_unknown_category(rejected):
    assert rejected(category="Furniture") == [(3, "Category", "Furniture", "unknown category")]


@pytest.mark.parametrize("written", ["Atlantis", "จ.แอตแลนติส"])
def test_unknown_province(rejected, written):
    assert rejected(province=written) == [(3, "Province", written, "unknown province")]


@pytest.mark.parametrize("written", ["free", "ราคาตามตกลง", "1.2.3"])
def test_price_that_is_not_a_number(rejected, written):
    assert rejected(price=written) == [(3, "Retail price (THB)", written, "price is not a number")]


def test_negative_price(rejected):
    assert rejected(price="-350") == [(3, "Retail price (THB)", "-350", "price is negative")]


def test_negative_package_size(rejected):
    assert rejected(size="30x-20x5") == [(3, "Package size LxWxH (cm)", "30x-20x5", "package size is negative")]


def test_negative_weight(rejected):
    assert rejected(net_weight="-40") == [(3, "Net weight (g)", "-40", "negative weight")]


@pytest.mark.parametrize("written", ["big box", "30x20", "30x20x5x2", "30 by 20 by 5"])
def test_package_size_not_three_numbers(rejected, written):
    assert rejected(size=written) == [(3, "Package size LxWxH (cm)", written, "package size not in LxWxH form")]


def test_duplicate_code_in_the_file_rejects_the_later_rows_and_the_first_stands(tmp_path):
    rows = [record(code="5103-2567-0001", name_th="ผ้าผืนแรก"), record(code="5103-2567-0002"),
            record(code="5103-2567-0001", name_th="ผ้าผืนที่สอง"), record(code="5103-2567-0001", name_th="ผ้าผืนที่สาม")]
    summary = import_files([write_csv(tmp_path / "r.csv", rows)])
    assert [(p.row, p.column, p.message) for p in summary.rejections] == [
        (4, "Product code", "duplicate product code within the file: first on row 2"),
        (5, "Product code", "duplicate product code within the file: first on row 2"),
    ]
    assert ProductProfile.objects.get(programme_code="5103-2567-0001").name_th == "ผ้าผืนแรก"


def test_duplicate_code_across_sheets_of_one_workbook(tmp_path):
    path = write_workbook(tmp_path / "w.xlsx", {"Lamphun": [record()], "Loei": [record(province="Loei")]})
    summary = import_files([path])
    assert [(p.sheet, p.row, p.message) for p in summary.rejections] == [
        ("Loei", 2, "duplicate product code within the file: first on row 2 of sheet Lamphun")]


def test_a_row_with_several_problems_reports_each_of_them(tmp_path):
    summary = import_files([write_csv(tmp_path / "r.csv", [record(stars="9", province="Atlantis", price="free")])])
    assert summary.rejected == 1
    assert sorted(p.column for p in summary.rejections) == ["Province", "Retail price (THB)", "Star level"]


def test_rejected_row_leaves_no_producer_product_or_certification_behind(tmp_path):
    # given a row whose producer, product and certification are all new, and whose price is unreadable
    row = record(code="9999-2567-0001", producer="กลุ่มใหม่ที่ไม่มีที่ไหน", price="free",
                 standards="มผช. 1/2567, Halal 99")
    # when
    summary = import_files([write_csv(tmp_path / "r.csv", [row])])
    # then nothing of it is in the catalog
    assert summary.rejected == 1
    for model in (Producer, Partner, Product, ProductProfile, Packaging, StockRecord, Certification, Standard):
        assert model.objects.count() == 0, model.__name__


def test_rejected_row_of_an_existing_product_changes_nothing(tmp_path):
    import_files([write_csv(tmp_path / "a.csv", [record(stars="3")])])
    summary = import_files([write_csv(tmp_path / "b.csv", [record(stars="5", year="2025", price="free")])])
    assert summary.rejected == 1
    certification = Certification.objects.get()
    assert (certification.selection_year, certification.star_level) == (2024, 3)


def test_name_longer_than_the_catalog_holds_is_rejected(rejected):
    name = "ผ้า" * 100
    assert rejected(name_th=name) == [(3, "Product name (Thai)", name, "longer than 255 characters")]


def test_optional_text_longer_than_the_catalog_holds_is_left_out_with_a_warning(tmp_path):
    summary = import_files([write_csv(tmp_path / "r.csv", [record(hs_code="5007.20.00.00.00.01")])])
    assert summary.created == 1
    assert [(w.column, w.message) for w in summary.warnings] == [("HS code", "longer than 16 characters; left out")]
    assert Packaging.objects.get().hs_code == ""


def test_a_producer_name_as_long_as_the_file_allows_imports_with_a_slug_its_partner_can_hold(tmp_path):
    # given two producers whose Latin names (255 characters, the most a name may have) differ only at the end
    first, second = "Ban Nong Bua Weaving Group " * 9 + "A", "Ban Nong Bua Weaving Group " * 9 + "B"
    records = [record(code="5103-2567-0001", producer=first[:255]), record(code="5103-2567-0002", producer=second[:255])]
    # when they are imported (the partner's code, which is the producer's slug, holds 128 characters)
    summary = import_files([write_csv(tmp_path / "r.csv", records)])
    # then both are, each with its own slug
    assert (summary.created, summary.rejected) == (2, 0)
    slugs = sorted(Producer.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2 and all(len(slug) <= 128 for slug in slugs)
    assert sorted(Partner.objects.values_list("code", flat=True)) == slugs


def test_an_email_longer_than_the_catalog_holds_is_left_out_and_the_row_imported(tmp_path):
    # an address Django's validator accepts (up to 320 characters) but a producer's e-mail cannot hold (254)
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com"
    summary = import_files([write_csv(tmp_path / "r.csv", [record(email=email)])])
    assert (summary.created, summary.rejected) == (1, 0)
    assert [(w.column, w.message) for w in summary.warnings] == [("Email", "longer than 254 characters; left out")]
    assert Producer.objects.get().email == ""


def test_a_workbook_true_never_stands_for_the_number_1_in_the_same_column(tmp_path):
    # given a sheet whose star column holds TRUE on one row and the number 1 on the next
    records = [record(code="5103-2567-0001", stars=True), record(code="5103-2567-0002", stars=1),
               record(code="5103-2567-0003", stars=True)]
    summary = import_files([write_workbook(tmp_path / "r.xlsx", {"Lamphun": records})])
    # then the 1 is one star, and TRUE is refused both times (the memo of the column does not mix them up)
    assert [(p.row, p.column) for p in summary.rejections] == [(2, "Star level"), (4, "Star level")]
    assert Certification.objects.get().star_level == 1
