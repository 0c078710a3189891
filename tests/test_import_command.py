"""``import_programme_records``: exit statuses, files that cannot be read, dry run, report, progress."""
import json

import pytest

from catalog_import.importer import FileUnreadable, import_files
from catalog_import.models import ImportRun
from catalog_import.testing import record, run_command, write_csv, write_workbook
from marketplace.catalog.models import ProductProfile
from marketplace.certification.models import Certification
from marketplace.producers.models import Producer

pytestmark = pytest.mark.django_db


def test_clean_file_exits_0(tmp_path):
    status, out, _ = run_command(write_csv(tmp_path / "r.csv", [record()]))
    assert status == 0
    assert "1 created" in out
    assert ProductProfile.objects.count() == 1


def test_wrong_file_type_exits_2_with_a_one_line_reason(tmp_path):
    path = tmp_path / "records.pdf"
    path.write_bytes(b"%PDF-1.4 not a programme file")
    status, _, err = run_command(path)
    assert status == 2
    assert err.strip() == "cannot read records.pdf: unsupported file type .pdf; use an Excel workbook (.xlsx) or CSV"


def test_old_excel_format_exits_2(tmp_path):
    path = tmp_path / "records.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old binary workbook")
    status, _, err = run_command(path)
    assert status == 2
    assert "(.xls) is not supported; save it as .xlsx" in err


def test_corrupt_workbook_exits_2(tmp_path):
    path = write_workbook(tmp_path / "north.xlsx", {"Lamphun": [record()]})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # cut off half-way, as a broken download would be
    status, _, err = run_command(path)
    assert status == 2
    assert err.startswith("cannot read north.xlsx: ")
    assert len(err.strip().splitlines()) == 1


def test_workbook_that_is_not_a_zip_at_all_exits_2(tmp_path):
    path = tmp_path / "north.xlsx"
    path.write_text("No.,Product code\n1,5103\n", encoding="utf-8")
    status, _, err = run_command(path)
    assert status == 2
    assert "not an Excel workbook (.xlsx)" in err


def test_csv_in_neither_utf8_nor_cp874_exits_2(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("No.,Product code,Producer\n1,5103,Müller\n".encode("latin-1"))
    status, _, err = run_command(path)
    assert status == 2
    assert "line 2: byte 0xFC is neither UTF-8 nor Thai Windows (cp874) text" in err and "CSV UTF-8" in err


def test_file_without_a_header_row_exits_2(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("just,some,notes\nand,more,notes\n", encoding="utf-8")
    status, _, err = run_command(path)
    assert status == 2
    assert "no header row" in err


def test_missing_file_exits_2(tmp_path):
    status, _, err = run_command(tmp_path / "nowhere.csv")
    assert status == 2
    assert "file not found" in err


def test_one_unreadable_file_among_several_imports_nothing(tmp_path):
    good = write_csv(tmp_path / "good.csv", [record()])
    bad = tmp_path / "bad.csv"
    bad.write_bytes(write_csv(tmp_path / "b.csv", [record(code="5103-2567-0002")]).read_bytes() + b"\xff\xfe")
    status, _, _ = run_command(good, bad)
    assert status == 2
    assert ProductProfile.objects.count() == 0


def test_rejected_rows_exit_1_and_the_valid_rows_are_imported(tmp_path):
    status, out, _ = run_command(write_csv(tmp_path / "r.csv", [record(), record(code="5103-2567-0002", stars="9")]))
    assert status == 1
    assert "rejected: r.csv, row 3, Star level: star level outside 1-5 [9]" in out
    assert ProductProfile.objects.count() == 1


def test_dry_run_writes_nothing_but_counts_what_would_happen(tmp_path):
    path = write_csv(tmp_path / "r.csv", [record(), record(code="5103-2567-0002", producer="กลุ่มอื่น")])
    status, out, _ = run_command(path, "--dry-run", "--json")
    summary = json.loads(out)
    assert status == 0
    assert (summary["dry_run"], summary["created"], summary["producers_created"]) == (True, 2, 2)
    assert ProductProfile.objects.count() == Producer.objects.count() == Certification.objects.count() == 0
    assert ImportRun.objects.count() == 0


def test_dry_run_of_a_changed_file_reports_the_update_and_changes_nothing(tmp_path):
    import_files([write_csv(tmp_path / "a.csv", [record(price="350")])])
    summary = import_files([write_csv(tmp_path / "b.csv", [record(price="400")])], dry_run=True)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    assert str(ProductProfile.objects.get().product.stockrecords.get().price) == "350.00"


def test_json_summary_has_the_counts_of_the_issue_and_no_progress_output(tmp_path):
    path = write_csv(tmp_path / "r.csv", [record(), record(code="", name_th=""), record(code="5103-2567-0003",
                                                                                         price="1-2")])
    status, out, err = run_command(path, "--json")
    summary = json.loads(out)
    assert status == 0
    for key in ("files", "sheets", "rows_read", "created", "updated", "unchanged", "rejected", "skipped",
                "warnings"):
        assert key in summary
    assert (summary["rows_read"], summary["created"], summary["skipped"], summary["warnings"]) == (3, 2, 1, 1)
    assert err == ""


def test_progress_bar_is_drawn_when_asked(tmp_path, capsys):
    import_files([write_csv(tmp_path / "r.csv", [record()])], progress=True)
    assert "rows" in capsys.readouterr().err


def test_report_lists_rejections_and_warnings_with_where_and_why(tmp_path):
    path = write_csv(tmp_path / "r.csv", [record(price="350-450"), record(code="5103-2567-0002", province="Atlantis")])
    report = tmp_path / "report.csv"
    status, _, _ = run_command(path, "--report", report)
    assert status == 1
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines == [
        "file,sheet,row,column,value,message,outcome",
        "r.csv,,2,Retail price (THB),350-450,price range 350-450: the lower bound 350 was taken,warning",
        "r.csv,,3,Province,Atlantis,unknown province,rejected",
    ]


def test_a_real_import_is_recorded(tmp_path):
    run_command(write_csv(tmp_path / "r.csv", [record()]))
    run = ImportRun.objects.get()
    assert (run.file_name, run.source, run.summary["created"]) == ("r.csv", "command", 1)


def test_unreadable_file_raises_for_callers_of_the_python_function(tmp_path):
    path = tmp_path / "r.json"
    path.write_text("{}")
    with pytest.raises(FileUnreadable):
        import_files([path])


def test_progress_bar_in_a_terminal_and_none_with_json(tmp_path, capsys, monkeypatch):
    import sys

    path = write_csv(tmp_path / "r.csv", [record(), record(code="5103-2567-0002")])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # as if run in a terminal
    # when run plainly, a bar is drawn on stderr
    run_command(path, "--dry-run")
    assert "rows/s" in capsys.readouterr().err
    # when run with --json, stderr stays empty
    status, out, err = run_command(path, "--dry-run", "--json")
    assert status == 0 and json.loads(out)["created"] == 2
    assert err == "" and capsys.readouterr().err == ""
