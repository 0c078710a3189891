"""The producer portal (/producer/…): each page shows one producer's data to that producer's users
only; another producer's page is a 404, even when both producers share a name."""
import pytest
from django.urls import reverse

from marketplace.testing.factories import ProducerFactory, UserFactory, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins():
    """Two producers with the same name in different provinces, each with its own member."""
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    lamphun = ProducerFactory(name_th="กลุ่มทอผ้าบ้านดอน", name_en="Ban Don Weavers", slug="ban-don-lamphun",
                              province=province("TH-51"), users=[alice])
    loei = ProducerFactory(name_th="กลุ่มทอผ้าบ้านดอน", name_en="Ban Don Weavers", slug="ban-don-loei",
                           province=province("TH-42"), users=[bob])
    return {"alice": alice, "bob": bob, "lamphun": lamphun, "loei": loei}


def test_the_portal_asks_a_visitor_to_sign_in(client):
    response = client.get("/producer/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_user_of_one_producer_goes_straight_to_its_products(client, twins):
    client.force_login(twins["alice"])
    response = client.get("/producer/")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:products", kwargs={"producer_slug": "ban-don-lamphun"})


def test_a_user_of_several_producers_chooses_one_by_name_and_province(client, twins):
    twins["loei"].partner.users.add(twins["alice"])
    client.force_login(twins["alice"])
    response = client.get("/en/producer/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/en/producer/ban-don-lamphun/products/" in page and "/en/producer/ban-don-loei/products/" in page
    assert "Lamphun" in page and "Loei" in page


def test_a_user_of_no_producer_is_told_how_to_get_in(client):
    client.force_login(UserFactory())
    response = client.get("/en/producer/")
    assert response.status_code == 200
    assert "does not act for a producer" in response.content.decode()


def test_each_portal_page_says_whose_data_it_shows(client, twins):
    client.force_login(twins["alice"])
    response = client.get("/en/producer/ban-don-lamphun/products/")
    assert response.status_code == 200
    owner = response.content.decode()
    assert "Ban Don Weavers" in owner and "Lamphun" in owner
