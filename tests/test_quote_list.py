"""The quote list ("Request a quote" on product pages) is kept with a signed-in buyer's account:
it is there after signing out and on another device, a visitor's list joins the account's when
they sign in, one buyer never sees another's, and sending the request empties it."""
import pytest
from django.test import Client

from marketplace.certification.models import Certification, CertificationStatus
from marketplace.quotes.models import ListedProduct, QuoteRequest
from marketplace.testing.factories import ProducerFactory, certified_product
from test_quotes import buyer

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"  # the factories' password


@pytest.fixture
def products():
    return [certified_product(producer=ProducerFactory(), name_en=name, name_th=f"สินค้า {n}")
            for n, name in enumerate(("Brocade silk scarf", "Bamboo basket", "Wild honey"))]


def listed_names(client):
    """The products the quote list page shows, in its order."""
    response = client.get("/en/quotes/new/")
    assert response.status_code == 200
    return [product.profile.name_en for product, _form in response.context["rows"]]


def sign_in(client, user):
    response = client.post("/en/accounts/login/", {"login_submit": "Log In", "login-username": user.email,
                                                   "login-password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_signed_in_buyer_s_list_is_there_after_signing_out_and_on_another_device(products):
    osaka = buyer("osaka")
    laptop = sign_in(Client(), osaka)
    for product in products[:2]:
        laptop.post("/en/quotes/list/add/", {"product": product.pk})
    # when they sign out, and sign in again, or on their phone
    laptop.post("/en/accounts/logout/")
    assert listed_names(sign_in(laptop, osaka)) == ["Brocade silk scarf", "Bamboo basket"]
    assert listed_names(sign_in(Client(), osaka)) == ["Brocade silk scarf", "Bamboo basket"]


def test_a_visitor_s_list_joins_the_account_s_when_they_sign_in(products):
    osaka = buyer("osaka")
    ListedProduct.objects.create(user=osaka, product=products[0])  # from an earlier visit, signed in
    visitor = Client()
    for product in (products[1], products[0], products[1]):  # the first is on the account's list already
        visitor.post("/en/quotes/list/add/", {"product": product.pk})
    # when the visitor signs in
    sign_in(visitor, osaka)
    # then both lists are one, each product once, the account's first
    assert listed_names(visitor) == ["Brocade silk scarf", "Bamboo basket"]
    assert ListedProduct.objects.filter(user=osaka).count() == 2


def test_one_buyer_never_sees_or_changes_another_s_list(products):
    osaka, lyon = sign_in(Client(), buyer("osaka")), sign_in(Client(), buyer("lyon", "FR"))
    osaka.post("/en/quotes/list/add/", {"product": products[0].pk})
    lyon.post("/en/quotes/list/add/", {"product": products[1].pk})
    # Lyon's "remove" of Osaka's product touches Lyon's own list only
    lyon.post(f"/en/quotes/list/{products[0].pk}/remove/")
    assert listed_names(osaka) == ["Brocade silk scarf"]
    assert listed_names(lyon) == ["Bamboo basket"]


def test_removing_and_sending_the_request_empty_the_kept_list(products):
    osaka = sign_in(Client(), buyer("osaka"))
    for product in products:
        osaka.post("/en/quotes/list/add/", {"product": product.pk})
    osaka.post(f"/en/quotes/list/{products[1].pk}/remove/")
    assert listed_names(osaka) == ["Brocade silk scarf", "Wild honey"]
    # when the request is sent
    response = osaka.post("/en/quotes/new/", {
        **{f"line-{p.pk}-quantity": "100" for p in (products[0], products[2])},
        **{f"line-{p.pk}-unit": "pieces" for p in (products[0], products[2])},
        "incoterm": "FOB", "destination_country": "JP", "destination_place": "Osaka", "target_currency": "USD"})
    assert response.status_code == 302
    assert QuoteRequest.objects.get().lines.count() == 2
    # then the list is empty, on this device and the next
    assert listed_names(osaka) == [] and not ListedProduct.objects.exists()


def test_a_product_whose_certification_ends_drops_out_of_the_kept_list(products):
    osaka = sign_in(Client(), buyer("osaka"))
    for product in products[:2]:
        osaka.post("/en/quotes/list/add/", {"product": product.pk})
    # when staff revoke the basket's certification (it is no longer listed)
    certification = Certification.objects.get(product=products[1])
    certification.status = CertificationStatus.REVOKED
    certification.save()
    assert listed_names(osaka) == ["Brocade silk scarf"]
    assert ListedProduct.objects.count() == 2  # kept: listed again, it is back on the list


def test_a_list_left_in_a_signed_in_buyer_s_session_moves_to_the_account(products, client):
    # a buyer signed in before lists were kept with accounts: their list is in the session
    osaka = buyer("osaka")
    client.force_login(osaka)
    session = client.session
    session["quotes_draft"] = [products[2].pk, products[0].pk]
    session.save()
    assert listed_names(client) == ["Wild honey", "Brocade silk scarf"]
    assert list(ListedProduct.objects.filter(user=osaka).values_list("product_id", flat=True)) == [
        products[2].pk, products[0].pk]
    assert "quotes_draft" not in client.session


def test_a_request_asks_about_at_most_fifty_products_and_the_list_says_so_at_the_fifty_first():
    from marketplace.quotes import quoting

    producer = ProducerFactory()
    many = [certified_product(producer=producer, name_en=f"Product {n}", name_th=f"สินค้า {n}")
            for n in range(quoting.MAX_LINES + 1)]
    osaka = sign_in(Client(), buyer("osaka"))
    for product in many[:-1]:
        osaka.post("/en/quotes/list/add/", {"product": product.pk})
    # when the buyer adds one more
    response = osaka.post("/en/quotes/list/add/", {"product": many[-1].pk}, follow=True)
    # then they are told why it is not added, and the list keeps the fifty
    assert [str(m) for m in response.context["messages"]][-1] == (
        "A request can ask about at most 50 products: send the others in another request.")
    assert len(listed_names(osaka)) == quoting.MAX_LINES
    # and a request of more (the API's way in) is refused before anything is written
    with pytest.raises(quoting.QuoteError) as refused:
        quoting.create_request(ListedProduct.objects.first().user, [quoting.LineInput(p, 1) for p in many],
                               destination_country="JP", destination_place="Osaka")
    assert refused.value.field == "lines" and not QuoteRequest.objects.exists()


def test_a_request_over_the_day_s_limit_is_refused_on_the_page_and_the_list_is_kept(products):
    from marketplace.quotes import quoting

    osaka_user = buyer("osaka")
    for _ in range(quoting.MAX_REQUESTS_PER_DAY):
        QuoteRequest.objects.create(buyer=osaka_user, incoterm="FOB", destination_country="JP",
                                    destination_place="Osaka")
    osaka = sign_in(Client(), osaka_user)
    osaka.post("/en/quotes/list/add/", {"product": products[0].pk})
    response = osaka.post("/en/quotes/new/", {
        f"line-{products[0].pk}-quantity": "100", f"line-{products[0].pk}-unit": "pieces",
        "incoterm": "FOB", "destination_country": "JP", "destination_place": "Osaka", "target_currency": "USD"})
    assert response.status_code == 200
    assert "You have sent 20 requests in the last 24 hours" in response.content.decode()
    assert listed_names(osaka) == ["Brocade silk scarf"]
    assert QuoteRequest.objects.filter(buyer=osaka_user).count() == quoting.MAX_REQUESTS_PER_DAY
