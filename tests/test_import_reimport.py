"""Identity and re-import: the same file twice changes nothing; a newer record for the same code
updates the entry in place and keeps the earlier certification as history; imported products
show on the product page with certification, story and packaging."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from catalog_import.importer import import_files
from catalog_import.slugs import slug_for
from catalog_import.testing import record, write_csv
from marketplace.catalog import listing
from marketplace.catalog.models import ProductProfile
from marketplace.certification.models import Certification, CertificationStatus
from marketplace.producers.models import Producer
from marketplace.testing.factories import PartnerFactory, ProducerFactory, province

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
THIS_YEAR = timezone.localdate().year


def imp(tmp_path, name, *records, **options):
    return import_files([write_csv(tmp_path / name, records)], **options)


def snapshot():
    """Everything the import writes, with its timestamps, to compare before and after."""
    return {
        "products": list(Product.objects.values_list("pk", "title", "slug", "date_updated").order_by("pk")),
        "profiles": list(ProductProfile.objects.values().order_by("pk")),
        "stock": list(StockRecord.objects.values().order_by("pk")),
        "certifications": list(Certification.objects.values().order_by("pk")),
        "standards": list(Certification.objects.values_list("standards__type", "standards__number").order_by(
            "pk", "standards__type")),
        "producers": list(Producer.objects.values().order_by("pk")),
    }


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path):
    rows = [record(standards="อย. 1-2-3, มผช. 4/2565"), record(code="5103-2567-0002", producer="กลุ่มอื่น",
                                                             size="", price="1,250")]
    first = imp(tmp_path, "r.csv", *rows)
    before = snapshot()
    # when
    second = imp(tmp_path, "r.csv", *rows)
    # then
    assert (first.created, second.created, second.updated, second.unchanged) == (2, 0, 0, 2)
    assert snapshot() == before


def test_newer_selection_year_updates_in_place_and_keeps_the_earlier_certification(tmp_path):
    imp(tmp_path, "2023.csv", record(year="2023", stars="3", price="300", standards="มผช. 1/2565"))
    product_id = Product.objects.get().pk
    # when the next selection gives the same product more stars, a new price and another standard
    summary = imp(tmp_path, "2024.csv", record(year="2024", stars="5", price="320",
                                                standards="มผช. 1/2565, Halal 77", story_th="เรื่องใหม่"))
    # then the same product is updated
    assert (summary.created, summary.updated) == (0, 1)
    product = Product.objects.get()
    assert product.pk == product_id
    assert product.stockrecords.get().price == Decimal("320.00")
    assert product.profile.story_th == "เรื่องใหม่"
    # and both certifications are kept, newest first
    assert [(c.selection_year, c.star_level) for c in product.certifications.all()] == [(2024, 5), (2023, 3)]
    assert sorted(s.type for s in product.certifications.all()[0].standards.all()) == ["halal", "mpc"]
    assert [s.type for s in product.certifications.all()[1].standards.all()] == ["mpc"]


def test_older_record_adds_history_but_does_not_overwrite_the_newer_content(tmp_path):
    imp(tmp_path, "2024.csv", record(year="2024", stars="5", name_th="ชื่อใหม่", price="320"))
    summary = imp(tmp_path, "2022.csv", record(year="2022", stars="2", name_th="ชื่อเก่า", price="250"))
    assert summary.updated == 1
    product = Product.objects.get()
    assert product.title == "ชื่อใหม่"
    assert product.stockrecords.get().price == Decimal("320.00")
    assert [c.selection_year for c in product.certifications.all()] == [2024, 2022]


def test_a_correction_for_the_same_year_updates_that_certification(tmp_path):
    imp(tmp_path, "a.csv", record(stars="3", standards="มผช. 1/2565"))
    summary = imp(tmp_path, "b.csv", record(stars="4", standards="มผช. 1/2565, GMP", category="Food"))
    assert summary.updated == 1
    certification = Certification.objects.get()
    assert certification.star_level == 4
    assert sorted(s.type for s in certification.standards.all()) == ["gmp", "mpc"]
    profile = ProductProfile.objects.get()
    assert profile.otop_category == "food"
    assert [c.names.code for c in profile.product.categories.all()] == ["food"]


def test_a_revoked_certification_stays_revoked_on_reimport(tmp_path):
    imp(tmp_path, "a.csv", record())
    Certification.objects.update(status=CertificationStatus.REVOKED)
    summary = imp(tmp_path, "a.csv", record())
    assert summary.unchanged == 1
    assert Certification.objects.get().status == CertificationStatus.REVOKED


def test_staff_additions_to_extra_data_survive_a_reimport(tmp_path):
    imp(tmp_path, "a.csv", record())
    ProductProfile.objects.update(extra={"monthly_capacity": 200, "curator_note": "featured in May"})
    summary = imp(tmp_path, "a.csv", record())
    assert summary.unchanged == 1
    assert ProductProfile.objects.get().extra["curator_note"] == "featured in May"


def test_imported_product_page_shows_certification_story_and_packaging(tmp_path, client):
    imp(tmp_path, "r.csv", record(year=str(THIS_YEAR), stars="4", standards="มผช. 1249/2560, Halal 1234",
                                  story_th="ผ้าไหมยกดอกจากหมู่บ้านดอนตาล", story_en="Brocade from Don Tan.",
                                  packaging="กล่องกระดาษคราฟท์", size="30x20x5", net_weight="250"))
    product = Product.objects.get()
    assert listing.is_listable(product)
    # when a shopper opens the product page (Thai, the default language)
    response = client.get(product.get_absolute_url())
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "ผ้าพันคอไหมยกดอก" in page
    assert f"selection year {THIS_YEAR}" in page or str(THIS_YEAR + 543) in page
    assert "1249/2560" in page and "1234" in page
    assert "ผ้าไหมยกดอกจากหมู่บ้านดอนตาล" in page
    assert "กล่องกระดาษคราฟท์" in page
    assert "30 × 20 × 5" in page
    assert "5103-2567-0001" in page
    assert "กลุ่มทอผ้าบ้านดอนตาล" in page


def test_imported_product_with_a_lapsed_certification_is_not_listed(tmp_path, settings):
    settings.OTOP_CERTIFICATION_VALIDITY_YEARS = 1
    imp(tmp_path, "r.csv", record(year=str(THIS_YEAR - 3)))
    assert not listing.is_listable(Product.objects.get())


def test_records_imported_signal_names_the_created_and_changed_products(tmp_path):
    from catalog_import.signals import records_imported

    received = []

    def receiver(sender, product_ids, summary, **kwargs):
        received.append(product_ids)

    records_imported.connect(receiver)
    try:
        imp(tmp_path, "a.csv", record(), record(code="5103-2567-0002"))
        imp(tmp_path, "a.csv", record(), record(code="5103-2567-0002"))
        imp(tmp_path, "b.csv", record(), record(code="5103-2567-0002", price="999"))
        imp(tmp_path, "c.csv", record(code="5103-2567-0003"), dry_run=True)
    finally:
        records_imported.disconnect(receiver)
    changed = ProductProfile.objects.get(programme_code="5103-2567-0002").product_id
    assert received == [set(Product.objects.values_list("pk", flat=True)), set(), {changed}]


def test_what_a_producer_changed_since_stays_when_the_same_record_comes_again(tmp_path):
    imp(tmp_path, "a.csv", record(price="350"))
    StockRecord.objects.update(price=Decimal("390.00"))  # the producer raised the price in the shop
    summary = imp(tmp_path, "a.csv", record(price="350"))
    assert (summary.updated, summary.unchanged) == (0, 1)
    assert StockRecord.objects.get().price == Decimal("390.00")


def test_a_record_changed_in_the_file_is_applied_again(tmp_path):
    imp(tmp_path, "a.csv", record(price="350"))
    StockRecord.objects.update(price=Decimal("390.00"))
    summary = imp(tmp_path, "a.csv", record(price="360"))
    assert summary.updated == 1
    assert StockRecord.objects.get().price == Decimal("360.00")


def test_a_changed_row_number_alone_changes_nothing(tmp_path):
    imp(tmp_path, "a.csv", record(no="1"))
    summary = imp(tmp_path, "a.csv", record(no="17"))
    assert (summary.updated, summary.unchanged) == (0, 1)


def test_a_product_deleted_since_is_created_again(tmp_path):
    imp(tmp_path, "a.csv", record())
    Product.objects.all().delete()
    summary = imp(tmp_path, "a.csv", record())
    assert summary.created == 1
    assert ProductProfile.objects.get().programme_code == "5103-2567-0001"


def test_a_new_validity_period_is_applied_to_records_already_imported(tmp_path):
    imp(tmp_path, "a.csv", record(year="2024"), validity_years=3)
    summary = imp(tmp_path, "a.csv", record(year="2024"), validity_years=5)
    assert summary.updated == 1
    assert Certification.objects.get().valid_until.year == 2029


def test_a_new_producer_whose_slug_is_taken_gets_the_next_free_number_however_many_collide(tmp_path):
    lamphun, chiang_mai = province("TH-51"), province("TH-50")
    names = [f"Ban Thawai Carvers {n}" for n in range(6)]
    bases = [slug_for(name, lamphun.slug) for name in names]
    for name, base in zip(names, bases):  # producers of the same name elsewhere hold the slug and -2, a partner -3
        ProducerFactory(name_th=name, province=chiang_mai, slug=base)
        ProducerFactory(province=chiang_mai, slug=f"{base}-2")
        PartnerFactory(code=f"{base}-3")
    rows = [record(code=f"5103-2567-{n + 1:04d}", producer=name, province="Lamphun") for n, name in enumerate(names)]
    imp(tmp_path, "first.csv", record(code="5103-2567-0099", producer="Another group"))  # what a process loads once
    # when two of them, then the four others, come in as new producers of Lamphun
    with CaptureQueriesContext(connection) as two:
        imp(tmp_path, "two.csv", *rows[:2])
    with CaptureQueriesContext(connection) as four:
        imp(tmp_path, "four.csv", *rows[2:])
    # then each gets the first number nobody has, and twice as many collisions cost no more queries
    assert [Producer.objects.get(province=lamphun, name_en=name).slug for name in names] == [
        f"{base}-4" for base in bases]
    assert len(four) == len(two)


def test_new_producers_sharing_a_free_slug_skip_a_numbered_one_another_producer_holds(tmp_path):
    ProducerFactory(province=province("TH-50"), slug="carvers-ban-thawai-lamphun-2")
    # when three producers whose names differ only in punctuation (one slug for all) come in
    imp(tmp_path, "r.csv", *[record(code=f"5103-2567-{n:04d}", producer=name, province="Lamphun")
                             for n, name in enumerate(["Carvers (Ban Thawai)", "Carvers Ban Thawai",
                                                       "Carvers - Ban Thawai"], start=1)])
    # then they get the slug, then the first numbers nobody has
    assert sorted(Producer.objects.filter(province=province("TH-51")).values_list("slug", flat=True)) == [
        "carvers-ban-thawai-lamphun", "carvers-ban-thawai-lamphun-3", "carvers-ban-thawai-lamphun-4"]
