"""The audit log (django-auditlog): a change made by a signed-in user through a page records who,
which field, the old and the new value; staff read it on the product's History page, a
producer's user cannot."""
import pytest
from auditlog.models import LogEntry
from django.forms.models import model_to_dict
from django.urls import reverse

from marketplace.channels.models import Channel, ProductChannelListing
from marketplace.moderation import changes
from marketplace.officers.models import ProgrammeOfficer
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def product(member):
    return certified_product(producer=ProducerFactory(province=province("TH-52"), users=[member]),
                             name_en="Lampang weave", price="350.00", num_in_stock=20)


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True, first_name="Somchai", last_name="Staff")


def entries_of(instance):
    return LogEntry.objects.get_for_object(instance).order_by("-timestamp", "-pk")


def admin_form(instance, **changed):
    data = {key: "" if value is None else value for key, value in model_to_dict(instance).items()}
    data.update(changed)
    return data


def test_a_price_and_stock_change_through_a_page_records_actor_fields_old_and_new(client, staff, product):
    record = product.stockrecords.get()
    client.force_login(staff)

    response = client.post(reverse("admin:partner_stockrecord_change", args=[record.pk]),
                           admin_form(record, price="420.00", num_in_stock=15))

    assert response.status_code == 302
    entry = entries_of(record).first()
    assert entry.actor == staff and entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["price"] == ["350.00", "420.00"]
    assert entry.changes_dict["num_in_stock"] == ["20", "15"]


def test_a_channel_price_is_recorded_with_its_actor(client, staff, product):
    client.force_login(staff)
    channel = Channel.objects.get(currency_code="USD")

    client.post(reverse("admin:channels_productchannellisting_add"),
                {"product": product.pk, "channel": channel.pk, "price": "12.50"})

    listing = ProductChannelListing.objects.get(product=product, channel=channel)
    entry = entries_of(listing).get()
    assert entry.actor == staff and entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["price"] == ["None", "12.50"]


def test_an_approved_profile_change_and_the_decision_are_recorded_with_the_officer(client, member, product):
    officer = UserFactory(is_staff=True)
    ProgrammeOfficer.objects.create(user=officer).provinces.set([province("TH-52")])
    change = changes.submit(product, member, fields={"name_en": "Lampang hand-woven cotton"})
    client.force_login(officer)

    client.post(reverse("officers:change", args=[change.pk]), {"decision": "approve"})

    profile_entry = entries_of(product.profile).first()
    assert profile_entry.actor == officer
    assert profile_entry.changes_dict["name_en"] == ["Lampang weave", "Lampang hand-woven cotton"]
    decision = entries_of(change).first()
    assert decision.actor == officer and decision.changes_dict["status"] == ["pending", "approved"]


def test_staff_read_the_history_from_the_products_dashboard_page(client, staff, product):
    record = product.stockrecords.get()
    client.force_login(staff)
    client.post(reverse("admin:partner_stockrecord_change", args=[record.pk]), admin_form(record, num_in_stock=7))
    history_url = reverse("product-history", args=[product.pk])

    dashboard = client.get(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})).content.decode()
    assert history_url in dashboard

    response = client.get(history_url)
    rows = [row for row in response.context["entries"] if row.content_type.model == "stockrecord"]
    assert rows and rows[0].actor == staff
    page = response.content.decode()
    assert "Somchai Staff" in page and ">20<" in page and ">7<" in page


def test_a_producers_user_cannot_read_the_history(client, member, product):
    url = reverse("product-history", args=[product.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(member)
    response = client.get(url)
    # 404 from the page; once the dashboard lock is in, a redirect to the producer portal first
    assert response.status_code in (302, 404) and "product-history" not in response.content.decode()
    if response.status_code == 302:
        assert "history" not in response["Location"]


def test_an_officer_reads_the_history_of_their_provinces_products_only(client, product):
    loei_officer = UserFactory(is_staff=True)
    ProgrammeOfficer.objects.create(user=loei_officer).provinces.set([province("TH-42")])
    client.force_login(loei_officer)
    assert client.get(reverse("product-history", args=[product.pk])).status_code == 404


def test_the_history_page_costs_the_same_for_few_entries_or_many(client, staff, product,
                                                                django_assert_max_num_queries):
    record = product.stockrecords.get()
    client.force_login(staff)
    url = reverse("product-history", args=[product.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for stock in range(1, 11):
        record.num_in_stock = stock
        record.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["entries"]) > 10


def test_a_deleted_price_row_stays_in_the_products_history(client, staff, product):
    from marketplace.officers.audit import history_of

    channel = Channel.objects.get(currency_code="USD")
    listing = ProductChannelListing.objects.create(product=product, channel=channel, price="9.90")
    client.force_login(staff)

    client.post(reverse("admin:channels_productchannellisting_delete", args=[listing.pk]), {"post": "yes"})

    assert not ProductChannelListing.objects.filter(pk=listing.pk).exists()
    deleted = [entry for entry in history_of(product) if entry.action == LogEntry.Action.DELETE]
    assert len(deleted) == 1 and deleted[0].actor == staff and deleted[0].changes_dict["price"][0] == "9.90"


def test_a_producers_price_and_stock_change_in_the_portal_records_its_user(client, member, product):
    record = product.stockrecords.get()
    thb = Channel.objects.get(currency_code="THB")
    producer = product.profile.producer
    client.force_login(member)
    url = reverse("portal:prices", kwargs={"producer_slug": producer.slug, "pk": product.pk})
    form = client.get(url).context["form"]
    data = {name: "" if value is None else value for name, value in form.initial.items()}

    response = client.post(url, {**data, f"price_{thb.pk}": "395.00", "stock": "12"})

    assert response.status_code == 302
    entries = list(entries_of(record).filter(action=LogEntry.Action.UPDATE))  # stock, then price: two saves
    assert {entry.actor for entry in entries} == {member}
    changed = {field: values for entry in entries for field, values in entry.changes_dict.items()}
    assert changed["price"] == ["350.00", "395.00"] and changed["num_in_stock"] == ["20", "12"]
