"""The sample programme files: the demo copies import cleanly, the error sample gives exactly
the rejections its expected.json lists, and a second import of the same file changes nothing."""
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog_import.importer import import_files
from catalog_import.testing import run_command
from marketplace.catalog import listing
from marketplace.catalog.models import ProductProfile
from marketplace.certification.models import Certification
from marketplace.producers.models import Producer

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "catalog_import" / "demo"
DATA = Path(__file__).resolve().parent / "data"


def test_json_summary_of_the_two_demo_samples_counts_every_record_with_no_rejection():
    # when
    status, out, _ = run_command(DEMO / "otop-selection-north.xlsx", DEMO / "export-ready-2024.csv", "--json")
    # then
    summary = json.loads(out)
    assert status == 0
    assert (summary["files"], summary["sheets"], summary["rows_read"]) == (2, 4, 306)
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (306, 0, 0)
    assert (summary["rejected"], summary["skipped"], summary["warnings"]) == (0, 0, 0)
    assert ProductProfile.objects.count() == 306
    assert Certification.objects.count() == 306


def test_error_sample_gives_exactly_the_expected_rejections():
    expected = json.loads((DATA / "export-with-errors.expected.json").read_text())
    # when
    summary = import_files([DATA / "export-with-errors.csv"])
    # then
    got = sorted((p.row, p.column, p.message) for p in summary.rejections)
    want = sorted((r["row"], r["field"], r["reason"]) for r in expected["rejected"])
    assert [(row, column) for row, column, _ in got] == [(row, field) for row, field, _ in want]
    for (_, _, message), (_, _, reason) in zip(got, want):
        assert message.startswith(reason)
    assert summary.rows_read == expected["data_rows"]
    assert summary.created == expected["valid_rows"]
    assert summary.exit_code == 1


def test_error_sample_through_the_command_exits_1_and_writes_the_report(tmp_path):
    report = tmp_path / "report.csv"
    status, _, _ = run_command(DATA / "export-with-errors.csv", "--report", report)
    assert status == 1
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "file,sheet,row,column,value,message,outcome"
    assert "export-with-errors.csv,,16,Province,Atlantis,unknown province,rejected" in lines
    assert len(lines) == 1 + 10


def test_reimporting_the_same_file_changes_nothing_and_says_so():
    first = import_files([DEMO / "otop-selection-north.xlsx"])
    producers = list(Producer.objects.values_list("pk", "updated").order_by("pk"))
    profiles = list(ProductProfile.objects.values_list("pk", "updated").order_by("pk"))
    # when
    second = import_files([DEMO / "otop-selection-north.xlsx"])
    # then
    assert first.created == 156
    assert (second.created, second.updated, second.unchanged) == (0, 0, 156)
    assert second.producers_created == second.producers_updated == 0
    assert list(Producer.objects.values_list("pk", "updated").order_by("pk")) == producers
    assert list(ProductProfile.objects.values_list("pk", "updated").order_by("pk")) == profiles


def test_demo_catalog_lists_at_least_150_products_from_lamphun_lampang_and_loei():
    call_command("load_demo_catalog", stdout=StringIO())
    northern = listing.listable().filter(
        profile__producer__province__name_en__in=["Lamphun", "Lampang", "Loei"])
    assert northern.count() >= 150
    # with producers, stories and packaging
    assert northern.filter(profile__story_th__gt="").count() >= 100
    assert northern.filter(packaging__length_cm__isnull=False).count() == northern.count()


TRUTH_CATEGORY = {"food": "food", "beverage": "beverages", "textile": "textiles", "decor": "household",
                  "herbal": "herbal"}


@pytest.mark.parametrize("sample", ["otop-selection-north.xlsx", "export-ready-2024.csv"])
def test_every_demo_record_carries_the_facts_behind_it(sample):
    # the truth files hold, per product code, the facts the sample rows were written from
    truth = [json.loads(line) for line in (DATA / sample.replace(".xlsx", ".truth.jsonl").replace(
        ".csv", ".truth.jsonl")).read_text().splitlines()]
    # when
    import_files([DEMO / sample])
    # then
    profiles = {p.programme_code: p for p in ProductProfile.objects.select_related("producer__province", "product")}
    assert len(profiles) == len(truth)
    for fact in truth:
        profile = profiles[fact["code"]]
        certification = profile.product.certifications.get()
        assert profile.otop_category == TRUTH_CATEGORY[fact["category"]], fact["code"]
        assert certification.star_level == fact["stars"], fact["code"]
        assert profile.producer.province.iso_code == fact["province_iso"], fact["code"]
        assert bool(profile.name_en) == fact["has_en"], fact["code"]
