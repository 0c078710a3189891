"""A producer's content changes, attacked: photo operations on a photo the waiting change already
deletes (a double submit, a page opened before the deletion) must not leave a change no officer can
approve; text that shows in another order than it is stored (direction controls) is refused at its
field on the page and through the API; a name of invisible characters only is a missing name."""
import pytest
from django.utils import translation
from oscar.core.loading import get_model

from graphql_client import post
from marketplace.moderation import changes
from marketplace.moderation.changes import ModerationError, ModerationErrorCode
from marketplace.moderation.models import ChangeStatus, ContentChange, PhotoAction
from marketplace.testing.factories import UserFactory
from test_graphql_producer_mutations import (  # noqa: F401  a producer, its user, product and two photos
    TRANSLATE, UPDATE, _state, a,
)
from test_moderation import edit_url, existing_image, form_data, listings, photo, scarf  # noqa: F401
from test_portal import twins  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]

ProductImage = get_model("catalogue", "ProductImage")
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE


@pytest.fixture(autouse=True)
def _english(_default_language):
    translation.activate("en")


def test_deleting_a_photo_twice_proposes_one_deletion_and_the_change_is_approved(scarf):
    # given a product with two photos and a change deleting the first
    product, member = scarf
    front, back = existing_image(product, "front.jpg", "front", 0), existing_image(product, "back.jpg", "back", 1)
    changes.submit(product, member, photo_ops=[{"action": "delete", "image": front.pk}])

    # when the same deletion is sent again (a double submit)
    change = changes.submit(product, member, photo_ops=[{"action": "delete", "image": front.pk}])

    # then the change holds one deletion, and approving it deletes the photo once
    assert list(change.photo_ops.values_list("action", "image_id")) == [(PhotoAction.DELETE, front.pk)]
    changes.approve(change, UserFactory(is_staff=True))
    assert list(ProductImage.objects.filter(product=product).values_list("pk", "caption", "display_order")) == [
        (back.pk, "back", 0)]


def test_recaptioning_a_photo_the_waiting_change_deletes_is_refused_and_nothing_is_added(scarf):
    # given a change deleting a photo
    product, member = scarf
    front = existing_image(product, "front.jpg", "front", 0)
    change = changes.submit(product, member, photo_ops=[{"action": "delete", "image": front.pk}])

    # when a page opened before the deletion changes that photo's alt text
    with pytest.raises(ModerationError) as refused:
        changes.submit(product, member, photo_ops=[{"action": "alt", "image": front.pk, "alt": "late"}])

    # then it is refused, naming the photos, and the change is as it was
    assert (refused.value.code, refused.value.field) == (ModerationErrorCode.INVALID, "photos")
    assert "to be deleted" in refused.value.message
    assert list(change.photo_ops.values_list("action", flat=True)) == [PhotoAction.DELETE]


def test_a_change_stored_with_an_alt_text_after_a_deletion_of_the_same_photo_is_still_approved(scarf):
    # given a change stored before submit refused it: delete a photo, then re-caption it
    product, member = scarf
    front, back = existing_image(product, "front.jpg", "front", 0), existing_image(product, "back.jpg", "back", 1)
    change = changes.submit(product, member, photo_ops=[{"action": "delete", "image": front.pk}])
    change.photo_ops.create(seq=2, action=PhotoAction.ALT, image=front, alt_text="late")

    # when an officer approves it
    changes.approve(change, UserFactory(is_staff=True))

    # then the photo is deleted, the caption skipped, and the change approved
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert list(ProductImage.objects.filter(product=product).values_list("pk", "caption")) == [(back.pk, "back")]


@pytest.mark.parametrize("field, value", [
    ("name_en", f"Silk {RLO}fracs"),
    ("story_en", f"Woven by hand.\nIn {RLO}Lamphun"),
    ("unit", f"piece\u2067"),
    ("packaging", f"box \u202a"),
])
def test_text_with_direction_controls_is_refused_on_the_page_at_its_field(client, listings, field, value):
    # given Alice on her product's edit page
    scarf = listings["scarf"]
    client.force_login(listings["alice"])

    # when she saves a text holding a direction control
    response = client.post(edit_url(listings["lamphun"], scarf), form_data(scarf, **{field: value}))

    # then the page names the field and nothing waits for approval
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        f"{changes.FIELDS[field].label} contains invisible characters that change the direction of text "
        "(such as U+202E); remove them."]
    assert not ContentChange.objects.filter(product=scarf).exists()


def test_a_new_photo_s_alt_text_with_a_direction_control_is_refused_on_the_page(client, listings):
    scarf = listings["scarf"]
    client.force_login(listings["alice"])

    response = client.post(edit_url(listings["lamphun"], scarf),
                           form_data(scarf, new_photo=photo("front.jpg"), new_photo_alt=f"front {RLO}kcab"))

    assert response.status_code == 200
    assert response.context["form"].errors["new_photo"] == [
        "A photo's alt text contains invisible characters that change the direction of text (such as U+202E); "
        "remove them."]
    assert not ContentChange.objects.filter(product=scarf).exists()


@pytest.mark.parametrize("query, variables, mutation", [
    (UPDATE, {"input": {"name": f"ผ้าไหม{RLO}ดี"}}, "productUpdate"),
    (UPDATE, {"input": {"attributes": [{"externalReference": "packaging", "plainText": f"box{RLO}"}]}},
     "productUpdate"),
    (TRANSLATE, {"input": {"name": f"Silk {RLO}fracs"}}, "productTranslate"),
])
def test_text_with_direction_controls_gets_a_typed_error_through_the_api(a, query, variables, mutation):
    # given producer A's product as it stands
    before = _state(a.product)

    # when A proposes a text holding a direction control
    status, body = post(query, {"id": a.ids["product"], **variables}, token=a.token)

    # then the error names the argument, and nothing is proposed
    assert status == 200 and "errors" not in body, body
    errors = body["data"][mutation]["errors"]
    assert [(error["field"], error["code"]) for error in errors] == [
        ("attributes" if "attributes" in variables["input"] else "name", "INVALID")]
    assert "change the direction of text" in errors[0]["message"]
    assert _state(a.product) == before


def test_a_name_of_invisible_characters_only_is_refused_as_missing_through_the_api(a):
    # given producer A's product as it stands
    before = _state(a.product)

    # when A sends a Thai name of a zero-width space and a soft hyphen only
    status, body = post(UPDATE, {"id": a.ids["product"], "input": {"name": "\u200b\u00ad "}}, token=a.token)

    # then it is refused like an empty name, and nothing is proposed
    assert status == 200 and "errors" not in body, body
    assert [(error["field"], error["code"]) for error in body["data"]["productUpdate"]["errors"]] == [
        ("name", "REQUIRED")]
    assert _state(a.product) == before
