"""A 20,000-row upload through the dashboard in a real browser (Debian's Chromium): the run's page
moves its progress bar as the worker checks the file, without reloading by hand, then shows the
preview. A screenshot of the bar mid-check is kept as docs/screenshots/import-progress-en.png (the README shows it)."""
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from catalog_import.models import ImportRun
from catalog_import.testing import import_officer, record, write_csv
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_a_20000_row_upload_shows_its_progress_bar_moving_then_the_preview(live_server, page, start_worker,
                                                                           settings, tmp_path):
    # given an officer, signed in, and a worker sharing the web server's media folder (checking each row
    # a quarter of a millisecond slower, so that the check lasts a few seconds on any machine: the page
    # asks for the figures once a second)
    settings.MEDIA_ROOT = tmp_path / "media"
    start_worker(MEDIA_ROOT=str(settings.MEDIA_ROOT),
                 OTOP_JOBS_EXTRA_MODULES="marketplace.testing.jobs,catalog_import.paced_for_tests")
    user = import_officer()
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    rows = [record(no=str(i), code=f"5103-2567-{i:05d}", name_th=f"ผ้าพันคอไหม ลาย {i}") for i in range(1, 20_001)]
    path = write_csv(tmp_path / "selection-20000.csv", rows)

    # when the officer uploads it
    page.goto(live_server.url + "/en/dashboard/import/")
    page.set_input_files("#import-upload-form input[type=file]", str(path))
    page.click("#import-upload-form button[type=submit]")
    page.wait_for_selector("#import-progress")

    # then the bar moves on its own as the worker reads rows and then writes them (each phase runs
    # the bar from 0 to 100), and the figures say rows read of all
    seen, shown, shot = set(), set(), None
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and page.locator("#import-progress").count():
        try:
            value = int(page.get_attribute("#import-progress .progress-bar", "aria-valuenow", timeout=2000))
        except Exception:  # the page reloaded itself between two looks
            continue
        shown.add(value)
        if 0 < value < 100:
            seen.add(value)
            if shot is None:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                shot = ARTIFACTS / "import-progress-en.png"
                page.screenshot(path=str(shot), full_page=True)
                assert "of 20,000 rows" in page.inner_text(".import-progress-figures")
        time.sleep(0.3)
    assert seen and len(shown) >= 3, f"the bar showed {sorted(shown)}"
    assert shot and shot.stat().st_size > 0

    # and when the check is done the page shows the preview by itself
    page.wait_for_selector("#import-summary", timeout=60_000)
    assert page.inner_text("#import-summary .created") == "20000"
    assert ImportRun.objects.get().status == ImportRun.Status.PREVIEWED
