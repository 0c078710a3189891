"""Moderation of a producer's content changes (marketplace/moderation/changes.py): shoppers keep
seeing the approved listing, on the storefront and through the API, until an officer approves;
a rejection keeps the old listing and tells the producer why; photos go through the same path."""
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from graphql_client import DETAILS, data
from marketplace.moderation import changes
from marketplace.moderation.changes import ModerationError, ModerationErrorCode
from marketplace.moderation.models import ChangeStatus, ContentChange
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product
from test_media import bucket, keys, s3_endpoint  # noqa: F401  moto's S3 server
from test_portal import twins  # noqa: F401  the portal's two producers of the same name

pytestmark = pytest.mark.django_db

ProductImage = get_model("catalogue", "ProductImage")


@pytest.fixture(autouse=True)
def _english(_default_language):
    """Messages and labels asserted in English (the Thai ones are asserted where a page shows them)."""
    translation.activate("en")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def photo(name="ผ้าไหม.jpg", colour=(200, 30, 30), size=(64, 48), kind="JPEG"):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, kind)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def existing_image(product, name, caption="", order=0):
    image = ProductImage(product=product, caption=caption, display_order=order)
    image.original.save(name, photo(name), save=False)
    image.save()
    return image


@pytest.fixture
def scarf():
    producer = ProducerFactory()
    member = UserFactory()
    producer.partner.users.add(member)
    product = certified_product(producer=producer, name_th="ผ้าพันคอไหม", name_en="Silk scarf")
    return product, member


def storefront_text(product, language="en"):
    prefix = "/en" if language == "en" else ""
    response = Client().get(prefix + product.get_absolute_url().removeprefix("/en"))
    assert response.status_code == 200
    return response.content.decode()


def api_product(product):
    return data(DETAILS, {"slug": f"{product.slug}-{product.pk}", "channel": "th-thb", "lang": "EN"})["product"]


def test_shoppers_see_the_old_text_until_an_officer_approves(scarf):
    product, member = scarf
    officer = UserFactory(is_staff=True)
    # given a producer's member proposing a new English name and story
    change = changes.submit(product, member, fields={"name_en": "Hand-woven silk scarf",
                                                     "story_en": "Woven by the Ban Nong group."})
    assert change.status == ChangeStatus.PENDING and changes.pending_for(product) == change
    # then the storefront page and the API still show the approved name
    assert "Silk scarf" in storefront_text(product) and "Hand-woven" not in storefront_text(product)
    assert api_product(product)["translation"]["name"] == "Silk scarf"
    # and the diff shows current and proposed values with the field's label
    with translation.override("en"):
        assert ("name (English)", "Silk scarf", "Hand-woven silk scarf") in changes.diff(change)
    # when an officer approves
    changes.approve(change, officer)
    # then shoppers see the new version everywhere
    assert "Hand-woven silk scarf" in storefront_text(product)
    assert api_product(product)["translation"]["name"] == "Hand-woven silk scarf"
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (ChangeStatus.APPROVED, officer)
    assert changes.pending_for(product) is None


def test_search_finds_the_new_name_only_once_approved(scarf):
    from marketplace.search import service

    product, member = scarf
    service.index_products([product.pk])
    change = changes.submit(product, member, fields={"name_en": "Indigo batik scarf"})
    assert product.pk not in service.search("indigo batik").product_ids
    changes.approve(change, UserFactory(is_staff=True))  # the save signals mark it; a search in the
    assert product.pk in service.search("indigo batik").product_ids  # same transaction indexes marks first


def test_a_rejection_keeps_the_old_listing_and_stores_the_reason(scarf):
    product, member = scarf
    change = changes.submit(product, member, fields={"name_en": "BEST SCARF!!!", "net_weight_g": "180"})
    # a rejection needs a reason
    with pytest.raises(ModerationError) as refused:
        changes.reject(change, UserFactory(is_staff=True), "  ")
    assert (refused.value.code, refused.value.field) == (ModerationErrorCode.REQUIRED, "reason")
    changes.reject(change, UserFactory(is_staff=True), "Names are not written in capitals.")
    product.profile.refresh_from_db()
    product.packaging.refresh_from_db()
    assert product.profile.name_en == "Silk scarf" and product.packaging.net_weight_g == Decimal("250.00")
    assert "Silk scarf" in storefront_text(product)
    last = changes.last_decision(product)
    assert (last.status, last.reason) == (ChangeStatus.REJECTED, "Names are not written in capitals.")
    # a decided change cannot be decided again
    with pytest.raises(ModerationError):
        changes.approve(last, UserFactory(is_staff=True))


def test_approval_applies_text_and_packaging_together(scarf):
    product, member = scarf
    change = changes.submit(product, member, fields={
        "name_th": "ผ้าพันคอไหมทอมือ", "description_th": "ทอมือ\nย้อมสีธรรมชาติ", "unit": "ผืน",
        "net_weight_g": "๑๒๐.๕", "units_per_carton": "24", "hs_code": "6214.10", "length_cm": ""})
    # the unit equals the approved one: it is not part of the change
    assert "unit" not in change.fields
    changes.approve(change, UserFactory(is_staff=True))
    product.refresh_from_db()
    assert product.title == "ผ้าพันคอไหมทอมือ"
    assert product.profile.description_th == "ทอมือ\nย้อมสีธรรมชาติ"
    packaging = product.packaging
    packaging.refresh_from_db()
    assert (packaging.net_weight_g, packaging.units_per_carton, packaging.hs_code, packaging.length_cm) == (
        Decimal("120.50"), 24, "6214.10", None)


def test_a_second_submission_adds_to_the_waiting_change(scarf):
    product, member = scarf
    first = changes.submit(product, member, fields={"name_en": "Scarf A", "unit": "ชิ้น"})
    second = changes.submit(product, member, fields={"name_en": "Scarf B", "unit": "ผืน"})  # unit back to approved
    assert second.pk == first.pk
    assert second.fields == {"name_en": "Scarf B"}
    assert ContentChange.objects.filter(product=product).count() == 1
    # proposing the approved values again withdraws the change
    third = changes.submit(product, member, fields={"name_en": "Silk scarf"})
    assert third.status == ChangeStatus.WITHDRAWN and changes.pending_for(product) is None


@pytest.mark.parametrize("fields, field, words", [
    ({"price": "10"}, "price", "cannot be changed"),
    ({"name_en": "x" * 256}, "name_en", "256 characters"),
    ({"net_weight_g": "heavy"}, "net_weight_g", "not a number"),
    ({"net_weight_g": "-5"}, "net_weight_g", "negative"),
    ({"length_cm": "1.234"}, "length_cm", "2 decimal places"),
    ({"units_per_carton": "2.5"}, "units_per_carton", "whole number"),
    ({"hs_code": "silk"}, "hs_code", "HS code"),
    ({"name_th": "", "name_en": ""}, "name_th", "name"),
])
def test_bad_values_are_refused_naming_the_field(scarf, fields, field, words):
    product, member = scarf
    with pytest.raises(ModerationError) as refused:
        changes.submit(product, member, fields=fields)
    assert refused.value.field == field and words in refused.value.message
    assert changes.pending_for(product) is None


def test_photos_added_deleted_reordered_and_captioned_through_approval(scarf, django_capture_on_commit_callbacks):
    product, member = scarf
    front = existing_image(product, "front.jpg", "Front", order=0)
    back = existing_image(product, "back.jpg", "Back", order=1)
    side = existing_image(product, "side.jpg", "Side", order=2)
    change = changes.submit(product, member, photo_ops=[
        {"action": "add", "file": photo("ลายดอก.jpg"), "alt": "ลายดอกพิกุล"},
        {"action": "delete", "image": back.pk},
        {"action": "alt", "image": side.pk, "alt": "Side, folded"},
    ])
    added = change.photo_ops.get(action="add")
    assert added.upload.name.startswith("moderation/pending/") and default_storage.exists(added.upload.name)
    # a second submission reorders, naming the photo that waits for approval
    changes.submit(product, member, photo_ops=[{"action": "reorder", "order": [f"new:{added.pk}", side.pk]}])
    # shoppers still see the three old photos, in their old order
    assert [m["alt"] for m in api_product(product)["media"]] == ["Front", "Back", "Side"]
    with translation.override("en"):
        labels = [row.label for row in changes.diff(change)]
    assert labels == ["photos: add photo", "photos: delete photo", "photos: change alt text", "photos: reorder photos"]
    with django_capture_on_commit_callbacks(execute=True):
        changes.approve(change, UserFactory(is_staff=True))
    images = list(ProductImage.objects.filter(product=product).order_by("display_order"))
    assert [image.caption for image in images] == ["ลายดอกพิกุล", "Side, folded", "Front"]
    assert images[0].original.name.endswith(".jpg") and "moderation/pending" not in images[0].original.name
    assert [m["alt"] for m in api_product(product)["media"]] == ["ลายดอกพิกุล", "Side, folded", "Front"]
    assert not ProductImage.objects.filter(pk=back.pk).exists()
    assert not default_storage.exists(added.upload.name)  # the pending copy goes once the approval is committed
    assert front.pk in {image.pk for image in images}


def test_a_photo_waiting_for_approval_can_be_recaptioned_or_taken_back(scarf, django_capture_on_commit_callbacks):
    product, member = scarf
    change = changes.submit(product, member, photo_ops=[{"action": "add", "file": photo(), "alt": "first"}])
    added = change.photo_ops.get()
    changes.submit(product, member, photo_ops=[{"action": "alt", "image": f"new:{added.pk}", "alt": "second"}])
    assert [p.alt for p in changes.proposed_photos(product)] == ["second"]
    with django_capture_on_commit_callbacks(execute=True):
        taken_back = changes.submit(product, member, photo_ops=[{"action": "delete", "image": f"new:{added.pk}"}])
    # nothing is left to propose: the change is withdrawn and the file is gone
    assert taken_back.status == ChangeStatus.WITHDRAWN and changes.pending_for(product) is None
    assert not default_storage.exists(added.upload.name)


def test_another_products_photo_is_refused(scarf):
    product, member = scarf
    other = certified_product(producer=ProducerFactory())
    theirs = existing_image(other, "theirs.jpg")
    with pytest.raises(ModerationError) as refused:
        changes.submit(product, member, photo_ops=[{"action": "delete", "image": theirs.pk}])
    assert refused.value.code == ModerationErrorCode.NOT_PRODUCTS_IMAGE


def test_a_file_that_is_not_an_image_or_too_big_is_refused_with_a_message(scarf, settings):
    product, member = scarf
    text = SimpleUploadedFile("scarf.jpg", b"this is a text file, not a photo", content_type="image/jpeg")
    with pytest.raises(ModerationError) as refused:
        changes.submit(product, member, photo_ops=[{"action": "add", "file": text}])
    assert refused.value.code == ModerationErrorCode.INVALID_FILE_TYPE
    assert "“scarf.jpg” is not an image" in refused.value.message
    settings.OTOP_MAX_IMAGE_MB = 0.001
    with pytest.raises(ModerationError) as refused:
        changes.submit(product, member, photo_ops=[{"action": "add", "file": SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * 5000)}])
    assert refused.value.code == ModerationErrorCode.FILE_SIZE_LIMIT_EXCEEDED
    assert "the limit is" in refused.value.message
    assert not ContentChange.objects.filter(product=product).exists()


# --- the portal's "Edit listing" page ---------------------------------------------------------
@pytest.fixture
def listings(twins):
    """The portal's two producers of the same name (Lamphun, Loei), each with a product."""
    return {**twins,
            "scarf": certified_product(producer=twins["lamphun"], name_th="ผ้าพันคอไหม", name_en="Silk scarf"),
            "shawl": certified_product(producer=twins["loei"], name_th="ผ้าคลุมไหล่", name_en="Silk shawl")}


def edit_url(producer, product, language="en"):
    return f"{'/en' if language == 'en' else ''}/producer/{producer.slug}/products/{product.pk}/edit/"


def form_data(product, **changed):
    """What the page posts when the producer changes only ``changed``."""
    values = {key: "" if value is None else str(value) for key, value in changes.current_values(product).items()}
    photos = {}
    for position, image in enumerate(ProductImage.objects.filter(product=product).order_by("display_order"), 1):
        photos[f"alt-image:{image.pk}"] = image.caption
        photos[f"position-image:{image.pk}"] = str(position)
    return {**values, **photos, **changed}


def test_the_page_shows_the_approved_listing_and_the_read_only_programme_facts(client, listings):
    client.force_login(listings["alice"])
    response = client.get(edit_url(listings["lamphun"], listings["scarf"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Silk scarf"' in page and "5007.20" in page
    assert listings["scarf"].profile.programme_code in page and "4 ★" in page
    # the programme facts are not form fields
    assert 'name="programme_code"' not in page and 'name="star_level"' not in page
    assert 'accept="image/*" capture="environment"' in page
    assert "Ban Don Weavers" in page and "Lamphun" in page  # whose data it is


def test_saving_sends_the_change_for_approval_and_shoppers_keep_the_old_text(client, listings):
    scarf = listings["scarf"]
    client.force_login(listings["alice"])
    response = client.post(edit_url(listings["lamphun"], scarf),
                           form_data(scarf, name_en="Hand-woven silk scarf", net_weight_g="180",
                                     new_photo=photo("หน้า.jpg"), new_photo_alt="Front"))
    assert response.status_code == 302
    change = changes.pending_for(scarf)
    assert change.fields == {"name_en": "Hand-woven silk scarf", "net_weight_g": "180.00"}
    assert change.submitted_by == listings["alice"]
    page = client.get(edit_url(listings["lamphun"], scarf)).content.decode()
    assert "Waiting for approval" in page and "Hand-woven silk scarf" in page
    # the photo waiting for approval is shown to the producer through the checked view
    added = change.photo_ops.get(action="add")
    photo_url = f"/en/producer/ban-don-lamphun/products/{scarf.pk}/pending-photos/{added.pk}/"
    assert photo_url in page
    assert "Hand-woven" not in storefront_text(scarf)


def test_a_bad_photo_or_value_is_refused_on_the_page_with_a_message(client, listings):
    scarf = listings["scarf"]
    client.force_login(listings["alice"])
    text = SimpleUploadedFile("scarf.jpg", b"not a photo at all", content_type="image/jpeg")
    response = client.post(edit_url(listings["lamphun"], scarf), form_data(scarf, name_en="New", new_photo=text))
    assert response.status_code == 200
    assert "“scarf.jpg” is not an image" in response.content.decode()
    response = client.post(edit_url(listings["lamphun"], scarf), form_data(scarf, units_per_carton="twelve"))
    assert response.status_code == 200
    assert "units per carton: “twelve” is not a number." in response.content.decode()
    assert changes.pending_for(scarf) is None


def test_a_form_posted_before_an_approval_does_not_undo_it(client, listings):
    scarf = listings["scarf"]
    client.force_login(listings["alice"])
    stale = form_data(scarf, name_en="Silk scarf, hand-woven")  # the page as it was
    # meanwhile a photo is approved, with its alt text; the stale form knows nothing of it
    change = changes.submit(scarf, listings["alice"], photo_ops=[{"action": "add", "file": photo(), "alt": "Front"}])
    changes.approve(change, UserFactory(is_staff=True))
    del stale["unit"]  # and a field the request left out
    assert client.post(edit_url(listings["lamphun"], scarf), stale).status_code == 302
    pending = changes.pending_for(scarf)
    assert pending.fields == {"name_en": "Silk scarf, hand-woven"} and not pending.photo_ops.exists()
    assert ProductImage.objects.get(product=scarf).caption == "Front"


def test_thai_page_and_thai_messages(client, listings):
    scarf = listings["scarf"]
    client.force_login(listings["alice"])
    response = client.post(edit_url(listings["lamphun"], scarf, language="th"),
                           form_data(scarf, net_weight_g="-1"))
    page = response.content.decode()
    assert "แก้ไขข้อมูลสินค้า" in page and "ติดลบไม่ได้" in page


def test_the_producer_sees_why_the_last_change_was_rejected(client, listings):
    scarf = listings["scarf"]
    change = changes.submit(scarf, listings["alice"], fields={"name_en": "BEST SCARF"})
    changes.reject(change, UserFactory(is_staff=True), "Please do not write names in capitals.")
    client.force_login(listings["alice"])
    page = client.get(edit_url(listings["lamphun"], scarf)).content.decode()
    assert "Please do not write names in capitals." in page and 'value="Silk scarf"' in page


def test_another_producers_product_is_not_found_even_with_the_same_name(client, listings):
    client.force_login(listings["alice"])
    # Loei's product under Alice's producer, under Loei's slug, and posted to: all 404
    assert client.get(edit_url(listings["lamphun"], listings["shawl"])).status_code == 404
    assert client.get(edit_url(listings["loei"], listings["shawl"])).status_code == 404
    assert client.post(edit_url(listings["lamphun"], listings["shawl"]),
                       form_data(listings["shawl"], name_en="Hijacked")).status_code == 404
    assert changes.pending_for(listings["shawl"]) is None


def test_photos_waiting_for_approval_are_not_public(client, listings):
    scarf = listings["scarf"]
    change = changes.submit(scarf, listings["alice"], photo_ops=[{"action": "add", "file": photo(), "alt": "x"}])
    added = change.photo_ops.get()
    url = f"/producer/ban-don-lamphun/products/{scarf.pk}/pending-photos/{added.pk}/"
    assert client.get(url).status_code == 404  # a shopper
    client.force_login(listings["bob"])  # the other Ban Don Weavers
    assert client.get(url).status_code == 404
    assert client.get(f"/producer/ban-don-loei/products/{scarf.pk}/pending-photos/{added.pk}/").status_code == 404
    client.force_login(listings["alice"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    client.force_login(UserFactory(is_staff=True))  # staff and programme officers
    assert client.get(url).status_code == 200


def test_photos_are_deleted_reordered_and_captioned_from_the_page(client, listings):
    scarf = listings["scarf"]
    first, second, third = (existing_image(scarf, f"{n}.jpg", n, order=i) for i, n in enumerate(["a", "b", "c"]))
    client.force_login(listings["alice"])
    data = form_data(scarf, **{f"delete-image:{first.pk}": "on", f"alt-image:{second.pk}": "b, folded",
                               f"position-image:{third.pk}": "1", f"position-image:{second.pk}": "2"})
    assert client.post(edit_url(listings["lamphun"], scarf), data).status_code == 302
    change = changes.pending_for(scarf)
    assert [p.alt for p in changes.proposed_photos(scarf)] == ["c", "b, folded"]
    changes.approve(change, UserFactory(is_staff=True))
    assert [i.caption for i in ProductImage.objects.filter(product=scarf).order_by("display_order")] == ["c", "b, folded"]


def test_the_page_reads_a_bounded_number_of_queries_whatever_the_photos(client, listings,
                                                                         django_assert_max_num_queries):
    scarf = listings["scarf"]
    client.force_login(listings["alice"])

    def queries_with(photos):
        for i in range(photos - ProductImage.objects.filter(product=scarf).count()):
            existing_image(scarf, f"{i}.jpg", str(i), order=i)
        first = ProductImage.objects.filter(product=scarf).first().pk
        changes.submit(scarf, listings["alice"], fields={"name_en": f"New {photos}"},
                       photo_ops=[{"action": "add", "file": photo()}, {"action": "alt", "image": first, "alt": "z"}])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(edit_url(listings["lamphun"], scarf)).status_code == 200
        return len(queries)

    with django_assert_max_num_queries(40):  # a ceiling: the page with the shop's chrome (header menus, footer)
        assert client.get(edit_url(listings["lamphun"], scarf)).status_code == 200
    assert queries_with(2) == queries_with(8)


def test_nginx_does_not_serve_pending_photos_from_the_media_folder():
    from django.core.management import call_command

    out = io.StringIO()
    call_command("render_nginx_conf", stdout=out)
    assert "location /media/moderation/ { return 404; }" in out.getvalue()


def test_with_a_bucket_pending_photos_live_in_s3_until_approval(scarf, bucket, django_capture_on_commit_callbacks):
    # given media stored in S3 (moto's server)
    product, member = scarf
    change = changes.submit(product, member, photo_ops=[{"action": "add", "file": photo("ผ้าไหม.jpg"), "alt": "x"}])
    pending = change.photo_ops.get().upload.name
    assert pending.startswith("moderation/pending/") and pending in keys(bucket)
    # when an officer approves, the photo becomes a product image in the bucket, and the pending copy goes
    with django_capture_on_commit_callbacks(execute=True):
        changes.approve(change, UserFactory(is_staff=True))
    image = ProductImage.objects.get(product=product)
    assert image.original.name in keys(bucket) and pending not in keys(bucket)
    assert image.original.name.endswith("ผ้าไหม.jpg")
