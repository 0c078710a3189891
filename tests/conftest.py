"""Test fixtures shared by every suite. Tests run against a real PostgreSQL: the embedded
server under var/ by default, or the server named by DATABASE_URL."""
import os
import re

import pytest

from jobs_fixtures import job_queue, start_worker, worker  # noqa: F401  job workers
from stripe_fixtures import localstripe, stripe_keys, stripe_requests  # noqa: F401  Stripe fixtures


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # Several test runs on one machine (developers working side by side) each get their own
    # database: OTOP_TEST_DB_SUFFIX=alice gives test_otop_alice.
    from django.conf import settings

    suffix = os.environ.get("OTOP_TEST_DB_SUFFIX")
    if suffix:
        test = settings.DATABASES["default"].setdefault("TEST", {})
        test["NAME"] = f"test_{settings.DATABASES['default']['NAME']}_{suffix}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reused test database keeps the rows the data migrations seeded (provinces,
    categories, zones). A transactional test (live_server, races) empties every table when it
    ends; Django restores the seeded rows only at the start of the next such test, so after the
    last one they are put back here for the tests of the next run."""
    from marketplace.provinces.models import Province

    with django_db_blocker.unblock():
        if not Province.objects.exists():
            pytest.exit("The reused test database has lost its seeded rows (an interrupted run?): "
                        "run pytest once with --create-db.", returncode=3)
    yield
    from seeded_rows import put_back_seeded_rows

    with django_db_blocker.unblock():
        put_back_seeded_rows()


@pytest.fixture(autouse=True)
def _fresh_lookups():
    """Caches filled from the database must not leak between tests (each test rolls back; the
    catalogue's version, a sequence, does not): the process's lookups, Django's cache (kept API
    answers and pages) and the release digest, which tests may name through the settings."""
    from django.core.cache import cache

    from marketplace.catalog import version
    from marketplace.core.kept import forget_everything
    from marketplace.provinces.lookup import clear_cache

    def forget():
        clear_cache()
        forget_everything()
        cache.clear()
        version.release.cache_clear()

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def _no_jobs_left_by_committed_tests(request, django_db_blocker):
    """A transactional test commits the jobs it enqueues, and Django's flush after it leaves
    Procrastinate's tables alone: they are emptied here, so that a later test's ``run_enqueued``
    never runs or counts another test's jobs."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers CASCADE")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Thai): a request to /en/ activates
    English in the test's thread, which would otherwise leak into reverse() in later tests."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- Browser tests: Playwright driving Debian's Chromium (never a downloaded browser) -----------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def local_media(settings, tmp_path):
    """Uploads and thumbnails in this test's own folder on the local file system (not a bucket)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return settings.MEDIA_ROOT


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; Django would then refuse the
    # tests' own database calls as "async-unsafe" although they stay synchronous. While that
    # loop runs, Django's per-context connection objects differ from the ones the test database
    # was set up with (without the contents serialized for rollbacks), so the browser lives for
    # one test only: the loop stops before pytest-django's own teardown.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    """A fresh browser tab (own cookies) that only talks to servers on this machine: requests
    elsewhere (CDNs) are refused at once instead of waiting for a network that is not there."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])"), lambda route: route.abort())
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def superuser(client):
    """``client`` signed in as a superuser (staff pages, the dashboard, the admin)."""
    from marketplace.testing.factories import UserFactory

    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user
