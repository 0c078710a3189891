"""Keeping the PostgreSQL index current: full reindex, catching up after bulk imports, producer
changes, and the command the relevance evaluation runs."""
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from marketplace.search import service, signals
from marketplace.search.models import SearchDocument
from marketplace.testing.factories import ProducerFactory, certified_product
from marketplace.testing.factories import province as province_of

pytestmark = pytest.mark.django_db
DEMO_CSV = Path(__file__).resolve().parent.parent / "catalog_import" / "demo" / "export-ready-2024.csv"


def test_full_reindex_rebuilds_every_listed_product_and_nothing_else():
    # given an index that lost its documents
    listed = certified_product(name_th="แคบหมู สูตรดั้งเดิม", category="food")
    certified_product(name_th="แคบหมู ไม่ผ่าน", category="food", status="revoked")
    signals.flush()  # what the end of the transaction does
    SearchDocument.objects.all().delete()
    assert service.search("แคบหมู").total == 0
    # when the index is rebuilt
    assert service.reindex() == 1
    # then the listed product is found again, with its facets, and the table kept its indexes
    result = service.search("pork rind")
    assert result.codes == [listed.profile.programme_code]
    assert result.facets["category"] == {"food": 1}

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [SearchDocument._meta.db_table])
        assert {"search_doc_terms", "search_doc_names_trgm"} <= {row[0] for row in cursor.fetchall()}


def test_sync_catches_up_with_a_bulk_import_that_sent_no_signals():
    from catalog_import.importer import import_files
    from catalog_import.signals import records_imported

    # a bulk writer that tells nobody: the import with the search's receiver disconnected
    records_imported.disconnect(dispatch_uid="otop_search_import")
    try:
        summary = import_files([str(DEMO_CSV)])
    finally:
        records_imported.connect(signals._imported, dispatch_uid="otop_search_import")
    assert summary.created > 0
    before = SearchDocument.objects.count()
    changed = service.sync()
    assert changed > 0 and SearchDocument.objects.count() == before + changed
    assert service.search("ผ้าฝ้ายทอมือ").total > 0


def test_deactivating_a_producer_takes_its_products_out():
    producer = ProducerFactory()
    certified_product(name_th="ไวน์ลำไย", category="beverages", producer=producer)
    assert service.search("longan wine").total == 1
    producer.active = False
    producer.save()
    assert service.search("longan wine").total == 0


def test_search_products_command_prints_ranked_codes(capsys):
    product = certified_product(name_th="ข้าวแต๋นน้ำแตงโม", category="food")
    call_command("search_products", "rice crackers", "--limit", "5")
    assert capsys.readouterr().out.split() == [product.profile.programme_code]
    call_command("search_products", "ข้าวแต๋น", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["codes"] == [product.profile.programme_code] and printed["engine"] == "postgresql"


def test_search_products_command_refuses_a_bad_limit():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--limit"):
        call_command("search_products", "silk", "--limit", "0")


def test_imported_products_are_searchable_at_once_without_a_sync(tmp_path):
    # given a programme file with a product no search has seen
    from catalog_import.importer import import_files
    from catalog_import.testing import record, write_csv

    path = write_csv(tmp_path / "records.csv", [record(code="5103-2567-0777", name_th="ผ้าซิ่นตีนจกลายนกคู่",
                                                       name_en="Tin chok skirt cloth")])
    # when it is imported (bulk writes: no model signals)
    summary = import_files([path])
    # then the search service finds it straight away, in Thai and in English
    assert summary.created == 1
    assert service.search("ผ้าซิ่นตีนจก").codes[:1] == ["5103-2567-0777"]
    assert service.search("tin chok").codes[:1] == ["5103-2567-0777"]


def _indexes_of(table) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed: the workers read it
def test_a_reindex_outside_a_transaction_reads_and_segments_in_worker_processes(monkeypatch):
    # given listed products in committed data, and an index that lost its documents
    monkeypatch.setenv("OTOP_SEARCH_INDEX_WORKERS", "2")
    codes = {certified_product(name_th=f"ผ้าไหมมัดหมี่ ลาย {n}", name_en=f"Mudmee silk {n}",
                               category="textiles").profile.programme_code for n in range(5)}
    certified_product(name_th="ผ้าไหม ไม่ผ่าน", category="textiles", status="revoked")
    signals.flush()
    SearchDocument.objects.all().delete()
    indexes = _indexes_of(SearchDocument._meta.db_table)
    # when the whole index is rebuilt in batches of two, each read and segmented by a worker process
    # (and the table's indexes built two at a time, on connections of their own)
    assert service.reindex(batch_size=2) == 5
    # then the rebuilt table has every index the old one had, under the same names and definitions
    assert _indexes_of(SearchDocument._meta.db_table) == indexes
    # and every listed product is found by a Thai word inside its name, and this process's own
    # connection still works (the workers opened theirs and left this one alone)
    result = service.search("มัดหมี่", per_page=10)
    assert set(result.codes) == codes
    assert service.search("ไม่ผ่าน").total == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # VACUUM runs outside a transaction only
@pytest.mark.parametrize("page", [{"category": "textiles"}, {"province": "TH-50"}])
def test_after_a_reindex_a_category_or_province_page_is_answered_from_its_index_alone(page):
    # given listed products of two categories and provinces, indexed by a full reindex
    for n, (category, province) in enumerate([("textiles", "TH-50"), ("textiles", "TH-10"), ("food", "TH-50")]):
        certified_product(name_th=f"สินค้า {n}", category=category, price=f"{100 + n}.00",
                          producer=ProducerFactory(province=province_of(province)))
    signals.flush()
    service.reindex()

    # when the page is browsed (no words), sorted by price
    with CaptureQueriesContext(connection) as queries:
        found = service.search("", service.Filters(**page), sort="price")
    assert found.total == 2
    browse = max((q["sql"] for q in queries.captured_queries), key=len)

    # then PostgreSQL can answer it from the page's index without reading the table (the planner
    # would scan so small a table instead: its other ways are switched off to see this one)
    with transaction.atomic(), connection.cursor() as cursor:  # SET LOCAL: gone with the transaction
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + browse)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    with connection.cursor() as cursor:
        index = "search_doc_category" if "category" in page else "search_doc_province"
        assert f"Index Only Scan using {index}" in plan and "Heap Fetches: 0" in plan, plan
        # and the rebuilt table keeps the live one's storage and vacuum settings
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [SearchDocument._meta.db_table])
        assert set(cursor.fetchone()[0]) >= {"toast_tuple_target=256", "autovacuum_vacuum_scale_factor=0.02"}
