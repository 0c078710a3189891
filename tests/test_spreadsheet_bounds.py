"""Spreadsheet bombs: a small programme file that declares more than the import may read is
refused before openpyxl or the csv module parse it, by the upload check and by the import's
reader alike, with a message naming the bound and where it was passed. The bombs are built
here, part by part (nothing big is committed)."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from catalog_import.readers import FileUnreadable, read_file
from catalog_import.testing import record, sheet_xml, write_raw_workbook, write_workbook
from marketplace.media.uploads import check_spreadsheet
from test_media import refusal, upload

REPO = Path(__file__).resolve().parent.parent


def refused_upload(path):
    """The upload check's refusal of the file at ``path``, in English and in Thai."""
    return refusal(check_spreadsheet, upload(path.name, path.read_bytes()))


def refused_import(path):
    with translation.override("en"), pytest.raises(FileUnreadable) as caught:
        read_file(path)
    return str(caught.value)


def row(number, cells):
    return f'<row r="{number}">' + "".join(cells) + "</row>"


# --- what a workbook declares ----------------------------------------------------------------------
@pytest.mark.parametrize("dimension, expected", [
    ("A1:XFD1048576", "“bomb.xlsx”, sheet “Products”, declares the range A1:XFD1048576 (1,048,576 rows, "
                      "16,384 columns); the limit is 200,000 rows and 200 columns."),
    ("A1:T500000", "“bomb.xlsx”, sheet “Products”, declares the range A1:T500000 (500,000 rows, "
                   "20 columns); the limit is 200,000 rows and 200 columns."),
])
def test_a_workbook_declaring_a_huge_range_is_refused(tmp_path, dimension, expected):
    # given a two-row workbook whose sheet declares a range of millions of cells
    bomb = write_raw_workbook(tmp_path / "bomb.xlsx", {"Products": sheet_xml(
        [row(1, ['<c r="A1"><v>1</v></c>']), row(2, ['<c r="A2"><v>2</v></c>'])], dimension=dimension)})

    # when it is uploaded, and when the import reads it
    english, thai = refused_upload(bomb)

    # then both refuse it, saying which bound and where
    assert english == expected
    assert "bomb.xlsx" in thai and "Products" in thai and english not in thai
    assert refused_import(bomb) == expected


@pytest.mark.parametrize("cell, expected", [
    ('<c r="XFD1"><v>1</v></c>', "row 1 reaches column 16,384"),
    ('<c r="xfd1"><v>1</v></c>', "row 1 reaches column 16,384"),  # openpyxl reads lower case too
    ("<c/>" * 300, "row 1 reaches column 300"),  # cells placed by their order, no reference
])
def test_a_cell_far_to_the_right_is_refused(tmp_path, cell, expected):
    # given one row whose last cell is beyond the columns a programme file has
    # (openpyxl would yield it padded from column A: 16,384 values for one cell)
    bomb = write_raw_workbook(tmp_path / "wide.xlsx", {"Sheet1": sheet_xml([row(1, [cell])])})

    english, _ = refused_upload(bomb)

    assert english == f"“wide.xlsx”, sheet “Sheet1”, {expected}; the limit is 200 columns."
    assert refused_import(bomb) == english


@pytest.mark.parametrize("number", ["1048576", "1.048576e6", " 1048576"])  # as openpyxl reads them all
def test_a_row_far_down_is_refused(tmp_path, number):
    # given a sheet whose second row is numbered 1,048,576 (the reader would yield every row between)
    bomb = write_raw_workbook(tmp_path / "tall.xlsx", {"Sheet1": sheet_xml(
        ['<row r="1"><c r="A1"><v>1</v></c></row>', f'<row r="{number}"><c r="A1048576"><v>1</v></c></row>'])})

    english, _ = refused_upload(bomb)

    assert english == "“tall.xlsx”, sheet “Sheet1”, reaches row 1,048,576; the limit is 200,000 rows."


def test_a_comment_cannot_hide_a_cell_from_the_count(tmp_path):
    # given a row whose end appears early inside a comment, then a cell in column XFD
    bomb = write_raw_workbook(tmp_path / "hidden.xlsx", {"Sheet1": sheet_xml(
        ['<row r="1"><!-- </row> --><c r="XFD1"/></row>'])})

    english, _ = refused_upload(bomb)

    assert english == ("“hidden.xlsx”: the part xl/worksheets/sheet1.xml holds XML comments, CDATA or a DTD, "
                       "which a spreadsheet never writes there.")


def test_cells_are_counted_as_the_reader_builds_them(tmp_path, settings):
    # given a limit of 1,000 cells and 100 rows of one cell each, in column T
    settings.OTOP_SPREADSHEET_MAX_CELLS = 1000
    sparse = write_raw_workbook(tmp_path / "sparse.xlsx", {"Sheet1": sheet_xml(
        [row(r, [f'<c r="T{r}"><v>{r}</v></c>']) for r in range(1, 101)])})

    # when it is checked: 100 cells, but 20 values per row as the reader yields them (A to T)
    english, _ = refused_upload(sparse)

    # then the limit is passed at row 51
    assert english == ("“sparse.xlsx”, sheet “Sheet1”: by row 51 the file holds more than 1,000 cells, "
                       "the limit for one file.")


def test_a_namespace_prefix_does_not_hide_a_bomb(tmp_path):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    prefixed = (f'<?xml version="1.0"?><x:worksheet xmlns:x="{main}"><x:sheetData>'
                '<x:row r="1"><x:c r="XFD1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>').encode()
    bomb = write_raw_workbook(tmp_path / "prefixed.xlsx", {"Sheet1": prefixed})

    english, _ = refused_upload(bomb)

    assert "reaches column 16,384" in english


# --- what the zip holds ------------------------------------------------------------------------------
def test_millions_of_empty_cells_compressed_tightly_are_refused(tmp_path):
    # given 8 million empty cells: 20 MB of sheet XML in a file of a few dozen kB
    rows = ("<row>" + "<c/>" * 400 + "</row>" for _ in range(20_000))
    bomb = write_raw_workbook(tmp_path / "empty.xlsx", {"Sheet1": sheet_xml(rows)})
    assert bomb.stat().st_size < 300_000

    english, _ = refused_upload(bomb)

    assert english.startswith("“empty.xlsx”: the part xl/worksheets/sheet1.xml is compressed ")
    assert english.endswith(" times; the limit is 100 times.")
    assert refused_import(bomb) == english


def test_a_giant_shared_string_table_is_refused(tmp_path):
    # given a shared string table of 2 million strings, compressed into about 100 kB
    strings = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + "<si><t>x</t></si>" * 2_000_000 + "</sst>").encode()
    bomb = write_raw_workbook(tmp_path / "strings.xlsx", {"Sheet1": sheet_xml([])}, shared_strings=strings)

    english, _ = refused_upload(bomb)

    assert english.startswith("“strings.xlsx”: the part xl/sharedStrings.xml is compressed ")


def test_the_number_of_shared_strings_is_bounded(tmp_path, settings):
    settings.OTOP_SPREADSHEET_MAX_SHARED_STRINGS = 1000
    strings = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + "".join(f"<si><t>ผ้าไหม {i}</t></si>" for i in range(1500)) + "</sst>").encode()
    workbook = write_raw_workbook(tmp_path / "strings.xlsx", {"Sheet1": sheet_xml([])}, shared_strings=strings)

    english, _ = refused_upload(workbook)

    assert english == ("“strings.xlsx”: its shared string table (xl/sharedStrings.xml) holds more than 1,000 "
                       "strings; the limit is 1,000.")


def test_a_part_larger_than_the_limit_is_refused(tmp_path, settings):
    # given a limit of 1 MB per sheet and a sheet of 2 MB that does not compress well
    settings.OTOP_SPREADSHEET_MAX_PART_MB = 1
    rows = (row(r, [f'<c r="A{r}"><v>{r * 7919 % 1000003}</v></c>']) for r in range(1, 60_000))
    large = write_raw_workbook(tmp_path / "large.xlsx", {"Sheet1": sheet_xml(rows)})

    english, _ = refused_upload(large)

    assert english.startswith("“large.xlsx”: the part xl/worksheets/sheet1.xml unpacks to ")
    assert english.endswith(" MB; the limit is 1 MB per part.")


def test_too_many_sheets_are_refused(tmp_path):
    sheets = {f"S{i}": sheet_xml([]) for i in range(51)}
    workbook = write_raw_workbook(tmp_path / "sheets.xlsx", sheets)

    english, _ = refused_upload(workbook)

    assert english == "“sheets.xlsx” has 51 sheets; the limit is 50."


def test_a_real_workbook_within_the_bounds_is_read(tmp_path):
    # given a programme workbook as openpyxl writes it, two sheets
    path = write_workbook(tmp_path / "north.xlsx", {"A": [record()], "B": [record(code="5103-2567-0002")]},
                          title="OTOP 2567", blank_rows=2)

    check_spreadsheet(SimpleUploadedFile(path.name, path.read_bytes()))
    tables = read_file(path)

    assert [len(table.rows) for table in tables] == [1, 1]


@pytest.mark.parametrize("path", [
    REPO / "catalog_import" / "demo" / "otop-selection-north.xlsx",  # as a programme office saved it
    "openpyxl",  # as openpyxl writes it (absolute relationship targets)
])
def test_the_bounds_find_the_sheets_of_real_workbooks(tmp_path, settings, path):
    # given a real workbook and a limit of 20 rows (the scan must find and read its sheets)
    if path == "openpyxl":
        path = write_workbook(tmp_path / "written.xlsx", {"A": [record(code=f"5103-2567-{i:04d}") for i in range(30)]})
    settings.OTOP_SPREADSHEET_MAX_ROWS = 20

    english, _ = refused_upload(Path(path))

    assert english.startswith(f"“{Path(path).name}”, sheet “")
    assert "reaches row 21; the limit is 20 rows." in english or "declares the range" in english


# --- CSV ---------------------------------------------------------------------------------------------
def test_a_csv_with_more_lines_than_the_limit_is_refused(tmp_path, settings):
    settings.OTOP_SPREADSHEET_MAX_ROWS = 100
    path = tmp_path / "long.csv"
    path.write_text("code,name\n" + "1,ข้าว\n" * 150, encoding="utf-8")

    english, _ = refused_upload(path)

    assert english == "“long.csv” has 151 lines; the limit is 100 rows."
    assert refused_import(path) == english


def test_a_csv_line_of_thousands_of_fields_is_refused(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("code,name\n1,ข้าว\n" + "," * 100_000 + "\n", encoding="utf-8")

    english, _ = refused_upload(path)

    assert english == "“wide.csv”, line 3, has 100,001 fields; the limit is 200 columns."
    assert refused_import(path) == english


# --- memory ------------------------------------------------------------------------------------------
READ_IN_CHILD = textwrap.dedent("""
    import json, os, resource, sys, time
    sys.path.insert(0, {repo!r})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django
    django.setup()
    from catalog_import.readers import FileUnreadable, read_file
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        read_file(sys.argv[1])
        outcome = "read"
    except FileUnreadable as refused:
        outcome = str(refused)
    print(json.dumps({{"outcome": outcome, "seconds": time.perf_counter() - started,
                      "grew_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}}))
""")


@pytest.mark.parametrize("name, rows", [
    # 5,000 rows with one cell in column XFD: 82 million values as openpyxl yields them
    ("far-right.xlsx", (row(r, [f'<c r="XFD{r}"/>']) for r in range(1, 5001))),
    # rows numbered up to 1,000,000 with nothing between: a million empty rows
    ("far-down.xlsx", (row(r, [f'<c r="A{r}"><v>1</v></c>']) for r in range(1, 1_000_001, 1000))),
])
def test_reading_a_bomb_stays_small_and_quick(tmp_path, name, rows):
    # given a bomb of a few dozen kB
    bomb = write_raw_workbook(tmp_path / name, {"Sheet1": sheet_xml(rows)})
    assert bomb.stat().st_size < 200_000

    # when the import reads it in a process of its own
    result = subprocess.run([sys.executable, "-c", READ_IN_CHILD.format(repo=str(REPO)), str(bomb)],
                            capture_output=True, text=True, timeout=300, check=True)
    measured = json.loads(result.stdout.strip().splitlines()[-1])

    # then it is refused with hardly any memory or time spent on it
    assert measured["outcome"].startswith(f"“{name}”") and "“Sheet1”" in measured["outcome"]  # (in Thai)
    assert measured["grew_mb"] < 50, measured
    assert measured["seconds"] < 10, measured


# --- the dashboard -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_dashboard_refuses_a_bomb_on_the_upload_form_and_stores_nothing(client, settings, tmp_path):
    from catalog_import.models import ImportRun
    from test_import_dashboard import UPLOAD_URL, officer

    # given an officer and a 30 kB workbook declaring a cell in column XFD on each of 5,000 rows
    settings.MEDIA_ROOT = tmp_path / "media"
    bomb = write_raw_workbook(tmp_path / "north.xlsx", {"Products": sheet_xml(
        row(r, [f'<c r="XFD{r}"/>']) for r in range(1, 5001))})
    client.force_login(officer())

    # when it is uploaded on the English dashboard
    response = client.post("/en" + UPLOAD_URL, {"file": SimpleUploadedFile("north.xlsx", bomb.read_bytes())})

    # then the form says which bound and where, and nothing is kept
    assert response.status_code == 200
    assert ("“north.xlsx”, sheet “Products”, row 1 reaches column 16,384; the limit is 200 columns."
            in response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”"))
    assert not ImportRun.objects.exists()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.xlsx"))
