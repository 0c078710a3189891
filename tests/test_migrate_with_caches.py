"""A new database migrates with the response caches on (``OTOP_API_CACHE_SECONDS``, as production sets
it): recording each applied migration saves a row, and the catalogue's version (``catalog.version``)
was moved for it, by a sequence that a later migration creates — so the first ``migrate`` of a
production install with caches failed (found running ``bench_kept_through_orders.py``, which turns the
cache on before migrating its database). Saves of models outside the project's registry (Django's
migration records, migrations' historical models) no longer move the version."""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from marketplace.catalog import version

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_recording_a_migration_does_not_move_the_catalogues_version(settings):
    settings.OTOP_API_CACHE_SECONDS = 300
    before = version.version()

    MigrationRecorder(connection).record_applied("otop_catalog", "9999_pretend")

    assert version.version() == before


@pytest.mark.django_db
def test_a_new_database_migrates_with_the_caches_on():
    # given an empty database on the test database's server
    name = f"otop_fresh_{uuid.uuid4().hex[:8]}"
    params = connection.get_connection_params()
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, "OTOP_API_CACHE_SECONDS": "300", "OTOP_PAGE_CACHE_SECONDS": "300"}
        if env.get("DATABASE_URL"):
            env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        else:
            env["OTOP_DB_NAME"] = name

        # when it is migrated as a production install with the caches on would migrate it
        result = subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env,
                                capture_output=True, text=True, timeout=600)

        # then every migration applies
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
