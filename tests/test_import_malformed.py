"""Malformed programme files: control characters, a CSV quote never closed, an overlong cell,
spreadsheet error cells, merged cells, a workbook of charts, and numbers that only look like
numbers. The rule holds for each: the bad is reported with where it is, the good rows are kept."""
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from catalog_import.importer import FileUnreadable, import_files
from catalog_import.readers import MAX_CELL_CHARS
from catalog_import.testing import record, run_command, write_csv, write_workbook
from marketplace.catalog.models import Packaging, ProductProfile
from marketplace.producers.models import Producer

pytestmark = pytest.mark.django_db

CODES = [f"5103-2567-{n:04d}" for n in range(1, 10)]


def _records(count, **fields_by_row):
    """``count`` valid records with their own codes; ``fields_by_row``: {"r2": {...}} replaces fields of
    the record on that file row (the header is row 1)."""
    return [record(code=CODES[i], **fields_by_row.get(f"r{i + 2}", {})) for i in range(count)]


def _imported_codes():
    return sorted(ProductProfile.objects.values_list("programme_code", flat=True))


def _problems(summary):
    return [(p.row, p.column, p.value, p.message, "rejected" if p.rejected else "warning") for p in summary.problems]


# --- 1. control characters -------------------------------------------------------------------------
def test_a_control_character_in_a_name_is_not_stored(tmp_path):
    # given a name and a producer with control characters in them
    path = write_csv(tmp_path / "r.csv", [record(name_en="Silk\x01scarf", producer="กลุ่มทอผ้า\x7fบ้านดอนตาล")])
    # when
    summary = import_files([path])
    # then they are read as spaces, nothing else kept of them
    assert (summary.created, summary.problems) == (1, [])
    profile = ProductProfile.objects.get()
    assert profile.product.title != "" and profile.name_en == "Silk scarf"
    assert Producer.objects.get().name == "กลุ่มทอผ้า บ้านดอนตาล"


@pytest.mark.parametrize("written", ["12\x0b3", "12\x013", "12\x1f3", "12 3", "1,2,3", "12,3"])
def test_digits_apart_are_not_one_price(tmp_path, written):
    # given a price with a control character, a space or a comma where no thousands separator goes
    path = write_csv(tmp_path / "r.csv", _records(2, r3={"price": written}))
    # when
    summary = import_files([path])
    # then that row is refused, saying which cell, and the other one imported
    assert _problems(summary) == [(3, "Retail price (THB)", written, "price is not a number", "rejected")]
    assert _imported_codes() == CODES[:1]


@pytest.mark.parametrize("written, price", [("1 250", "1250.00"), ("1,250", "1250.00"), ("1,250,000", "1250000.00"),
                                            ("1,250 บาท", "1250.00")])
def test_thousands_separators_still_read(tmp_path, written, price):
    summary = import_files([write_csv(tmp_path / "r.csv", [record(price=written)])])
    assert (summary.created, summary.problems) == (1, [])
    assert ProductProfile.objects.get().product.stockrecords.get().price == Decimal(price)


def test_the_command_writes_a_workbook_report_of_a_value_with_a_control_character(tmp_path):
    # given a file whose rejected price holds a vertical tab (XML, thus a workbook, cannot hold one)
    path = write_csv(tmp_path / "r.csv", _records(2, r3={"price": "12\x0b3"}))
    report = tmp_path / "report.xlsx"
    # when the command imports it and writes its report as a workbook
    status, out, err = run_command(path, "--report", report)
    # then the report is written, the character shown as its picture, and the good row imported
    assert (status, err) == (1, "")
    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert rows[1][2:6] == (3, "Retail price (THB)", "12\u240b3", "price is not a number")
    assert _imported_codes() == CODES[:1]


# --- 2. a quote never closed -------------------------------------------------------------------------
def _with_story(tmp_path, count, stories: dict):
    """A CSV of ``count`` records where the story cell of row N is written as ``stories[N]``, raw."""
    path = write_csv(tmp_path / "r.csv", _records(count, **{f"r{n}": {"story_th": f"STORY{n}"}
                                                            for n in stories}))
    text = path.read_text(encoding="utf-8-sig")
    for n, raw in stories.items():
        text = text.replace(f",STORY{n},", f",{raw},")
    path.write_text(text, encoding="utf-8")
    return path


def test_a_quote_never_closed_is_reported_on_its_line_and_the_rows_before_it_kept(tmp_path):
    # given five records where the story of the third (line 4) opens a quote that is never closed
    path = _with_story(tmp_path, 5, {4: '"ผ้าไหมทอมือ'})
    # when
    summary = import_files([path])
    # then the rows before it are imported; its row is rejected, naming the lines that were not read
    assert _imported_codes() == CODES[:2]
    [problem] = summary.problems
    assert (problem.row, problem.column, problem.rejected) == (4, "Story (Thai)", True)
    assert problem.message == ('a quote (") opened on line 4 is never closed: the rest of the file, '
                               'lines 4 to 6, was read as this one cell and not imported')
    assert problem.value.startswith("ผ้าไหมทอมือ,") and len(problem.value) <= 61
    assert summary.rejected == 1


def test_a_stray_quote_closed_by_another_further_down_is_reported_too(tmp_path):
    # given a quote opened in row 3 and one in row 5 that, together, make lines 3-5 one cell
    path = _with_story(tmp_path, 6, {3: '"เรื่องราว', 5: 'ผ้า"'})
    # when
    summary = import_files([path])
    # then the rows outside are imported, and the one holding the others is rejected, naming their lines
    assert _imported_codes() == [CODES[0], CODES[4], CODES[5]]
    [problem] = summary.problems
    assert (problem.row, problem.column, problem.rejected) == (3, "Story (Thai)", True)
    assert problem.message == ('the quoted cell from line 3 to line 5 holds what look like rows of the file: '
                               'a quote (") is probably missing; those rows were not imported')


def test_a_stray_quote_closed_on_the_next_row_is_reported_too(tmp_path):
    # given a quote opened in the story of row 3 and closed in the story of row 4: one row in the file's eyes
    path = _with_story(tmp_path, 4, {3: '"เรื่องราว', 4: 'ผ้า"'})
    # when
    summary = import_files([path])
    # then row 3 (which took row 4 in) is rejected, naming the lines, and the rows around it imported
    assert _imported_codes() == [CODES[0], CODES[3]]
    assert [(p.row, p.column, p.params) for p in summary.problems] == [(3, "Story (Thai)", {"line": 3, "last": 4})]


def test_a_story_over_several_lines_is_still_one_cell(tmp_path):
    story = "ผ้าไหมยกดอก, ทอมือ\nจากหมู่บ้านดอนตาล, ลำพูน\nสืบทอดมาสามรุ่น\nsilk, cotton, hemp, bamboo, indigo, lac, ebony"
    summary = import_files([write_csv(tmp_path / "r.csv", _records(2, r2={"story_th": story}))])
    assert (summary.created, summary.problems) == (2, [])
    assert ProductProfile.objects.get(programme_code=CODES[0]).story_th == story


# --- 3. an overlong cell -----------------------------------------------------------------------------
def test_a_megabyte_story_is_left_out_with_its_row_and_column_named(tmp_path):
    # given a story of 1 MB on the second of three rows
    path = write_csv(tmp_path / "r.csv", _records(3, r3={"story_th": "ก" * 1_000_000}))
    # when
    summary = import_files([path])
    # then every row is imported, the story left out with a warning saying where
    assert summary.created == 3
    assert _problems(summary) == [(3, "Story (Thai)", "ก" * 60 + "…",
                                   f"longer than {MAX_CELL_CHARS} characters; left out", "warning")]
    assert ProductProfile.objects.get(programme_code=CODES[1]).story_th == ""


def test_a_megabyte_name_rejects_its_row_only(tmp_path):
    path = write_csv(tmp_path / "r.csv", _records(3, r3={"name_th": "x" * 1_000_000}))
    summary = import_files([path])
    assert _problems(summary) == [(3, "Product name (Thai)", "x" * 60 + "…",
                                   f"longer than {MAX_CELL_CHARS} characters", "rejected")]
    assert _imported_codes() == [CODES[0], CODES[2]]


# --- 4. spreadsheet error cells ----------------------------------------------------------------------
@pytest.mark.parametrize("error", ["#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"])
def test_an_error_in_a_required_cell_of_a_workbook_rejects_its_row(tmp_path, error):
    # given a workbook whose second row's price is an error cell (openpyxl writes these as errors)
    path = write_workbook(tmp_path / "r.xlsx", {"Lamphun": _records(2, r3={"price": error})})
    # when
    summary = import_files([path])
    # then
    assert _problems(summary) == [
        (3, "Retail price (THB)", error, f"the cell holds the spreadsheet error {error}, not a value", "rejected")]
    assert _imported_codes() == CODES[:1]


def test_an_error_in_an_optional_cell_is_left_out_with_a_warning(tmp_path):
    # given errors in the English name and in a column the import does not know
    path = write_workbook(tmp_path / "r.xlsx", {"Lamphun": _records(2, r2={"name_en": "#N/A"})})
    workbook = load_workbook(path)
    workbook["Lamphun"].cell(row=1, column=40, value="Remarks")
    workbook["Lamphun"].cell(row=2, column=40, value="#REF!")
    workbook.save(path)
    # when
    summary = import_files([path])
    # then both rows are imported; the error values are not
    assert summary.created == 2
    assert _problems(summary) == [
        (2, "Product name (English)", "#N/A", "the cell holds the spreadsheet error #N/A, not a value; left out",
         "warning"),
        (2, "Remarks", "#REF!", "the cell holds the spreadsheet error #REF!, not a value; left out", "warning")]
    profile = ProductProfile.objects.get(programme_code=CODES[0])
    assert (profile.name_en, "unmapped" in profile.extra) == ("", False)


def test_an_error_excel_wrote_into_a_csv_is_an_error_too(tmp_path):
    summary = import_files([write_csv(tmp_path / "r.csv", _records(2, r3={"stars": "#N/A"}))])
    assert _problems(summary) == [
        (3, "Star level", "#N/A", "the cell holds the spreadsheet error #N/A, not a value", "rejected")]


# --- 5. net weight and package size: only a negative one rejects the row (FORMAT.md) ----------------
@pytest.mark.parametrize("written, message", [
    ("1.5 kg", "net weight is not a number of grams; left out"),
    ("abc", "net weight is not a number of grams; left out"),
    ("99999999999", "net weight is too large; left out"),
])
def test_a_weight_that_cannot_be_taken_is_left_out_and_the_row_imported(tmp_path, written, message):
    summary = import_files([write_csv(tmp_path / "r.csv", [record(net_weight=written)])])
    assert summary.created == 1
    assert _problems(summary) == [(2, "Net weight (g)", written, message, "warning")]
    assert Packaging.objects.get().net_weight_g is None


def test_a_package_size_too_large_is_left_out_and_the_row_imported(tmp_path):
    summary = import_files([write_csv(tmp_path / "r.csv", [record(size="99999999x20x5")])])
    assert summary.created == 1
    assert _problems(summary) == [
        (2, "Package size LxWxH (cm)", "99999999x20x5", "package size is too large; left out", "warning")]
    assert Packaging.objects.get().size_cm is None


# --- 6. prices ---------------------------------------------------------------------------------------
def test_a_price_range_written_high_to_low_takes_its_lower_bound(tmp_path):
    summary = import_files([write_csv(tmp_path / "r.csv", [record(price="450-350")])])
    assert summary.created == 1
    assert _problems(summary) == [(2, "Retail price (THB)", "450-350",
                                   "price range 450-350 is written from high to low: the lower bound 350 was taken",
                                   "warning")]
    assert ProductProfile.objects.get().product.stockrecords.get().price == Decimal("350.00")


@pytest.mark.parametrize("written", ["0.001", "0.004", "12.345", "1,250.505"])
def test_a_price_in_fractions_of_a_satang_is_refused_not_rounded(tmp_path, written):
    summary = import_files([write_csv(tmp_path / "r.csv", _records(2, r3={"price": written}))])
    assert _problems(summary) == [(3, "Retail price (THB)", written, "price has more than 2 decimal places",
                                   "rejected")]
    assert _imported_codes() == CODES[:1]


@pytest.mark.parametrize("written, price", [("12.50", "12.50"), ("12.500", "12.50"), ("0.25", "0.25")])
def test_a_price_with_trailing_zeros_is_taken(tmp_path, written, price):
    summary = import_files([write_csv(tmp_path / "r.csv", [record(price=written)])])
    assert (summary.created, summary.problems) == (1, [])
    assert ProductProfile.objects.get().product.stockrecords.get().price == Decimal(price)


def test_a_workbook_price_computed_by_a_formula_is_read_without_its_binary_noise(tmp_path):
    # given prices as a spreadsheet stores a formula's result: 374.5 with noise, and a third of 100
    path = write_workbook(tmp_path / "r.xlsx", {"Lamphun": _records(2, r2={"price": 374.50000000000006},
                                                                    r3={"price": 100 / 3})})
    # when
    summary = import_files([path])
    # then the first is 374.50; the second, which has more than two decimals, is refused
    assert [(p.row, p.message) for p in summary.problems] == [(3, "price has more than 2 decimal places")]
    assert ProductProfile.objects.get().product.stockrecords.get().price == Decimal("374.50")


# --- 7. merged cells ---------------------------------------------------------------------------------
def test_a_producer_and_province_merged_down_three_rows_belong_to_each_row(tmp_path):
    # given a sheet where the producer and province cells of rows 2-4 are merged (the value in row 2 only)
    path = write_workbook(tmp_path / "r.xlsx", {"Loei": _records(
        4, r2={"producer": "กลุ่มจักสานบ้านนาอ้อ", "province": "Loei"}, r5={"province": "Lamphun"})})
    workbook = load_workbook(path)
    sheet = workbook["Loei"]
    headers = [cell.value for cell in sheet[1]]
    for header in ("Producer", "Province"):
        column = headers.index(header) + 1
        sheet.merge_cells(start_row=2, end_row=4, start_column=column, end_column=column)
    workbook.save(path)
    assert sheet.cell(row=3, column=headers.index("Producer") + 1).value is None
    # when
    summary = import_files([path])
    # then the three rows are of that producer in Loei, and the fourth keeps its own
    assert (summary.created, summary.problems) == (4, [])
    by_code = {p.programme_code: (p.producer.name, p.producer.province.name_en)
               for p in ProductProfile.objects.select_related("producer__province")}
    assert by_code == {**{code: ("กลุ่มจักสานบ้านนาอ้อ", "Loei") for code in CODES[:3]},
                       CODES[3]: ("กลุ่มทอผ้าบ้านดอนตาล", "Lamphun")}


def test_a_footer_merged_across_columns_is_still_skipped(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", {"Loei": _records(2)}, footer="รวม 2 ผลิตภัณฑ์")
    workbook = load_workbook(path)
    workbook["Loei"].merge_cells(start_row=4, end_row=4, start_column=1, end_column=6)
    workbook.save(path)
    summary = import_files([path])
    assert (summary.created, summary.skipped, summary.problems) == (2, 1, [])


# --- 8. a workbook of charts only --------------------------------------------------------------------
def test_a_workbook_with_only_a_chart_sheet_says_it_has_no_worksheet(tmp_path):
    # given a workbook whose one sheet is a chart sheet
    from openpyxl.chart import BarChart

    workbook = Workbook()
    workbook.create_chartsheet("Chart").add_chart(BarChart())
    workbook.remove(workbook.active)
    path = tmp_path / "charts.xlsx"
    workbook.save(path)
    # when / then
    with pytest.raises(FileUnreadable) as refused:
        import_files([path])
    assert str(refused.value) == ("charts.xlsx: the workbook has no worksheet with data (only chart sheets); "
                                  "the programme records must be on a worksheet")


def test_a_chart_sheet_openpyxl_cannot_read_does_not_make_the_workbook_damaged(tmp_path):
    # given a chart-only workbook whose chart part is not one openpyxl can read
    from openpyxl.chart import BarChart

    workbook = Workbook()
    workbook.create_chartsheet("Chart").add_chart(BarChart())
    workbook.remove(workbook.active)
    saved = tmp_path / "saved.xlsx"
    workbook.save(saved)
    path = tmp_path / "charts.xlsx"
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<chartSpace" if item.filename.startswith("xl/charts/") else data)
    # when
    status, out, err = run_command(path)
    # then
    assert status == 2
    assert "no worksheet with data (only chart sheets)" in err and "damaged" not in err


def _with_merges(tmp_path, records, refs, extra_rows=0):
    """A workbook of ``records`` (and ``extra_rows`` rows with only an "x" in column A) whose sheet
    declares the merged ranges ``refs``, written into its XML as a spreadsheet writes them."""
    saved = write_workbook(tmp_path / "saved.xlsx", {"Loei": records})
    workbook = load_workbook(saved)
    for _ in range(extra_rows):
        workbook["Loei"].append(["x"])
    workbook.save(saved)
    merges = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs).encode()
    path = tmp_path / "merged.xlsx"
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"</sheetData><mergeCells>" + merges + b"</mergeCells>")
            target.writestr(item, data)
    return path


def test_merged_ranges_that_would_fill_more_cells_than_a_file_may_hold_refuse_it(tmp_path, settings):
    # given a sheet of 102 rows whose 29 columns are merged down from row 2 to the last
    settings.OTOP_SPREADSHEET_MAX_CELLS = 500
    path = _with_merges(tmp_path, [record()], ["A2:AC102"], extra_rows=100)
    # when / then: the fill would make 2,900 cells of a file allowed 500
    with pytest.raises(FileUnreadable) as refused:
        import_files([path])
    assert str(refused.value) == "merged.xlsx: its merged cells would fill more cells than a file may hold"


def test_more_merged_ranges_than_a_file_may_hold_refuse_it(tmp_path):
    from marketplace.media import spreadsheet_bounds

    path = _with_merges(tmp_path, _records(3), ["A2:A3", "B2:B3", "C2:C3"])
    bounds = spreadsheet_bounds.Bounds(max_part_mb=10, max_total_mb=10, max_rows=100, max_columns=100,
                                       max_cells=10_000, max_shared_strings=1000, max_merged_ranges=2)
    assert [s.merged for s in spreadsheet_bounds.declared_sheets(path, "merged.xlsx")] == [
        ((1, 2, 1, 3), (2, 2, 2, 3), (3, 2, 3, 3))]
    with pytest.raises(spreadsheet_bounds.SpreadsheetTooLarge) as refused:
        spreadsheet_bounds.declared_sheets(path, "merged.xlsx", bounds)
    with translation.override("en"):
        assert str(refused.value) == ("“merged.xlsx”, sheet “Loei”: by this sheet the file has more than 2 merged "
                                      "ranges of cells, the limit for one file.")
