"""Dashboard imports on the job queue, with real worker processes: a worker checks the upload
while the page shows its progress, the preview says what the import does to the listing, a
worker writes it once confirmed; cancelling or killing a worker never leaves half an import."""
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model

from catalog_import.models import ImportRun, RecordFingerprint
from catalog_import.testing import import_officer, record, run_command, write_csv
from jobs_fixtures import wait_for
from marketplace.catalog import listing
from marketplace.catalog.models import ProductProfile
from marketplace.certification.models import Certification
from marketplace.testing.factories import UserFactory

StockRecord = get_model("partner", "StockRecord")
DATA = Path(__file__).resolve().parent / "data"
UPLOAD_URL = "/en/dashboard/import/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def import_worker(start_worker, media):
    """A worker that finds the uploads where the web process keeps them."""
    return lambda: start_worker(MEDIA_ROOT=str(media))


@pytest.fixture
def paced_import_worker(start_worker, media):
    """A worker whose every programme row takes a quarter of a millisecond longer to check
    (``catalog_import.paced_for_tests``), so that a 20,000-row check or write outlasts a cancel's
    round trip however fast the machine (a fast one read all 20,000 rows before the cancel arrived)."""
    return lambda: start_worker(MEDIA_ROOT=str(media),
                                OTOP_JOBS_EXTRA_MODULES="marketplace.testing.jobs,catalog_import.paced_for_tests")


def officer():
    return import_officer()


def big_file(tmp_path, rows):
    records = [record(no=str(i), code=f"5103-2567-{i:05d}", name_th=f"ผ้าพันคอไหมยกดอก ลาย {i}",
                      name_en=f"Brocade silk scarf {i}") for i in range(1, rows + 1)]
    path = write_csv(tmp_path / f"records-{rows}.csv", records)
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def upload(client, file) -> ImportRun:
    response = client.post(UPLOAD_URL, {"file": file})
    assert response.status_code == 302
    return ImportRun.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def status_of(run):
    run.refresh_from_db()
    return run.status


def nothing_written():
    return (ProductProfile.objects.count(), Certification.objects.count(), StockRecord.objects.count(),
            RecordFingerprint.objects.count()) == (0, 0, 0, 0)


def test_upload_checked_by_a_worker_previewed_confirmed_written_and_reported(import_worker, client,
                                                                              django_assert_max_num_queries):
    # given an officer and a worker
    import_worker()
    client.force_login(officer())

    # when the officer uploads a file with rejected rows
    run = upload(client, SimpleUploadedFile("export-with-errors.csv", (DATA / "export-with-errors.csv").read_bytes()))

    # then the page shows the job's progress and polls its status, and nothing is written yet
    page = client.get(reverse("catalog_import:run", args=[run.pk])).content.decode()
    assert 'id="import-progress"' in page and "catalog_import/progress.js" in page
    wait_for(lambda: status_of(run) == ImportRun.Status.PREVIEWED, what="the check")
    with django_assert_max_num_queries(6):
        status = json.loads(client.get(reverse("catalog_import:status", args=[run.pk])).content)
    assert status["status"] == "previewed" and not status["running"]
    assert status["rows_read"] == status["rows_total"] == 26
    assert nothing_written()

    # and the preview shows the rejected rows and what the import does to the listing
    page = client.get(reverse("catalog_import:run", args=[run.pk])).content.decode()
    assert "unknown province" in page and 'id="import-listing"' in page
    preview = run.summary["listing"]
    assert run.summary["created"] == 16 and 0 < preview["listed"] == preview["listed_new"] <= 16
    assert preview["unlisted"] == 0

    # when the officer confirms, a worker writes it
    client.post(reverse("catalog_import:confirm", args=[run.pk]))
    assert status_of(run) in (ImportRun.Status.WRITING, ImportRun.Status.IMPORTED)
    wait_for(lambda: status_of(run) == ImportRun.Status.IMPORTED, what="the write")

    # then what the preview said is what the shop lists now
    assert ProductProfile.objects.count() == 16
    assert listing.listable().count() == preview["listed"]
    # and the run is listed as imported with its rejected rows, with the report to download
    assert "Imported with 10 rejected rows" in client.get(UPLOAD_URL).content.decode()
    report = client.get(reverse("catalog_import:report", args=[run.pk])).content.decode("utf-8-sig")
    assert sum(line.endswith(",rejected") for line in report.splitlines()) == 10


def test_the_preview_counts_products_that_a_reimport_with_ended_validity_delists(import_worker, client, tmp_path):
    # given products imported with a long validity (as the demo does), selected in 2019
    import_worker()
    client.force_login(officer())
    old = [record(code=f"5103-2562-{i:04d}", year="2019") for i in range(1, 4)]
    from catalog_import.importer import import_files
    import_files([write_csv(tmp_path / "old.csv", old)], validity_years=20)
    assert listing.listable().count() == 3
    ImportRun.objects.all().delete()

    # when the same records, changed, are uploaded on an install with the usual three years
    changed = [dict(r, price="400") for r in old]
    path = write_csv(tmp_path / "changed.csv", changed)
    run = upload(client, SimpleUploadedFile("changed.csv", path.read_bytes()))
    wait_for(lambda: status_of(run) == ImportRun.Status.PREVIEWED, what="the check")

    # then the preview says all three leave the listing because their certification has ended
    assert run.summary["listing"]["unlisted"] == 3
    assert run.summary["listing"]["unlisted_because"] == {"certified": 3}
    page = client.get(reverse("catalog_import:run", args=[run.pk])).content.decode()
    assert "newest certification not in force today" in page
    assert listing.listable().count() == 3  # nothing written by the check


def test_cancel_while_the_worker_checks_writes_nothing(paced_import_worker, client, tmp_path):
    # given a large upload being checked (paced)
    paced_import_worker()
    client.force_login(officer())
    run = upload(client, big_file(tmp_path, 20_000))
    wait_for(lambda: status_of(run) == ImportRun.Status.CHECKING and run.rows_read > 0, what="the check", interval=0.05)

    # when the officer cancels
    client.post(reverse("catalog_import:cancel", args=[run.pk]))

    # then the check stops before the end, the run is cancelled, and nothing was written
    wait_for(lambda: status_of(run) == ImportRun.Status.CANCELLED, what="the cancel")
    assert run.rows_read < 20_000
    assert nothing_written()
    assert "Cancelled; nothing has been written." in client.get(
        reverse("catalog_import:run", args=[run.pk])).content.decode()


def checked_big_run(client, tmp_path, rows=20_000):
    run = upload(client, big_file(tmp_path, rows))
    wait_for(lambda: status_of(run) == ImportRun.Status.PREVIEWED, timeout=240, what="the check")
    client.post(reverse("catalog_import:confirm", args=[run.pk]))
    wait_for(lambda: status_of(run) == ImportRun.Status.WRITING and run.rows_read > 0, timeout=120,
             what="the write", interval=0.05)
    return run


def test_cancel_while_the_worker_writes_leaves_nothing_half_written(paced_import_worker, client, tmp_path):
    # given a confirmed large import a worker is writing (paced, as above)
    paced_import_worker()
    client.force_login(officer())
    run = checked_big_run(client, tmp_path)

    # when the officer cancels mid-write
    client.post(reverse("catalog_import:cancel", args=[run.pk]))

    # then the run is cancelled and none of the rows already written is left
    wait_for(lambda: status_of(run) == ImportRun.Status.CANCELLED, timeout=60, what="the cancel")
    assert nothing_written()


def test_a_worker_killed_mid_write_is_replaced_and_the_import_finishes_once(import_worker, client, tmp_path):
    # given a confirmed large import a worker is writing
    first = import_worker()
    client.force_login(officer())
    run = checked_big_run(client, tmp_path)

    # when that worker is killed (SIGKILL) in the middle and another one starts
    first.kill()
    import_worker()

    # then the other worker runs the write again and finishes it: nothing lost, nothing doubled
    wait_for(lambda: status_of(run) == ImportRun.Status.IMPORTED, timeout=240, what="the restarted write")
    assert run.summary["created"] == 20_000
    assert ProductProfile.objects.count() == 20_000
    assert Certification.objects.count() == 20_000
    assert StockRecord.objects.count() == 20_000
    assert RecordFingerprint.objects.count() == 20_000


def test_status_and_cancel_are_refused_without_the_import_permission(job_queue, client, media):
    # given a run an officer uploaded (no worker: it waits in the queue)
    client.force_login(officer())
    run = upload(client, SimpleUploadedFile("export-with-errors.csv", (DATA / "export-with-errors.csv").read_bytes()))

    # when a non-staff user and a staff member without the permission try its status and cancel
    for user in (UserFactory(is_staff=False), UserFactory(is_staff=True)):
        client.force_login(user)
        # then both are refused and the run goes on
        assert client.get(reverse("catalog_import:status", args=[run.pk])).status_code == 403
        assert client.post(reverse("catalog_import:cancel", args=[run.pk])).status_code == 403
    assert status_of(run) == ImportRun.Status.QUEUED and not run.cancel_requested


def test_confirming_twice_imports_once(import_worker, client):
    # given a checked upload
    import_worker()
    client.force_login(officer())
    run = upload(client, SimpleUploadedFile("export-with-errors.csv", (DATA / "export-with-errors.csv").read_bytes()))
    wait_for(lambda: status_of(run) == ImportRun.Status.PREVIEWED, what="the check")

    # when the officer confirms twice
    client.post(reverse("catalog_import:confirm", args=[run.pk]))
    response = client.post(reverse("catalog_import:confirm", args=[run.pk]), follow=True)

    # then the second is refused and the file is imported once
    assert "already been imported" in response.content.decode()
    wait_for(lambda: status_of(run) == ImportRun.Status.IMPORTED, what="the write")
    assert ProductProfile.objects.count() == 16


def test_workbook_that_cannot_be_read_shows_the_reason_instead_of_failing(import_worker, client, tmp_path):
    # given a real workbook whose sheet data is damaged inside an intact zip
    import zipfile

    from catalog_import.testing import write_workbook

    import_worker()
    good = write_workbook(tmp_path / "north.xlsx", {"Lamphun": [record()]})
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<worksheet><sheetData><row" if item.filename.startswith("xl/worksheets/") else data)
    client.force_login(officer())

    # when it is uploaded and a worker checks it
    run = upload(client, SimpleUploadedFile("north.xlsx", damaged.read_bytes()))
    wait_for(lambda: status_of(run) == ImportRun.Status.FAILED, what="the check")

    # then the page gives the reason
    page = client.get(reverse("catalog_import:run", args=[run.pk])).content.decode()
    assert "the workbook is damaged and cannot be read" in page


def test_reimporting_the_demos_own_workbook_from_the_dashboard_delists_nothing(import_worker, client):
    # given the demo catalog, loaded as make run loads it
    from django.core.management import call_command

    from catalog_import.management.commands.load_demo_catalog import DEMO_DIR

    call_command("load_demo_catalog")
    listed = set(listing.listable().values_list("pk", flat=True))
    assert listed
    import_worker()
    client.force_login(officer())

    # when an officer uploads the demo's own workbook
    workbook = DEMO_DIR / "otop-selection-north.xlsx"
    run = upload(client, SimpleUploadedFile(workbook.name, workbook.read_bytes()))
    wait_for(lambda: status_of(run) == ImportRun.Status.PREVIEWED, what="the check")

    # then the preview says nothing leaves the listing, and confirming keeps the demo listed
    assert run.summary["listing"]["unlisted"] == 0
    assert run.summary["created"] == run.summary["updated"] == 0
    client.post(reverse("catalog_import:confirm", args=[run.pk]))
    wait_for(lambda: status_of(run) == ImportRun.Status.IMPORTED, what="the write")
    assert set(listing.listable().values_list("pk", flat=True)) == listed


CP874 = DATA / "export-ready-2024-cp874.csv"
UTF8_TWIN = Path(__file__).resolve().parent.parent / "catalog_import" / "demo" / "export-ready-2024.csv"


def test_a_thai_windows_csv_uploaded_on_the_dashboard_imports_as_its_utf8_twin(import_worker, client):
    # given an officer and a worker
    import_worker()
    client.force_login(officer())

    # when the officer uploads the CSV that Excel on Thai Windows saved (cp874), and confirms it
    run = upload(client, SimpleUploadedFile(CP874.name, CP874.read_bytes(), content_type="text/csv"))
    wait_for(lambda: status_of(run) == ImportRun.Status.PREVIEWED, what="the check")
    preview = client.get(f"/en/dashboard/import/{run.pk}/").content.decode()
    client.post(reverse("catalog_import:confirm", args=[run.pk]))
    wait_for(lambda: status_of(run) == ImportRun.Status.IMPORTED, what="the write")

    # then the (English) preview named the encoding it read, and every row was imported, the Thai intact
    assert '<td class="encoding">Thai Windows (cp874)</td>' in preview
    assert run.summary["created"] > 0 and run.summary["rejected"] == 0
    assert ProductProfile.objects.filter(name_th__contains="ผ้า").exists()
    # and the UTF-8 twin, imported after it, finds every record exactly as the upload wrote it
    status, out, err = run_command(UTF8_TWIN, "--json")
    twin = json.loads(out)
    assert (status, err) == (0, "")
    assert (twin["created"], twin["updated"], twin["unchanged"]) == (0, 0, run.summary["created"])


def test_the_preview_names_row_problems_in_the_language_of_the_page(import_worker, client):
    # given an officer and a worker, and a file with rejected rows checked by the worker
    import_worker()
    client.force_login(officer())
    run = upload(client, SimpleUploadedFile("export-with-errors.csv", (DATA / "export-with-errors.csv").read_bytes()))
    wait_for(lambda: status_of(run) == ImportRun.Status.PREVIEWED, what="the check")

    # when the officer reads the preview on the Thai page, then on the English one
    thai = client.get(f"/dashboard/import/{run.pk}/").content.decode()
    english = client.get(f"/en/dashboard/import/{run.pk}/").content.decode()

    # then each names the problems in its own language only
    assert "ไม่มีรหัสผลิตภัณฑ์" in thai and "ระดับดาวไม่อยู่ระหว่าง 1–5" in thai
    assert "missing product code" not in thai
    assert "missing product code" in english and "star level outside 1-5" in english
    assert "ไม่มีรหัสผลิตภัณฑ์" not in english
