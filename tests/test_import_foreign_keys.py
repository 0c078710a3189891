"""The import's rows refer only to rows that exist, with PostgreSQL's per-row key triggers off
during its COPYs (``catalog_import.bulk.References``): every key of every table it writes is
whole afterwards, a row referred to that another transaction deletes meanwhile stops the import
with nothing written, and what the import refers to is locked as the database's own key check
locks it. A table with triggers of its own, or a session without the privilege, keeps the
database's checks."""
import psycopg
import pytest
from django.db import IntegrityError, connection
from oscar.core.loading import get_model

from catalog_import.importer import import_files
from catalog_import.testing import record, write_csv
from marketplace.catalog.models import CategoryNames
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

TABLES = ["partner_partner", "producers_producer", "catalogue_product", "otop_catalog_productprofile",
          "otop_catalog_packaging", "catalogue_productcategory", "partner_stockrecord",
          "certification_certification", "certification_standard", "catalog_import_recordfingerprint"]


def _records(count, year="2024", **fields):
    return [record(no=str(i + 1), code=f"5103-2567-{i + 1:04d}", producer=f"กลุ่มผู้ผลิต {i % 7}",
                   name_en=f"Scarf {i}", year=year, **fields) for i in range(count)]


def _dangling(table):
    """Rows of ``table`` whose foreign keys name a row that does not exist, by key."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT a.attname, c.confrelid::regclass::text, pa.attname FROM pg_constraint c "
                       "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                       "JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1] "
                       "WHERE c.contype = 'f' AND c.conrelid = %s::regclass", [table])
        for column, parent, parent_column in cursor.fetchall():
            cursor.execute(f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
                           f"(SELECT 1 FROM {parent} p WHERE p.{parent_column} = t.{column})")
            found[f"{table}.{column}"] = cursor.fetchone()[0]
    return found


def _other_connection():
    params = connection.get_connection_params()
    return psycopg.connect(**{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")},
                           autocommit=True)


def _own_category():
    category = Category.objects.add_root(instance=Category(name="ผ้าทดสอบ", slug="test-cloth"))
    CategoryNames.objects.create(category=category, code="test-cloth", name_th="ผ้าทดสอบ", name_en="Test cloth")
    return category


@pytest.mark.django_db
def test_every_key_the_import_wrote_names_a_row_that_exists(tmp_path):
    # given a first import of 40 products, then a file that changes some, adds others and an older year
    seen = []
    first = import_files([str(write_csv(tmp_path / "first.csv", _records(40)))],
                         before_commit=lambda writer: seen.append(writer.references.enabled))
    assert first.created == 40
    second = import_files([str(write_csv(tmp_path / "second.csv", _records(60, price="420")))],
                          before_commit=lambda writer: seen.append(writer.references.enabled))
    assert (second.created, second.updated) == (20, 40)
    older = [record(code="5103-2567-0001", year="2022", stars="3", standards="มผช. 1249/2560, อย. 12-3-45678-1-0001")]
    third = import_files([str(write_csv(tmp_path / "third.csv", older))],
                         before_commit=lambda writer: seen.append(writer.references.enabled))
    assert third.updated == 1
    # then the key triggers were off for the copies (the test database's user may turn them off)
    assert seen == [True, True, True]
    # and no row of any table the import writes refers to a row that is not there
    for table in TABLES:
        assert set(_dangling(table).values()) <= {0}, table


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # another connection sees the rows
def test_a_category_deleted_while_the_import_writes_stops_it_with_nothing_written(tmp_path):
    # given a category of the shop's own, and a file of 30 products in it
    category = _own_category()
    path = write_csv(tmp_path / "records.csv", _records(30, category="Test cloth"))
    other = _other_connection()

    def delete_category(phase, done, total):
        # when another transaction deletes the category once the import has copied its first rows
        if phase == "writing" and done == total:
            other.execute("DELETE FROM otop_catalog_categorynames WHERE category_id = %s", [category.pk])
            other.execute("DELETE FROM catalogue_category WHERE id = %s", [category.pk])

    try:
        with pytest.raises(IntegrityError) as raised:
            import_files([str(path)], on_progress=delete_category)
    finally:
        other.close()
    # then the import stops, saying which table's key refers to rows that are gone
    assert "catalogue_productcategory.category_id" in str(raised.value)
    assert "catalogue_category" in str(raised.value)
    # and nothing of the file was written
    assert not Product.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # another connection sees the rows
def test_what_the_import_refers_to_cannot_be_deleted_before_it_commits(tmp_path):
    # given a category of the shop's own, and a file of 30 products in it
    category = _own_category()
    path = write_csv(tmp_path / "records.csv", _records(30, category="Test cloth"))
    other = _other_connection()
    refused = []

    def try_to_delete(writer):
        # when another transaction tries to delete the category after everything is written
        other.execute("SET lock_timeout = '300ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            with other.transaction():
                other.execute("DELETE FROM otop_catalog_categorynames WHERE category_id = %s", [category.pk])
                other.execute("DELETE FROM catalogue_category WHERE id = %s", [category.pk])
        refused.append(True)

    try:
        summary = import_files([str(path)], before_commit=try_to_delete)
    finally:
        other.close()
    # then it waits for the import (its row is locked as the database's key check locks it)
    assert refused == [True]
    # and the import commits its 30 products in the category
    assert summary.created == 30
    assert Product.objects.filter(categories=category).count() == 30


@pytest.mark.django_db
def test_a_table_with_triggers_of_its_own_keeps_them_during_the_import(tmp_path):
    # given a trigger of someone's own on the packaging table, counting the rows it sees
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE seen_packaging (n int)")
        cursor.execute("CREATE FUNCTION otop_test_note_packaging() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN INSERT INTO seen_packaging VALUES (1); RETURN NEW; END $$")
        cursor.execute("CREATE TRIGGER note_packaging AFTER INSERT ON otop_catalog_packaging "
                       "FOR EACH ROW EXECUTE FUNCTION otop_test_note_packaging()")
    # when 25 products are imported
    summary = import_files([str(write_csv(tmp_path / "records.csv", _records(25)))])
    assert summary.created == 25
    # then the trigger ran for each of their packagings
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM seen_packaging")
        assert cursor.fetchone()[0] == 25


@pytest.mark.django_db
def test_without_the_privilege_the_database_checks_the_keys(tmp_path):
    # given a database user that may not turn triggers off (no superuser, no SET on the parameter)
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE otop_test_plain_importer NOLOGIN")
        cursor.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO otop_test_plain_importer")
        cursor.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO otop_test_plain_importer")
        cursor.execute("SET LOCAL ROLE otop_test_plain_importer")
    seen = []
    # when it imports 25 products
    summary = import_files([str(write_csv(tmp_path / "records.csv", _records(25)))],
                           before_commit=lambda writer: seen.append(writer.references.enabled))
    # then the import keeps the key triggers on, and writes the products
    assert seen == [False]
    assert summary.created == 25
    for table in TABLES:
        assert set(_dangling(table).values()) <= {0}, table


@pytest.mark.django_db
def test_the_deploy_check_warns_when_the_database_user_may_not_skip_the_key_triggers():
    from django.core import checks

    def warnings():
        found = checks.run_checks(include_deployment_checks=True, databases=["default"])
        return [w.id for w in found if w.id == "otop.W002"]

    # this database user may (a superuser here): nothing to say, and nothing without --database
    assert warnings() == []
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE otop_test_plain_importer NOLOGIN")
        cursor.execute("SET LOCAL ROLE otop_test_plain_importer")
    assert warnings() == ["otop.W002"]
    assert not [w for w in checks.run_checks(include_deployment_checks=True) if w.id == "otop.W002"]
