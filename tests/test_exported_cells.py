"""Formula injection: every CSV and workbook the project writes for people to open (the import's
rejection report from the command and the dashboard, Oscar's order download) writes a cell that
a spreadsheet would run as a formula as inert text (OWASP: a leading single quote); numbers stay
numbers."""
import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from buying import in_english, order_for
from catalog_import.models import ImportRun
from catalog_import.report import report_csv, write_report
from catalog_import.testing import record, run_command, write_csv
from jobs_fixtures import wait_for
from marketplace.testing.factories import UserFactory, certified_product
from test_import_dashboard import UPLOAD_URL, officer

LINK = '=HYPERLINK("http://evil.example/","5 stars")'
FORMULA_STARTS = [LINK, "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()  # the report names its columns in the active language: these read them in English


def problem(value, **fields):
    return {"file": "north.csv", "sheet": "", "row": 7, "column": "Star level", "value": value,
            "message": "invalid star level", "rejected": True, **fields}


def csv_rows(text):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("value", FORMULA_STARTS)
def test_the_report_csv_writes_formula_starts_as_text(value):
    # when a rejected value beginning a formula is reported
    header, row = csv_rows(report_csv([problem(value)]))

    # then its cell starts with a single quote, the rest kept as it came
    assert row[header.index("value")] == "'" + value


@pytest.mark.parametrize("field", ["file", "sheet", "column", "message"])
def test_every_column_of_the_report_is_neutralised(field):
    header, row = csv_rows(report_csv([problem("x", **{field: LINK})]))

    assert row[header.index(field)] == "'" + LINK


@pytest.mark.parametrize("value", ["-5", "+66812345678", "-12.50", "ผ้าไหม", "5 ดาว"])
def test_plain_numbers_and_ordinary_text_are_written_as_they_came(value):
    header, row = csv_rows(report_csv([problem(value)]))

    assert row[header.index("value")] == value


def test_the_report_workbook_holds_text_not_formulas(tmp_path):
    # given rejected values beginning with each formula start, and a negative price
    problems = [problem(value) for value in FORMULA_STARTS] + [problem("-5", column="Price")]

    # when the command's report is written as a workbook
    write_report(problems, tmp_path / "report.xlsx")

    # then no cell is a formula: each is text with its quote; the row numbers are numbers
    sheet = load_workbook(tmp_path / "report.xlsx").active
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    values = [row[header.index("value")] for row in rows]
    assert [(cell.data_type, cell.value) for cell in values] == (  # XML reads a carriage return as a line feed
        [("s", "'" + value.replace("\r", "\n")) for value in FORMULA_STARTS] + [("s", "-5")])
    assert {(row[header.index("row")].data_type, row[header.index("row")].value) for row in rows} == {("n", 7)}


@pytest.mark.django_db
def test_the_command_report_neutralises_a_hyperlink_sent_as_a_star_level(tmp_path):
    # given a programme file whose star level is a spreadsheet formula
    source = write_csv(tmp_path / "north.csv", [record(), record(code="5103-2567-0002", stars=LINK)])

    # when the command imports it with a report
    code, _, _ = run_command(source, "--report", tmp_path / "report.csv")

    # then the report names the rejected value as inert text
    assert code == 1
    header, *rows = csv_rows((tmp_path / "report.csv").read_text(encoding="utf-8"))
    assert ["'" + LINK] == [row[header.index("value")] for row in rows if LINK in row[header.index("value")]]


def test_the_dashboard_report_download_neutralises_it_too(client, tmp_path, settings, start_worker):
    # given an officer's upload with a formula as a star level, checked by a worker
    settings.MEDIA_ROOT = tmp_path / "media"
    start_worker(MEDIA_ROOT=str(settings.MEDIA_ROOT))
    source = write_csv(tmp_path / "north.csv", [record(), record(code="5103-2567-0002", stars="@SUM(1+9)*cmd")])
    client.force_login(officer())
    with source.open("rb") as upload:
        client.post(UPLOAD_URL, {"file": upload})
    run = ImportRun.objects.latest("pk")
    wait_for(lambda: ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.PREVIEWED, what="the check")

    # when the report is downloaded from the English pages (the upload's Thai request left Thai active)
    with translation.override("en"):
        report = client.get(reverse("catalog_import:report", args=[run.pk]))

    # then the value is text there too
    header, *rows = csv_rows(report.content.decode("utf-8"))
    assert "'@SUM(1+9)*cmd" in [row[header.index("value")] for row in rows]


@pytest.mark.django_db
def test_oscars_order_download_neutralises_what_the_shopper_typed(client):
    # given an order shipped to a name typed as a formula
    order = order_for((certified_product(price=250), 2))
    order.shipping_address.first_name = LINK
    order.shipping_address.save()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    # when a member of staff downloads it from the dashboard's order list
    response = client.post("/en/dashboard/orders/", {"action": "download_selected_orders",
                                                  "selected_order": [order.pk]})

    # then the name is inert text and the total still a number
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, row = csv_rows(response.content.decode("utf-8"))
    assert row[header.index("Deliver to name")].startswith("'" + LINK)
    assert float(row[header.index("Order value")]) == float(order.total_incl_tax)
