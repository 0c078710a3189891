"""The kept listing (``catalog.Listing``) agrees with the listing rule worked out from scratch after
every kind of change the rule reads, and shoppers' queries read it."""
import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.catalog import listing, stock
from marketplace.catalog.models import Listing
from marketplace.certification.models import CertificationStatus
from marketplace.channels import kept as channel_rows, pricing
from marketplace.channels.models import Channel, ChannelListingRow
from marketplace.testing.factories import CertificationFactory, ProducerFactory, certified_product, province

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def listed_ids(today=None):
    return set(listing.listable(today=today).values_list("pk", flat=True))


def from_scratch(today=None):
    return set(Product.objects.filter(listing.rule_q(today)).values_list("pk", flat=True))


def assert_table_agrees(today=None):
    assert listing.mismatches(today) == {}
    assert listed_ids(today) == from_scratch(today)
    # and the channels' kept counts (the products page's totalCount) with their rows counted
    assert channel_rows.count_mismatches() == {}
    day = today or timezone.localdate()
    for channel in Channel.objects.all():
        counted = ChannelListingRow.objects.filter(channel_rows.listed_q(day, prefix=""), channel=channel).count()
        assert channel_rows.listed_count(channel.pk, day) == counted


def row(product):
    return Listing.objects.get(product=product)


def total_count(channel="th-thb"):
    """The products page's ``totalCount`` for a shopper: the whole channel."""
    from graphql_client import data
    return data('{ products(first: 1, channel: "%s") { totalCount } }' % channel)["products"]["totalCount"]


def test_a_new_product_has_a_row_saying_what_shoppers_see():
    product = certified_product(price="350.00", stars=5, num_in_stock=7)
    unpriced = certified_product(price=None)

    assert listed_ids() == {product.pk}
    kept = row(product)
    assert (kept.eligible, kept.price, kept.available, kept.star_level) == (True, Decimal("350.00"), 7, 5)
    assert kept.producer_id == product.profile.producer_id
    assert kept.province_id == product.profile.producer.province_id
    assert kept.category == product.profile.otop_category
    assert row(unpriced).eligible is False
    assert_table_agrees()


@pytest.mark.parametrize("change", ["revoked", "marked expired", "newer certification revoked",
                                    "certification deleted", "unpublished", "producer deactivated",
                                    "price removed", "selling record deleted", "profile deleted"])
def test_every_change_the_rule_reads_is_kept_at_once(change):
    # given two listed products of one producer, and one of another producer
    producer = ProducerFactory()
    product, sibling, other = certified_product(producer=producer), certified_product(producer=producer), \
        certified_product()
    assert listed_ids() == {product.pk, sibling.pk, other.pk}

    # when the change is made as the shop makes it (saves: signals; no QuerySet.update)
    certification = product.certifications.get()
    if change == "revoked":
        certification.status = CertificationStatus.REVOKED
        certification.save()
    elif change == "marked expired":
        certification.status = CertificationStatus.EXPIRED
        certification.save()
    elif change == "newer certification revoked":
        CertificationFactory(product=product, selection_year=certification.selection_year + 1,
                             status=CertificationStatus.REVOKED)
    elif change == "certification deleted":
        certification.delete()
    elif change == "unpublished":
        product.is_public = False
        product.save()
    elif change == "producer deactivated":
        producer.active = False
        producer.save()
    elif change == "price removed":
        record = product.stockrecords.get()
        record.price = None
        record.save()
    elif change == "selling record deleted":
        product.stockrecords.get().delete()
    elif change == "profile deleted":
        product.profile.delete()

    # then the product leaves the shop (its producer's other product too when the producer went)
    expected = {other.pk} if change == "producer deactivated" else {sibling.pk, other.pk}
    assert listed_ids() == expected
    assert_table_agrees()


def test_relisting_and_facts_follow_their_changes():
    product = certified_product(price="200.00", num_in_stock=3)
    certification = product.certifications.get()
    certification.status = CertificationStatus.REVOKED
    certification.save()
    assert product.pk not in listed_ids()

    # a new selection certifies it again; the producer moves; price and stock change
    CertificationFactory(product=product, selection_year=certification.selection_year + 1, star_level=5)
    producer = product.profile.producer
    producer.province = province("TH-50")
    producer.save()
    pricing.set_price(product, Channel.objects.get(currency_code="THB"), Decimal("240.00"))
    stock.set_stock(product, 11)

    kept = row(product)
    assert product.pk in listed_ids()
    assert (kept.star_level, kept.price, kept.available, kept.province_id) == (5, Decimal("240.00"), 11,
                                                                               producer.province_id)
    assert_table_agrees()


def test_a_deleted_product_takes_its_row_with_it():
    product, kept = certified_product(), certified_product()
    product.delete()
    assert set(Listing.objects.values_list("product_id", flat=True)) == {kept.pk}
    assert_table_agrees()


def test_a_certification_ending_at_midnight_delists_with_nothing_written():
    # given a product whose certification's last day is today, and one whose first day is tomorrow
    today = timezone.localdate()  # read when the test runs: a suite started before midnight ends after it
    ending = certified_product(valid_until=today)
    tomorrow = today + datetime.timedelta(days=1)
    starting = certified_product(selection_year=today.year, valid_from=tomorrow,
                                 valid_until=today + datetime.timedelta(days=800))
    assert listed_ids() == {ending.pk}

    # when the day changes, nothing is written: the table's dates are compared with the day read
    with CaptureQueriesContext(connection) as queries:
        tomorrows = listed_ids(tomorrow)
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)
    assert tomorrows == {starting.pk}
    assert_table_agrees(tomorrow)


def test_an_import_writes_its_rows_with_its_commit(tmp_path):
    from catalog_import.importer import import_files
    from catalog_import.testing import record, write_csv

    path = write_csv(tmp_path / "records.csv", [
        record(code="5103-2567-0801", name_th="ผ้าซิ่นตีนจก", name_en="Tin chok skirt cloth"),
        record(code="5103-2567-0802", name_th="ตะกร้าไม้ไผ่", name_en="Bamboo basket"),
    ])
    import_files([path])

    imported = set(Product.objects.filter(profile__programme_code__in=["5103-2567-0801", "5103-2567-0802"])
                   .values_list("pk", flat=True))
    assert len(imported) == 2 and imported <= set(Listing.objects.values_list("product_id", flat=True))
    assert_table_agrees()


def test_the_check_finds_a_row_changed_behind_the_rules_back_and_the_refresh_mends_it(capsys):
    product = certified_product()
    # a write that sends no signal (a raw UPDATE: what the nightly check is there for)
    product.certifications.update(status=CertificationStatus.REVOKED)
    assert listing.mismatches() == {product.pk: "eligible: kept True, rule False"}

    with pytest.raises(CommandError, match="1 products' listing rows disagree"):
        call_command("listing_refresh", "--check")
    assert f"product {product.pk}: eligible" in capsys.readouterr().out

    call_command("listing_refresh")
    assert_table_agrees()
    assert product.pk not in listed_ids()


def test_the_check_finds_a_channels_count_changed_behind_the_triggers_back_and_the_refresh_mends_it(capsys):
    from marketplace.channels.models import ListedCount

    listed = [certified_product() for _ in range(2)]
    window = row(listed[0])
    call_command("listing_refresh", "--check")
    assert "every kept count with the rows" in capsys.readouterr().out
    # a count written behind the triggers' back (raw SQL, a restore that ran them twice)
    usd = Channel.objects.get(slug="intl-usd")
    ListedCount.objects.create(channel_id=usd.pk, valid_from=window.valid_from, valid_until=window.valid_until, n=3)
    assert total_count("intl-usd") == 5

    with pytest.raises(CommandError, match="1 kept counts disagree with the rows") as failure:
        call_command("listing_refresh", "--check")
    assert "products' listing rows" not in str(failure.value)  # every product's row is right
    printed = capsys.readouterr().out
    assert f"listed products in intl-usd, certified {window.valid_from} to {window.valid_until}: kept 5, rows 2" \
        in printed

    call_command("listing_refresh")
    assert total_count("intl-usd") == 2
    assert_table_agrees()
    call_command("listing_refresh", "--check")


def test_the_nightly_job_mends_what_it_finds():
    from marketplace.catalog import tasks

    product = certified_product()
    product.stockrecords.update(price=None)
    tasks.check_listing.func.__wrapped__(timestamp=int(timezone.now().timestamp()))  # the job's body
    assert_table_agrees()
    assert product.pk not in listed_ids()


def test_shoppers_pages_and_the_api_read_the_table_not_the_rule(client):
    # given a listed product whose row is made to say otherwise (behind the rule's back)
    product = certified_product(name_en="Kept table silk")
    Listing.objects.filter(product=product).update(eligible=False)

    # then the shop follows the table: it is what it reads
    assert client.get(product.get_absolute_url()).status_code == 404
    # and the API its rows per channel, kept from it (channels.kept): a channel's row says otherwise
    from graphql_client import data
    query = '{ products(first: 5, channel: "%s") { totalCount edges { node { id } } } }'
    ChannelListingRow.objects.filter(product=product, channel__slug="th-thb").update(listed=False)
    assert data(query % "th-thb")["products"] == {"totalCount": 0, "edges": []}
    assert data(query % "intl-usd")["products"]["totalCount"] == 1


def test_stock_allocated_by_an_order_is_kept():
    # Oscar allocates stock with an UPDATE and then sends post_save itself: the row follows
    product = certified_product(num_in_stock=5)
    product.stockrecords.get().allocate(2)
    assert row(product).available == 3
    assert_table_agrees()


def channel_row(product, slug):
    return ChannelListingRow.objects.get(product=product, channel__slug=slug)


def test_each_channel_keeps_whether_it_sells_the_product_and_at_what_price():
    from marketplace.channels import availability

    product, other = certified_product(price="350.00"), certified_product(price="900.00")
    thb, usd = Channel.objects.get(slug="th-thb"), Channel.objects.get(slug="intl-usd")
    assert (channel_row(product, "th-thb").listed, channel_row(product, "th-thb").price) == (True, Decimal("350.00"))
    assert channel_row(product, "intl-usd").price == pricing.price_for(product, usd)
    assert channel_row(product, "intl-usd").currency == "USD"

    # a fixed dollar price, then sold at home only, then the international shop switched off
    pricing.set_price(product, usd, Decimal("4.50"))
    assert (channel_row(product, "intl-usd").listed, channel_row(product, "intl-usd").price) == (True,
                                                                                                 Decimal("4.50"))
    assert_table_agrees()
    availability.set_channels(product, [thb])
    assert channel_row(product, "intl-usd").listed is False and channel_row(product, "th-thb").listed is True
    assert_table_agrees()
    usd.is_active = False
    with CaptureQueriesContext(connection) as queries:
        usd.save()
    assert not ChannelListingRow.objects.filter(channel=usd, listed=True).exists()
    assert channel_row(other, "th-thb").listed is True
    # the saved channel's rows were rewritten (one statement), not every channel's
    table = ChannelListingRow._meta.db_table
    assert len([q for q in queries if q["sql"].startswith(f'INSERT INTO "{table}"')]) == 1
    assert_table_agrees()


def test_deleting_the_only_channel_a_product_was_listed_in_sells_it_everywhere():
    from marketplace.channels import availability

    product = certified_product()
    extra = Channel.objects.create(slug="us-usd", name_th="สหรัฐ", name_en="United States", currency_code="USD",
                                   default_country="US")
    availability.set_channels(product, [extra])
    assert channel_row(product, "th-thb").listed is False
    extra.delete()
    assert channel_row(product, "th-thb").listed is True and channel_row(product, "intl-usd").listed is True
    assert_table_agrees()


def test_the_api_sorts_and_counts_by_the_kept_price_of_its_channel():
    from graphql_client import data

    cheap_at_home, cheap_abroad = certified_product(price="100.00"), certified_product(price="200.00")
    pricing.set_price(cheap_abroad, Channel.objects.get(slug="intl-usd"), Decimal("1.00"))
    query = '{ products(first: 5, channel: "%s", sortBy: {field: PRICE, direction: ASC}) { totalCount edges { node { id name } } } }'
    from marketplace.graphql.core.ids import global_id

    def order(slug):
        return [edge["node"]["id"] for edge in data(query % slug)["products"]["edges"]]

    assert order("th-thb") == [global_id("Product", cheap_at_home.pk), global_id("Product", cheap_abroad.pk)]
    assert order("intl-usd") == [global_id("Product", cheap_abroad.pk), global_id("Product", cheap_at_home.pk)]
    assert data(query % "intl-usd")["products"]["totalCount"] == 2


def test_a_new_exchange_rate_is_found_by_the_check_and_mended_by_the_refresh(settings):
    product = certified_product(price="1000.00")
    settings.OTOP_USD_PER_THB = Decimal(str(settings.OTOP_USD_PER_THB)) * 2  # a deploy with another rate

    differing = listing.mismatches()
    assert list(differing) == [product.pk] and differing[product.pk].startswith("intl-usd price")
    call_command("listing_refresh")
    assert channel_row(product, "intl-usd").price == pricing.price_for(product, Channel.objects.get(slug="intl-usd"))
    assert_table_agrees()


def test_deleting_a_product_or_a_channel_leaves_no_row_behind():
    from marketplace.channels import availability

    thb, usd = Channel.objects.get(slug="th-thb"), Channel.objects.get(slug="intl-usd")
    product, kept = certified_product(), certified_product()
    availability.set_channels(product, [thb, usd])  # listings of its own, deleted with it
    pricing.set_price(kept, usd, Decimal("9.99"))
    product.delete()
    usd.delete()
    with connection.cursor() as cursor:  # the foreign keys are checked at commit: check them now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert set(ChannelListingRow.objects.values_list("product_id", "channel_id")) == {(kept.pk, thb.pk)}
    assert_table_agrees()


def test_rows_left_by_raw_sql_deletes_are_found_and_the_nightly_job_deletes_them():
    # The kept tables have no foreign-key constraints (an import's commit checked 100,000 references
    # for them): a product or channel deleted by raw SQL, past Django's cascade, leaves rows behind.
    from marketplace.catalog import tasks

    bare = Product.objects.create(title="ผ้าทอ", structure=Product.STANDALONE, product_class=certified_product().product_class)
    extra = Channel.objects.create(slug="us-usd", name_th="สหรัฐ", name_en="United States", currency_code="USD",
                                   default_country="US")
    kept = certified_product()
    listing.refresh()  # every product's row in the new channel too
    assert Listing.objects.filter(product=bare).exists()
    assert ChannelListingRow.objects.filter(channel=extra).exists()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalogue_product WHERE id = %s", [bare.pk])
        cursor.execute("DELETE FROM channels_channel WHERE id = %s", [extra.pk])

    differing = listing.mismatches()
    assert differing[bare.pk] == "row of a product that does not exist"
    assert differing[kept.pk] == "row of a channel that does not exist"
    tasks.check_listing.func.__wrapped__(timestamp=int(timezone.now().timestamp()))  # the job's body
    assert not Listing.objects.filter(product_id=bare.pk).exists()
    assert not ChannelListingRow.objects.filter(product_id=bare.pk).exists()
    assert not ChannelListingRow.objects.filter(channel_id=extra.pk).exists()
    assert_table_agrees()


def test_the_channels_counts_follow_each_window_and_the_nightly_recount_folds_and_mends_them(caplog):
    # The products page's totalCount reads kept counts per channel and certification window
    # (channels.ListedCount, written by triggers on the rows), not the rows themselves.
    from marketplace.channels import tasks as channel_tasks
    from marketplace.channels.models import ListedCount

    thb = Channel.objects.get(slug="th-thb")
    today = timezone.localdate()
    listed_now = [certified_product() for _ in range(3)]
    starts_next_year = certified_product(selection_year=today.year + 1)  # its certification starts 1 January
    unpriced = certified_product(price=None)

    assert channel_rows.listed_count(thb.pk, today) == 3
    assert channel_rows.listed_count(thb.pk, datetime.date(today.year + 1, 6, 1)) == 4
    assert total_count() == 3
    # a statement that lists or delists rows adds its change; one that changes nothing else adds nothing
    rows_before = ListedCount.objects.count()
    pricing.set_price(listed_now[0], thb, Decimal("399.00"))
    assert ListedCount.objects.count() == rows_before
    listed_now[1].stockrecords.get().delete()  # delisted in both channels: each channel's rewrite adds a row
    assert ListedCount.objects.count() == rows_before + 2
    assert total_count() == 2
    assert_table_agrees()

    # the nightly recount folds each window's rows into one, the counts unchanged
    with caplog.at_level("INFO"):
        channel_tasks.recount_listed.func.__wrapped__(timestamp=int(timezone.now().timestamp()))  # the job's body
    windows = set(ChannelListingRow.objects.filter(listed=True).values_list("channel_id", "valid_from", "valid_until"))
    assert ListedCount.objects.count() == len(windows) == 4  # two windows in each of the two channels
    assert "agree with the rows" in caplog.text
    assert_table_agrees()

    # counts made wrong behind the triggers' back are found, mended and logged as an error
    window = Listing.objects.get(product=listed_now[2])
    ListedCount.objects.create(channel_id=thb.pk, valid_from=window.valid_from, valid_until=window.valid_until, n=5)
    assert total_count() == 7
    assert channel_rows.count_mismatches() == {(thb.pk, window.valid_from, window.valid_until): (7, 2)}
    caplog.clear()
    channel_tasks.recount_listed.func.__wrapped__(timestamp=int(timezone.now().timestamp()))
    assert "disagreed" in caplog.text and caplog.records[-1].levelname == "ERROR"
    assert total_count() == 2
    assert unpriced.pk not in listed_ids() and starts_next_year.pk not in listed_ids()
    assert_table_agrees()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_recounts_at_once_count_each_window_once():
    # given one recount that has folded the counts and not yet committed
    for _ in range(3):
        certified_product()
    folded, failures = threading.Event(), []

    def first():
        try:
            with transaction.atomic():
                channel_rows.recount()
                folded.set()
                time.sleep(0.5)
        except Exception as error:  # noqa: BLE001  (reported below)
            failures.append(error)
        finally:
            connection.close()

    def second():
        try:
            folded.wait(5)
            channel_rows.recount()
        except Exception as error:  # noqa: BLE001
            failures.append(error)
        finally:
            connection.close()

    # when another starts meanwhile (a job run by hand while the nightly one runs)
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then it waits for the first, and each window is counted once
    assert failures == []
    assert channel_rows.count_mismatches() == {}
    assert total_count() == 3
