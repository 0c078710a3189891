"""Staff deleting, on Oscar's dashboard, a row the database's rules keep (a product a trade buyer's
request names, a producer's partner): the delete's page again, saying what keeps it, in the staff
member's language; nothing deleted. Oscar's views let ``ProtectedError`` through as a 500."""
import pytest
from django.test import Client
from oscar.core.loading import get_model

from quoting import request_for, trade_buyer
from marketplace.quotes.models import Unit
from marketplace.testing.factories import UserFactory, certified_product

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")


@pytest.fixture
def staff_client():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, words", [("", "ลบไม่ได้"), ("/en", "This cannot be deleted")])
def test_a_product_a_trade_buyer_asked_for_is_not_deleted_and_staff_are_told_why(staff_client, prefix, words):
    silk = certified_product(name_th="ผ้าไหมมัดหมี่ลำพูน", name_en="Lamphun mudmee silk")
    request_for(trade_buyer(), (silk, 500, Unit.PIECES))
    url = f"{prefix}/dashboard/catalogue/products/{silk.pk}/delete/"

    response = staff_client.post(url, follow=True)

    assert response.status_code == 200 and response.redirect_chain[-1][0] == url  # the confirmation again
    page = response.content.decode()
    assert words in page and "500" in page  # the request line that keeps it (500 pieces)
    assert Product.objects.filter(pk=silk.pk).exists()


@pytest.mark.django_db
def test_a_producers_partner_is_not_deleted_and_the_producer_is_named(staff_client):
    product = certified_product()
    partner = product.stockrecords.get().partner
    producer = partner.producer
    response = staff_client.post(f"/en/dashboard/partners/{partner.pk}/delete/", follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "This cannot be deleted" in page and str(producer) in page
    assert "deleted successfully" not in page  # Oscar's view had worded its success before deleting
    assert Partner.objects.filter(pk=partner.pk).exists()


@pytest.mark.django_db
def test_a_partner_nothing_keeps_is_still_deleted(staff_client):
    partner = Partner.objects.create(name="Spare partner")
    response = staff_client.post(f"/dashboard/partners/{partner.pk}/delete/")
    assert response.status_code == 302 and not Partner.objects.filter(pk=partner.pk).exists()
