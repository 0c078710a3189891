"""Who imports what: an officer imports the rows of their own provinces only, sees and acts on
their own import runs only, and a run that meets an unforeseen error ends as failed instead of
"checking" for ever. The jobs are run in this process (``runs.check``/``runs.write``), on a
committed database as the worker sees it."""
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog_import import runs
from catalog_import.importer import import_files
from catalog_import.models import ImportRun
from catalog_import.problem_codes import ProblemCode
from catalog_import.testing import import_officer, record, write_csv
from marketplace.catalog.models import ProductProfile
from marketplace.provinces.models import Province
from marketplace.testing.factories import UserFactory

UPLOAD_URL = "/en/dashboard/import/"


@pytest.fixture
def committed(django_db_serialized_rollback, transactional_db, settings, tmp_path):
    """A database the run's second connection (its progress) sees, and a media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def province(name_en):
    return Province.objects.get(name_en=name_en)


def two_province_file(tmp_path, name="mixed.csv"):
    return write_csv(tmp_path / name, [
        record(no="1", code="5103-2567-0001", province="Lamphun"),
        record(no="2", code="5000-2567-0002", province="Chiang Mai", producer="กลุ่มจักสานแม่ริม"),
    ])


def upload(client, path) -> ImportRun:
    response = client.post(UPLOAD_URL, {"file": SimpleUploadedFile(path.name, path.read_bytes(), "text/csv")})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportRun.objects.order_by("-pk").first()


def test_an_officer_imports_the_rows_of_their_own_province_and_is_told_why_the_others_were_rejected(
        client, committed, tmp_path):
    # given an officer of Lamphun and a file with a Lamphun row and a Chiang Mai row
    client.force_login(import_officer(provinces=[province("Lamphun")]))
    run = upload(client, two_province_file(tmp_path))

    # when the file is checked, then confirmed and written
    runs.check(run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED
    assert (run.summary["created"], run.summary["rejected"]) == (1, 1)
    page = client.get(reverse("catalog_import:run", args=[run.pk])).content.decode()
    client.post(reverse("catalog_import:confirm", args=[run.pk]))
    runs.write(run.pk)

    # then only the Lamphun product exists, and the page named the row, its column and the reason
    assert list(ProductProfile.objects.values_list("programme_code", flat=True)) == ["5103-2567-0001"]
    [problem] = ImportRun.objects.get(pk=run.pk).summary["problems"]
    assert (problem["row"], problem["column"], problem["code"]) == (3, "Province", ProblemCode.PROVINCE_NOT_YOURS)
    assert "เชียงใหม่ (Chiang Mai) is not a province you import for" in page


def test_a_row_of_ones_own_province_cannot_take_over_another_provinces_product(db, tmp_path):
    # given a Chiang Mai product already imported
    import_files([write_csv(tmp_path / "cm.csv", [record(code="5000-2567-0002", province="Chiang Mai",
                                                         name_th="ตะกร้าจักสาน")])])
    # when an officer of Lamphun imports a Lamphun row carrying that product's code
    summary = import_files([write_csv(tmp_path / "lp.csv", [record(code="5000-2567-0002", province="Lamphun",
                                                                   name_th="ผ้าไหม")])],
                           provinces={province("Lamphun").pk})
    # then the row is rejected on its code, and the Chiang Mai product is as it was
    assert (summary.created, summary.updated, summary.rejected) == (0, 0, 1)
    [problem] = summary.problems
    assert (problem.row, problem.column, problem.code) == (2, "Product code", ProblemCode.CODE_OF_ANOTHER_PROVINCE)
    assert "Chiang Mai" in problem.message
    profile = ProductProfile.objects.select_related("producer__province").get(programme_code="5000-2567-0002")
    assert (profile.name_th, profile.producer.province.name_en) == ("ตะกร้าจักสาน", "Chiang Mai")


def test_the_command_and_a_superuser_import_every_province(client, committed, tmp_path):
    # the command (no scope)
    summary = import_files([two_province_file(tmp_path, "a.csv")], dry_run=True)
    assert (summary.created, summary.rejected) == (2, 0)
    # a superuser on the dashboard
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    run = upload(client, two_province_file(tmp_path, "b.csv"))
    runs.check(run.pk)
    run.refresh_from_db()
    assert (run.summary["created"], run.summary["rejected"]) == (2, 0)


def test_staff_with_the_permission_but_no_province_cannot_import(client, db):
    # given a staff user holding the import permission who is no programme officer
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="import_programme_records"))
    client.force_login(user)
    # then the import pages refuse them
    assert client.get(UPLOAD_URL).status_code == 403
    assert client.get(reverse("catalog_import:template")).status_code == 403


def test_an_officer_neither_sees_nor_acts_on_another_officers_run(client, committed, tmp_path):
    # given a checked run of an officer of Lamphun
    owner = import_officer(provinces=[province("Lamphun")])
    client.force_login(owner)
    run = upload(client, two_province_file(tmp_path))
    runs.check(run.pk)

    # when another officer (of the same province) tries every page of that run
    client.force_login(import_officer(provinces=[province("Lamphun")]))
    urls = [reverse(f"catalog_import:{name}", args=[run.pk]) for name in ("run", "status", "report")]

    # then each is a 404, like a run that does not exist, and the run is neither confirmed nor cancelled
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert client.post(reverse("catalog_import:confirm", args=[run.pk])).status_code == 404
    assert client.post(reverse("catalog_import:cancel", args=[run.pk])).status_code == 404
    run.refresh_from_db()
    assert (run.status, run.cancel_requested) == (ImportRun.Status.PREVIEWED, False)
    # and their upload page does not list it
    assert "mixed.csv" not in client.get(UPLOAD_URL).content.decode()
    # while its owner still sees it, and a superuser sees everyone's
    client.force_login(owner)
    assert "mixed.csv" in client.get(UPLOAD_URL).content.decode()
    assert client.get(urls[0]).status_code == 200
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "mixed.csv" in client.get(UPLOAD_URL).content.decode()


def test_the_upload_page_says_which_provinces_the_officer_imports_for(client, db):
    client.force_login(import_officer(provinces=[province("Lamphun"), province("Chiang Mai")]))
    text = client.get(UPLOAD_URL).content.decode()
    assert "You import for เชียงใหม่ (Chiang Mai), ลำพูน (Lamphun): rows of other provinces are rejected." in text


@pytest.mark.parametrize("step", ["check", "write"])
def test_an_unforeseen_error_ends_the_run_as_failed_with_nothing_written(client, committed, tmp_path, monkeypatch,
                                                                        caplog, step):
    # given an officer's uploaded file, checked when the write is what breaks
    client.force_login(import_officer())
    run = upload(client, two_province_file(tmp_path))
    if step == "write":
        runs.check(run.pk)
        client.post(reverse("catalog_import:confirm", args=[run.pk]))

    # when the import meets an error nobody foresaw (here: the listing's rewrite breaks)
    def broken(product_ids):
        raise RuntimeError("the listing table is locked by a migration")

    monkeypatch.setattr("catalog_import.importer.listing.refresh_written", broken)
    getattr(runs, step)(run.pk)

    # then the run is failed (not "checking"/"writing" for ever), nothing is written, the error is logged,
    # and the page says it was the site's error, not the file's
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.finished is not None
    assert ProductProfile.objects.count() == 0
    assert "the listing table is locked by a migration" in caplog.text
    page = client.get(reverse("catalog_import:run", args=[run.pk])).content.decode()
    assert "The import stopped on an unexpected error of the site, not of your file" in page
    assert "The file cannot be read" not in page


def test_an_officer_is_told_everything_to_fix_in_another_provinces_row(db, tmp_path):
    # given an officer of Lamphun and a Chiang Mai row whose price is also negative
    path = write_csv(tmp_path / "cm.csv", [record(code="5000-2567-0002", province="Chiang Mai", price="-5")])
    # when it is checked
    summary = import_files([path], dry_run=True, provinces={province("Lamphun").pk})
    # then both of its problems are reported, as the row's rejection
    assert [(p.row, p.code, p.rejected) for p in summary.problems] == [
        (2, ProblemCode.PROVINCE_NOT_YOURS, True), (2, ProblemCode.PRICE_NEGATIVE, True)]


def test_a_rejected_rows_warnings_are_listed_with_its_rejection_not_among_the_imported_rows(
        client, committed, tmp_path):
    # given a file with an imported row that has a warning, and a rejected row that has one too
    path = write_csv(tmp_path / "warned.csv", [
        record(no="1", code="5103-2567-0001", net_weight="heavy"),
        record(no="2", code="5103-2567-0002", net_weight="heavy", price="-5"),
    ])
    client.force_login(import_officer(provinces=[province("Lamphun")]))
    run = upload(client, path)
    # when it is checked and its page shown
    runs.check(run.pk)
    run.refresh_from_db()
    assert (run.summary["created"], run.summary["rejected"]) == (1, 1)
    page = client.get(reverse("catalog_import:run", args=[run.pk])).content.decode()
    rejections = page.split('id="import-rejections"')[1].split("</table>")[0]
    warnings = page.split('id="import-warnings"')[1].split("</table>")[0]
    # then the rejected row's two problems are both under its rejection, in the file's order
    assert [(p["row"], p["code"], p["rejected"]) for p in run.summary["problems"]] == [
        (2, ProblemCode.WEIGHT_NOT_A_NUMBER_LEFT_OUT, False),
        (3, ProblemCode.PRICE_NEGATIVE, True), (3, ProblemCode.WEIGHT_NOT_A_NUMBER_LEFT_OUT, True)]
    assert rejections.count("<tr><td>") == 2 and "price is negative" in rejections.lower()
    # and the warnings table holds the imported row's warning only
    assert warnings.count("<tr><td>") == 1 and "<td>2</td>" in warnings and "<td>3</td>" not in warnings
