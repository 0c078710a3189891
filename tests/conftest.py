"""Test fixtures shared by every suite. Tests run against a real PostgreSQL: the embedded
server under var/ by default, or the server named by DATABASE_URL."""
import os

import pytest

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


@pytest.fixture(autouse=True)
def _fresh_lookups():
    """Caches filled from the database must not leak between tests (each test rolls back)."""
    from marketplace.provinces.lookup import clear_cache

    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Thai): a request to /en/ activates
    English in the test's thread, which would otherwise leak into reverse() in later tests."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
