"""Search indexing on the job queue: edits and imports are indexed by a worker, a shopper's
search writes nothing, and at midnight (Thai time) the index follows the certifications that
ended or began, without any request having asked."""
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from graphql_client import data
from jobs_fixtures import job_rows, wait_for
from marketplace.catalog import listing
from marketplace.certification.models import Certification
from marketplace.search import service, signals, tasks
from marketplace.testing.factories import certified_product

INDEX_JOB = "marketplace.search.tasks.index_products"
API_SEARCH = """query($search: String!) { products(first: 10, channel: "th-thb", search: $search) {
  totalCount edges { node { name } } } }"""
API_PRODUCT = """query($slug: String!) { product(slug: $slug, channel: "th-thb") { name } }"""


def _indexed(product):
    return product.pk in set(service.engine().indexed_ids())


def test_an_edit_is_indexed_by_a_worker_after_the_commit(job_queue, start_worker):
    # given a product saved (and committed) with no worker running
    product = certified_product(name_th="ผ้าไหมแพรวากาฬสินธุ์", name_en="Praewa silk")

    # then the saving process indexed nothing itself: jobs wait in the queue
    assert not _indexed(product)
    assert any(product.pk in job["args"]["product_ids"] for job in job_rows(INDEX_JOB))

    # when a worker runs
    start_worker()

    # then the product is found
    wait_for(lambda: _indexed(product), what="the index job")
    assert service.search("แพรวา").product_ids == [product.pk]


def test_an_import_is_indexed_by_a_worker(job_queue, start_worker, tmp_path):
    # given a programme file imported with no worker running
    from catalog_import.importer import import_files
    from catalog_import.testing import record, write_csv

    path = write_csv(tmp_path / "records.csv", [record(code="5103-2567-0888", name_th="ผ้าซิ่นตีนจกลายนกคู่",
                                                       name_en="Tin chok skirt cloth")])
    import_files([path])
    assert service.search("tin chok").codes == []

    # when a worker runs the queued job
    start_worker()

    # then the imported product is found
    wait_for(lambda: service.search("tin chok").codes == ["5103-2567-0888"], what="the import's index job")


def test_a_shoppers_search_writes_nothing(client, db):
    # given a listable product the index has not caught up with (its job not run yet)
    certified_product(name_th="ข้าวหอมมะลิทุ่งกุลา", name_en="Thung Kula jasmine rice")
    signals.pending().clear()

    # when a shopper searches
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/en/search/", {"q": "jasmine rice"})

    # then the request only read: no index write, no catalogue scan to catch up
    assert page.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_at_midnight_ended_certifications_leave_and_new_ones_enter_search_and_api(job_queue, worker):
    # given, indexed by the worker, a product whose certification is current and one whose
    # certification starts tomorrow
    today = timezone.localdate()
    ending = certified_product(name_th="ผ้าไหมมัดหมี่ชนบท", name_en="Chonnabot mudmee silk",
                               valid_until=today + datetime.timedelta(days=10))
    starting = certified_product(name_th="เครื่องจักสานไม้ไผ่", name_en="Bamboo basketry",
                                 selection_year=today.year, valid_from=today + datetime.timedelta(days=1),
                                 valid_until=today + datetime.timedelta(days=800))
    wait_for(lambda: _indexed(ending) and not job_rows(INDEX_JOB), what="the index jobs")
    assert not _indexed(starting)
    # and the days pass (dates move, no save: nothing is enqueued by them): the first one's last
    # day was yesterday, the second one's first day is today
    Certification.objects.filter(product=ending).update(valid_until=today - datetime.timedelta(days=1))
    Certification.objects.filter(product=starting).update(valid_from=today)
    # (moving the dates stands for the days passing; the kept listing holds a copy of the dates, so
    # it is told here: the passing of time itself needs no write, tests/test_listing_table.py)
    listing.refresh([ending.pk, starting.pk])
    assert service.search("bamboo").product_ids == []

    # when midnight's job runs in the worker
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    tasks.follow_the_day.defer(timestamp=int(midnight.timestamp()))
    wait_for(lambda: not _indexed(ending) and _indexed(starting), what="midnight's job")

    # then search and the API show the new one and no longer the ended one
    assert service.search("bamboo").product_ids == [starting.pk]
    assert service.search("mudmee").product_ids == []
    assert data(API_SEARCH, {"search": "mudmee"})["products"]["totalCount"] == 0
    assert [e["node"]["name"] for e in data(API_SEARCH, {"search": "bamboo"})["products"]["edges"]] == [
        "เครื่องจักสานไม้ไผ่"]
    assert data(API_PRODUCT, {"slug": f"{ending.slug}-{ending.pk}"})["product"] is None
