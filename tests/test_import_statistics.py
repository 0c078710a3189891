"""An import leaves PostgreSQL's planner statistics current for the tables it wrote, so the first
shoppers' queries after a large import are not planned blind (issue 11: a page sorted by price
ran for over five minutes before ANALYZE, 0.66 s after)."""
import pytest
from django.db import connection

from catalog_import.importer import import_files
from catalog_import.testing import record, write_csv

pytestmark = pytest.mark.django_db


def _estimated_rows(table):
    """The planner's idea of the table's size: what ANALYZE last counted."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0]


def _rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


@pytest.mark.parametrize("table", ["catalogue_product", "partner_stockrecord", "certification_certification",
                                   "producers_producer"])
def test_an_import_analyses_the_tables_it_filled(tmp_path, table):
    # given a programme file of 60 products from 60 producers
    rows = [record(no=str(i + 1), code=f"5103-2567-{i + 1:04d}", producer=f"กลุ่มผู้ผลิต {i}", name_en=f"Scarf {i}") for i in range(60)]
    # when it is imported
    summary = import_files([str(write_csv(tmp_path / "records.csv", rows))])
    assert summary.created == 60
    # then the planner's statistics count the new rows straight away (no autovacuum needed)
    assert _estimated_rows(table) == _rows(table) >= 60
