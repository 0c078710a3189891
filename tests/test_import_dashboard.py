"""The dashboard upload: only staff with the import permission may; what reaches a worker (the
check, the write, cancel) is in test_import_jobs.py."""
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog_import.models import ImportRun
from catalog_import.testing import import_officer
from marketplace.catalog.models import ProductProfile
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
UPLOAD_URL = "/dashboard/import/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def officer(**kwargs):
    return import_officer(**kwargs)


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


def test_upload_that_is_not_what_its_name_says_is_refused_by_the_form(client):
    client.force_login(officer())
    broken = SimpleUploadedFile("north.xlsx", b"this is not a workbook", content_type="application/octet-stream")
    response = client.post("/en" + UPLOAD_URL, {"file": broken})
    assert response.status_code == 200
    assert "is not an Excel workbook (.xlsx)" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_other_file_types_are_refused_by_the_form(client):
    client.force_login(officer())
    response = client.post("/en" + UPLOAD_URL, {"file": SimpleUploadedFile("records.pdf", b"%PDF-1.4")})
    assert response.status_code == 200
    assert "is not a programme file" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_dashboard_menu_links_to_the_import_for_officers_only(client):
    # an officer's dashboard home is their own page (/officer/), with the dashboard's menu
    client.force_login(officer())
    assert UPLOAD_URL in client.get("/dashboard/", follow=True).content.decode()
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert UPLOAD_URL not in response.content.decode()
