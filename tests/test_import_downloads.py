"""The upload page links to the format description and offers a template workbook: officers
download both, and the template as downloaded imports cleanly."""
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from catalog_import.columns import COLUMNS
from catalog_import.testing import import_officer, run_command
from marketplace.catalog.models import ProductProfile
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_upload_page_links_to_both_downloads(client, django_assert_max_num_queries):
    # given
    client.force_login(import_officer())
    # when
    with django_assert_max_num_queries(12):
        page = client.get(reverse("catalog_import:upload")).content.decode()
    # then
    assert f'href="{reverse("catalog_import:format")}"' in page
    assert f'href="{reverse("catalog_import:template")}"' in page
    assert "ดาวน์โหลดไฟล์ Excel ต้นแบบ (.xlsx)" in page


def test_format_description_is_served_to_officers_only(client):
    # given
    client.force_login(UserFactory(is_staff=True))
    # then a staff member without the import right is refused
    assert client.get(reverse("catalog_import:format")).status_code == 403
    # when an officer asks
    client.force_login(import_officer())
    response = client.get(reverse("catalog_import:format"))
    # then
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert text.startswith("# Programme product records")
    assert "cp874" in text and "| ระดับดาว | Star level | 1 to 5 | yes |" in text


@pytest.mark.parametrize("language, code_header", [("th", "รหัสผลิตภัณฑ์"), ("en", "Product code")])
def test_template_workbook_has_the_headers_and_an_example_that_imports(client, tmp_path, language, code_header):
    # given
    client.force_login(import_officer())
    # when
    with translation.override(language):
        response = client.get(reverse("catalog_import:template"))
    # then
    assert response.status_code == 200
    assert "programme-records-template.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and len(rows[0]) == len(COLUMNS)
    assert rows[0][1] == code_header
    # and the example row, downloaded as it is, imports as one clean product
    path = tmp_path / "template.xlsx"
    path.write_bytes(response.content)
    status, out, _ = run_command(path)
    assert status == 0, out
    assert "1 created" in out and "0 warnings" in out
    assert ProductProfile.objects.get().name_th == "ผ้าพันคอไหมยกดอก"


def test_template_cells_go_through_the_formula_safe_helper(monkeypatch):
    # given an example value that a spreadsheet would run as a formula
    from catalog_import import template_workbook as module
    monkeypatch.setitem(module.EXAMPLE, "story_en", '=HYPERLINK("http://example.com","x")')
    # when
    sheet = load_workbook(BytesIO(module.template_workbook())).active
    # then
    story = list(sheet.iter_rows(values_only=True))[1][list(COLUMNS).index("story_en")]
    assert story == '\'=HYPERLINK("http://example.com","x")'
