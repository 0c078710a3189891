"""Row problems in the reader's language: every problem has a code (kept in the JSON summary) and
a message in Thai or English, on the dashboard's preview, in its report, and in the command's report."""
import json
from pathlib import Path

import pytest
from django.utils import translation

from catalog_import.problem_codes import MESSAGES, ProblemCode
from catalog_import.testing import run_command

pytestmark = pytest.mark.django_db

ERRORS = Path(__file__).resolve().parent / "data" / "export-with-errors.csv"
EXPECTED = json.loads((ERRORS.parent / "export-with-errors.expected.json").read_text())


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _report_messages(path, rejected="rejected") -> list[str]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()[1:]
    return [line.split(",")[-2] for line in lines if line.endswith("," + rejected)]


def test_json_summary_gives_every_problem_a_code_and_its_english_message():
    # when
    status, out, _ = run_command(ERRORS, "--json")
    # then
    problems = [p for p in json.loads(out)["problems"] if p["rejected"]]
    assert status == 1
    assert len(problems) == len(EXPECTED["rejected"]) == 10
    assert {p["code"] for p in problems} >= {"missing_code", "stars_out_of_range", "unknown_province",
                                             "price_not_a_number", "unknown_category", "duplicate_code"}
    assert all(p["code"] in set(ProblemCode) for p in problems)
    by_row = {p["row"]: p for p in problems}
    assert by_row[14]["message"] == "missing product code"
    assert by_row[15]["code"] == "stars_out_of_range" and by_row[15]["message"] == "star level outside 1-5"


def test_same_bad_file_reported_in_thai_and_in_english_by_the_command(tmp_path):
    # when
    run_command(ERRORS, "--dry-run", "--report", tmp_path / "en.csv")
    run_command(ERRORS, "--dry-run", "--language", "th", "--report", tmp_path / "th.csv")
    # then
    english, thai = _report_messages(tmp_path / "en.csv"), _report_messages(tmp_path / "th.csv", "ไม่ผ่าน")
    # the columns are named in the report's language too
    assert (tmp_path / "th.csv").read_text(encoding="utf-8-sig").splitlines()[0] == \
        "ไฟล์,ชีต,แถว,คอลัมน์,ค่า,ปัญหา,ผล"
    assert len(english) == len(thai) == 10
    assert "missing product code" in english and "star level outside 1-5" in english
    assert "ไม่มีรหัสผลิตภัณฑ์" in thai and "ระดับดาวไม่อยู่ระหว่าง 1–5" in thai
    assert not set(english) & set(thai)


def test_every_problem_code_has_a_thai_message():
    with translation.override("en"):
        english = {code: str(message) for code, message in MESSAGES.items()}
    with translation.override("th"):
        untranslated = [code for code, message in MESSAGES.items() if str(message) == english[code]]
    assert set(MESSAGES) == set(ProblemCode)
    assert untranslated == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the check's progress uses a second connection
def test_the_dashboards_thai_preview_and_report_name_everything_in_thai(client, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from catalog_import import runs
    from catalog_import.models import ImportRun
    from catalog_import.testing import import_officer, record, write_csv
    from marketplace.provinces.models import Province

    # given a Thai officer's upload of a UTF-8 file with a byte-order mark and a rejected row
    path = write_csv(tmp_path / "bom.csv", [record(price="-5")], bom=True)
    client.force_login(import_officer(provinces=[Province.objects.get(name_en="Lamphun")]))
    with translation.override("th"):
        response = client.post(reverse("catalog_import:upload"),
                               {"file": SimpleUploadedFile(path.name, path.read_bytes(), "text/csv")})
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ImportRun.objects.get()
    runs.check(run.pk)
    # when the preview and its report are opened in Thai
    with translation.override("th"):
        page = client.get(reverse("catalog_import:run", args=[run.pk])).content.decode()
        report = client.get(reverse("catalog_import:report", args=[run.pk]))
    # then the encoding read and the report's columns and outcome are in Thai
    assert "<td class=\"encoding\">UTF-8 มีเครื่องหมายลำดับไบต์ (BOM)</td>" in page
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "ไฟล์,ชีต,แถว,คอลัมน์,ค่า,ปัญหา,ผล"
    assert lines[1].endswith(",ราคาติดลบ,ไม่ผ่าน"), lines[1]
