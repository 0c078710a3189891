"""The demo catalog `make run` shows, read by an English shopper buying from abroad: every
product and producer has an English name and story, units in English, and products ship abroad."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from marketplace.catalog import listing
from marketplace.producers.models import Producer
from marketplace.shipping import pricing
from marketplace.shipping.reach import reach

pytestmark = pytest.mark.django_db


def test_the_demo_reads_in_english_and_ships_abroad(client):
    # given the demo catalog
    call_command("load_demo_catalog", stdout=StringIO())
    listed = listing.listable().select_related("profile__producer", "packaging")
    # then every listed product and its producer has an English name and story
    assert listed.count() >= 150
    assert not listed.filter(profile__name_en="").exists()
    assert not listed.filter(profile__story_en="").exists()
    assert not Producer.objects.filter(name_en="").exists() and not Producer.objects.filter(story_en="").exists()
    # and every listed product can be sent to Japan, priced from its (estimated) packed weight
    assert all(reach(product).worldwide for product in listed)
    product = listed.filter(packaging__gross_weight_g__isnull=True).first()
    assert pricing.quote([(product, 1)], "JP").total_thb > 0
    # and its page in English shows the English name, the English unit and where it ships
    with translation.override("en"):
        url = product.get_absolute_url()
    product.profile.unit = "ขวด"
    product.profile.save(update_fields=["unit"])
    page = client.get(url).content.decode()
    assert product.profile.name_en in page.replace("&#x27;", "'")
    assert "Unit: bottle" in page
    assert "Ships worldwide" in page


def test_the_demo_producers_tell_their_story_in_thai_on_thai_pages(client):
    # given the demo catalog, whose programme files give no producer a story in Thai
    call_command("load_demo_catalog", stdout=StringIO())
    # then every producer has one, told from its facts: its name, province and what it makes
    assert not Producer.objects.filter(story_th="").exists()
    producer = Producer.objects.filter(products__isnull=False).select_related("province").first()
    made = producer.products.exclude(name_th="").values_list("name_th", flat=True).first()
    assert producer.name_th in producer.story_th and producer.province.name_th in producer.story_th
    assert made in producer.story_th
    # and the Thai page shows it, not the English one
    with translation.override("th"):
        page = client.get(producer.get_absolute_url()).content.decode()
    assert producer.story_th.split(" ")[0] in page
    assert producer.story_en not in page.replace("&#x27;", "'")


def test_a_producers_own_thai_story_is_kept():
    call_command("load_demo_catalog", stdout=StringIO())
    producer = Producer.objects.first()
    producer.story_th = "เรื่องของกลุ่มเอง"
    producer.save(update_fields=["story_th"])
    call_command("load_demo_catalog", stdout=StringIO())
    producer.refresh_from_db()
    assert producer.story_th == "เรื่องของกลุ่มเอง"
