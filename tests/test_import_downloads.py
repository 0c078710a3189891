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


def test_format_page_is_served_to_officers_only(client):
    # given
    client.force_login(UserFactory(is_staff=True))
    # then a staff member without the import right is refused
    assert client.get(reverse("catalog_import:format")).status_code == 403
    # when an officer asks
    client.force_login(import_officer())
    response = client.get(reverse("catalog_import:format"))
    # then it is a dashboard page, not the developers' Markdown file
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "# Programme product records" not in response.content.decode()


def _column_rows(html):
    """{field: the cells of its row} of the format page's table."""
    import re

    rows = re.findall(r'<tr id="column-(\w+)">(.*?)</tr>', html, flags=re.S)
    return {field: [" ".join(re.sub(r"<[^>]+>", " ", cell).split())
                    for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
            for field, row in rows}


@pytest.mark.parametrize("language, texts", [
    ("th", ("รูปแบบไฟล์ผลการคัดสรร", "ต้องมี", "ไม่บังคับ", "ดาวน์โหลดไฟล์ Excel ต้นแบบ (.xlsx)", "ประเภทของผู้ผลิต")),
    ("en", ("Programme file format", "Required", "Optional", "Download a template workbook (.xlsx)", "The kind of producer.")),
])
def test_format_page_lists_every_column_the_importer_reads_in_the_officers_language(client, language, texts):
    from catalog_import.records import REQUIRED

    client.force_login(import_officer())
    with translation.override(language):
        url, template_url = reverse("catalog_import:format"), reverse("catalog_import:template")
    html = client.get(url).content.decode()
    for text in texts:
        assert text in html
    assert f'href="{template_url}"' in html
    rows = _column_rows(html)
    assert list(rows) == list(COLUMNS)  # every column, in the workbook's order, once
    for field, names in COLUMNS.items():
        thai, english, description, required, allowed, others = rows[field]
        assert (thai, english) == names[:2] and others == ", ".join(names[2:])
        assert description and required == (texts[1] if field in REQUIRED else texts[2])
    assert "1, 2, 3, 4, 5" not in rows["stars"][4] and "★" in rows["stars"][4]
    assert rows["quadrant"][4] == "A, B, C, D"
    assert "ผ้า เครื่องแต่งกาย" in rows["category"][4]  # the catalogue's categories, as the importer reads them


def test_format_page_is_built_from_the_importers_columns(client, monkeypatch):
    from catalog_import import columns

    monkeypatch.setitem(columns.COLUMNS, "colour", ("สี", "Colour"))
    monkeypatch.setitem(columns.DESCRIPTIONS, "colour", "The colour.")
    client.force_login(import_officer())
    rows = _column_rows(client.get(reverse("catalog_import:format")).content.decode())
    assert rows["colour"][:3] == ["สี", "Colour", "The colour."]


def test_every_column_has_a_description():
    from catalog_import.columns import DESCRIPTIONS

    assert list(DESCRIPTIONS) == list(COLUMNS)


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
