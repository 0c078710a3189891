"""Product reviews: written by signed-in shoppers only and shown once staff approve them (Oscar's
defaults published a visitor's review at once, name and e-mail typed in); the review pages in the
shopper's language, the product and its category named as the catalogue names them."""
import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.testing.factories import UserFactory, certified_product
from test_i18n import untranslated

pytestmark = pytest.mark.django_db
ProductReview = get_model("reviews", "ProductReview")
REVIEW = {"title": "ผ้าสวยมาก", "score": 5, "body": "ทอละเอียด สีไม่ตก"}


@pytest.fixture
def silk():
    return certified_product(name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk")


def _add(product, language="th"):
    with translation.override(language):
        return reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk})


def _list(product, language="th"):
    with translation.override(language):
        return reverse("catalogue:reviews-list", kwargs={"product_slug": product.slug, "product_pk": product.pk})


def test_a_visitor_cannot_write_a_review(client, silk):
    # when a visitor (not signed in) posts a review with a name and an e-mail, as Oscar's form allowed
    response = client.post(_add(silk), {**REVIEW, "name": "spam", "email": "spam@example.org"})

    # then it is refused and nothing is stored
    assert response.status_code == 302 and response["Location"] == silk.get_absolute_url()
    assert not ProductReview.objects.exists()


def test_a_shopper_s_review_shows_only_once_staff_approve_it(client, silk):
    # given a signed-in shopper's review
    client.force_login(UserFactory())
    client.post(_add(silk), REVIEW)
    review = ProductReview.objects.get()

    # then it waits for moderation: neither the product page nor the review list shows it
    assert review.status == ProductReview.FOR_MODERATION
    assert REVIEW["title"] not in client.get(silk.get_absolute_url()).content.decode()
    assert REVIEW["title"] not in client.get(_list(silk)).content.decode()

    # when staff approve it on the dashboard
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    approved = client.post(reverse("dashboard:reviews-update", kwargs={"pk": review.pk}),
                           {**REVIEW, "status": ProductReview.APPROVED})

    # then shoppers see it
    assert approved.status_code == 302
    client.logout()
    assert REVIEW["title"] in client.get(silk.get_absolute_url()).content.decode()


def test_the_thai_review_pages_show_no_untranslated_interface_text(client, silk):
    client.force_login(UserFactory())
    form = client.get(_add(silk))
    thanked = client.post(_add(silk), REVIEW, follow=True)
    listed = client.get(_list(silk))

    for response in (form, thanked, listed):
        assert response.status_code == 200
        assert untranslated(response) == []


def test_the_english_review_list_names_the_product_and_its_category_in_english(client, silk):
    page = client.get(_list(silk, "en")).content.decode()

    assert "Lamphun brocade silk" in page and "ผ้าไหมยกดอกลำพูน" not in page
    category = silk.categories.get()
    with translation.override("en"):
        assert str(category.names.name_en or category.name) in page


@pytest.mark.parametrize(("language", "said"), [("en", "once our staff have checked it"), ("th", "เจ้าหน้าที่")])
def test_the_thanks_for_a_review_says_it_waits_for_staff(client, silk, language, said):
    client.force_login(UserFactory())
    page = client.post(_add(silk, language), REVIEW, follow=True)
    assert ProductReview.objects.get().status == ProductReview.FOR_MODERATION
    assert said in page.content.decode()


def test_a_shopper_writing_a_review_of_a_listed_product_is_not_told_it_is_unlisted(client, silk):
    client.force_login(UserFactory())
    page = client.get(_add(silk, "en")).content.decode()
    assert "unlisted-notice" not in page and "not listed" not in page
