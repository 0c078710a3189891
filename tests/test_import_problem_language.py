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


def _report_messages(path) -> list[str]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()[1:]
    return [line.split(",")[-2] for line in lines if line.endswith(",rejected")]


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
    english, thai = _report_messages(tmp_path / "en.csv"), _report_messages(tmp_path / "th.csv")
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
