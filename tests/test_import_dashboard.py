"""The dashboard upload: only staff with the import permission may; a permitted officer uploads,
sees the checked result with every rejected row, confirms, and downloads the report."""
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from catalog_import.models import ImportRun
from marketplace.catalog.models import ProductProfile
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
UPLOAD_URL = "/dashboard/import/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def officer(**kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.user_permissions.add(Permission.objects.get(codename="import_programme_records"))
    return user


def errors_file():
    return SimpleUploadedFile("export-with-errors.csv", (DATA / "export-with-errors.csv").read_bytes(),
                              content_type="text/csv")


def test_url_is_the_dashboard_import_page():
    assert reverse("catalog_import:upload") == UPLOAD_URL


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_non_staff_user_is_refused_even_with_the_permission(client):
    user = UserFactory(is_staff=False)
    user.user_permissions.add(Permission.objects.get(codename="import_programme_records"))
    client.force_login(user)
    assert client.get(UPLOAD_URL).status_code == 403
    assert client.post(UPLOAD_URL, {"file": errors_file()}).status_code == 403
    assert ImportRun.objects.count() == 0


def test_staff_without_the_import_permission_is_refused(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(UPLOAD_URL).status_code == 403
    assert client.post(UPLOAD_URL, {"file": errors_file()}).status_code == 403
    assert ImportRun.objects.count() == 0


def test_refused_user_cannot_confirm_or_download_someone_elses_run(client):
    # given a checked upload by a permitted officer
    client.force_login(officer())
    client.post(UPLOAD_URL, {"file": errors_file()})
    run = ImportRun.objects.get()
    # when a staff member without the permission tries the other steps
    client.force_login(UserFactory(is_staff=True))
    # then
    assert client.post(reverse("catalog_import:confirm", args=[run.pk])).status_code == 403
    assert client.get(reverse("catalog_import:report", args=[run.pk])).status_code == 403
    assert client.get(reverse("catalog_import:run", args=[run.pk])).status_code == 403
    assert ProductProfile.objects.count() == 0


def test_officer_uploads_sees_rejected_rows_confirms_and_downloads_the_report(client):
    client.force_login(officer())
    # when the officer uploads the file (on the English pages: the problems are in the page's language)
    response = client.post("/en" + UPLOAD_URL, {"file": errors_file()}, follow=True)
    # then the check shows every rejected row and nothing is written yet
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<tr><td>export-with-errors.csv</td>") == 10
    assert "unknown province" in page and "Atlantis" in page
    assert "duplicate product code within the file" in page
    assert ProductProfile.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.PREVIEWED
    # when the officer confirms
    response = client.post(reverse("catalog_import:confirm", args=[run.pk]), follow=True)
    # then the valid rows are imported
    assert response.status_code == 200
    assert ProductProfile.objects.count() == 16
    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTED
    assert run.summary["created"] == 16 and run.summary["rejected"] == 10
    # and the report lists the rejected rows
    report = client.get(reverse("catalog_import:report", args=[run.pk]))
    assert report.status_code == 200
    assert report["Content-Type"].startswith("text/csv")
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "file,sheet,row,column,value,message,outcome"
    assert sum(line.endswith(",rejected") for line in lines) == 10


def test_confirming_twice_imports_once(client):
    client.force_login(officer())
    client.post(UPLOAD_URL, {"file": errors_file()})
    run = ImportRun.objects.get()
    client.post(reverse("catalog_import:confirm", args=[run.pk]))
    with translation.override("en"):  # the English pages, under /en/
        response = client.post(reverse("catalog_import:confirm", args=[run.pk]), follow=True)
    assert "already been imported" in response.content.decode()
    assert ProductProfile.objects.count() == 16


def test_upload_that_is_not_what_its_name_says_is_refused_by_the_form(client):
    client.force_login(officer())
    broken = SimpleUploadedFile("north.xlsx", b"this is not a workbook", content_type="application/octet-stream")
    response = client.post("/en" + UPLOAD_URL, {"file": broken})
    assert response.status_code == 200
    assert "is not an Excel workbook (.xlsx)" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_workbook_that_cannot_be_read_shows_the_reason_instead_of_failing(client, tmp_path):
    # given a real workbook whose sheet data is damaged inside an intact zip
    import zipfile

    from catalog_import.testing import record, write_workbook

    good = write_workbook(tmp_path / "north.xlsx", {"Lamphun": [record()]})
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<worksheet><sheetData><row" if item.filename.startswith("xl/worksheets/") else data)
    client.force_login(officer())
    # when
    response = client.post(UPLOAD_URL, {"file": SimpleUploadedFile("north.xlsx", damaged.read_bytes())}, follow=True)
    # then
    assert response.status_code == 200
    assert "the workbook is damaged and cannot be read" in response.content.decode()
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_other_file_types_are_refused_by_the_form(client):
    client.force_login(officer())
    response = client.post("/en" + UPLOAD_URL, {"file": SimpleUploadedFile("records.pdf", b"%PDF-1.4")})
    assert response.status_code == 200
    assert "is not a programme file" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_dashboard_menu_links_to_the_import_for_officers_only(client):
    client.force_login(officer())
    assert UPLOAD_URL in client.get("/dashboard/").content.decode()
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert UPLOAD_URL not in response.content.decode()
