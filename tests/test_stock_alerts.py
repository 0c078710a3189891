"""Stock alerts ("Notify me" on a product out of stock) and wish list lines: made only for products
the shopper may see; the "back in stock" e-mail is sent by a job once the stock is committed (never
from inside the save), in the language the shopper asked in, and only for a product shoppers may buy
(marketplace/catalog/stock_alerts.py)."""
import re

import pytest
from django.db import transaction
from oscar.core.loading import get_model

from jobs_fixtures import job_rows, run_enqueued
from marketplace.catalog import stock
from marketplace.certification.models import Certification, CertificationStatus
from marketplace.testing.factories import UserFactory, certified_product
from test_email_language import _untranslated_lines
from test_i18n import THAI

pytestmark = pytest.mark.django_db
ProductAlert = get_model("customer", "ProductAlert")
WishListLine = get_model("wishlists", "Line")
ALERTS = "marketplace.catalog.tasks.send_stock_alerts"
PREFIX = {"th": "", "en": "/en"}


def _revoke(product):
    certification = Certification.objects.get(product=product)
    certification.status = CertificationStatus.REVOKED
    certification.save()


@pytest.fixture
def sold_out():
    return certified_product(name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk", num_in_stock=0)


@pytest.fixture
def shopper(client):
    user = UserFactory(email="malee@example.org")
    client.force_login(user)
    return user


@pytest.mark.parametrize("route", ["/accounts/alerts/create/{pk}/", "/accounts/wishlists/add/{pk}/",
                                   "/accounts/wishlists/create/with-product/{pk}/"])
def test_no_alert_or_wish_list_line_for_a_product_the_shopper_may_not_see(client, shopper, route):
    # given a product whose certification was revoked (not listed: its page is a 404)
    hidden = certified_product(name_en="Product nobody should see", status=CertificationStatus.REVOKED, num_in_stock=0)

    # when a signed-in shopper posts its id to Oscar's account pages that take a product
    response = client.post(route.format(pk=hidden.pk), {"name": "ของฝาก"})

    # then it is not found, its name is not shown, and nothing was stored for it
    assert response.status_code == 404
    assert "nobody should see" not in response.content.decode()
    assert not ProductAlert.objects.exists() and not WishListLine.objects.exists()


def test_a_listed_product_takes_an_alert_and_a_wish_list_line(client, shopper, sold_out):
    assert client.post(f"/accounts/alerts/create/{sold_out.pk}/").status_code == 302
    assert client.post(f"/accounts/wishlists/add/{sold_out.pk}/").status_code == 302
    assert ProductAlert.objects.get().product == sold_out and WishListLine.objects.get().product == sold_out


@pytest.mark.parametrize("language", ["th", "en"])
def test_back_in_stock_is_mailed_after_the_commit_in_the_shoppers_language(client, shopper, sold_out, mailoutbox,
                                                                          language):
    # given a shopper who asked to be told, on the Thai (or English) product page
    client.post(f"{PREFIX[language]}/accounts/alerts/create/{sold_out.pk}/")

    # when the producer puts units back in stock
    stock.set_stock(sold_out, 5)

    # then nothing was mailed from inside the save: a job was enqueued with it
    assert mailoutbox == [] and len(job_rows(ALERTS)) == 1
    # and the job mails the shopper in the language asked in, and closes the alert
    assert run_enqueued(ALERTS) == 1
    [mail] = mailoutbox
    assert mail.to == ["malee@example.org"]
    if language == "th":
        assert "ผ้าไหมยกดอกลำพูน" in mail.subject and THAI.search(mail.subject.replace("ผ้าไหมยกดอกลำพูน", ""))
        assert _untranslated_lines(mail) == []
    else:
        assert "is back in stock" in mail.subject and not THAI.search(mail.body.replace("ผ้าไหมยกดอกลำพูน", ""))
    assert ProductAlert.objects.get().status == ProductAlert.CLOSED


def test_stock_saved_and_rolled_back_mails_nothing(client, shopper, sold_out, mailoutbox):
    client.post(f"/accounts/alerts/create/{sold_out.pk}/")

    # when the stock is saved in a transaction that then rolls back
    with pytest.raises(RuntimeError), transaction.atomic():
        stock.set_stock(sold_out, 5)
        raise RuntimeError("something later in the same transaction failed")

    # then no job is left to run and no e-mail went
    assert job_rows(ALERTS) == [] and mailoutbox == []
    assert ProductAlert.objects.get().status == ProductAlert.ACTIVE


def test_a_product_back_in_stock_but_no_longer_listed_mails_nothing_and_keeps_the_alert(
        client, shopper, sold_out, mailoutbox):
    client.post(f"/accounts/alerts/create/{sold_out.pk}/")
    # the product's certification is revoked before its stock comes back
    _revoke(sold_out)

    stock.set_stock(sold_out, 5)
    run_enqueued(ALERTS)

    assert mailoutbox == []
    assert ProductAlert.objects.get().status == ProductAlert.ACTIVE


def test_a_visitor_s_alert_is_confirmed_by_a_mail_in_the_page_s_language(client, sold_out, mailoutbox):
    # when a visitor (not signed in) asks on the Thai product page to be told
    response = client.post(f"/accounts/alerts/create/{sold_out.pk}/", {"email": "somchai@example.org"})

    # then a confirmation e-mail in Thai asks to confirm the address
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["somchai@example.org"] and THAI.search(mail.subject)
    assert _untranslated_lines(mail) == []


def test_a_bulk_write_of_the_import_enqueues_the_alerts_of_its_products_once_committed(
        client, shopper, tmp_path, mailoutbox):
    from catalog_import.importer import import_files
    from catalog_import.testing import record, write_csv

    # given an imported product, sold out, that a shopper waits for
    import_files([write_csv(tmp_path / "first.csv", [record(price="350")])])
    product = get_model("catalogue", "Product").objects.get()
    stock.set_stock(product, 0)
    client.post(f"/accounts/alerts/create/{product.pk}/")
    # and units written back without a model signal, as bulk writes are
    get_model("partner", "StockRecord").objects.filter(product=product).update(num_in_stock=8)

    # when the import writes the product again (a new price: COPY and bulk updates, no post_save)
    import_files([write_csv(tmp_path / "second.csv", [record(price="380")])])

    # then its alert's job was enqueued after the import's commit, and it mails the shopper
    assert run_enqueued(ALERTS) == 1
    assert [mail.to for mail in mailoutbox] == [["malee@example.org"]]


def test_the_alert_list_names_products_in_the_page_s_language_and_links_only_listed_ones(client, shopper, sold_out):
    # given alerts for two products, one of which has since left the listing
    other = certified_product(name_th="ผ้าฝ้ายทอมือ", name_en="Handwoven cotton", num_in_stock=0)
    for product in (sold_out, other):
        client.post(f"/accounts/alerts/create/{product.pk}/")
    _revoke(other)

    # when the shopper reads the list on the English pages
    page = client.get("/en/accounts/alerts/").content.decode()

    # then both are named in English, the listed one is linked and the other is not
    assert "Lamphun brocade silk" in page and "Handwoven cotton" in page
    assert sold_out.get_absolute_url().removeprefix("/") in page
    assert f"_{other.pk}/" not in page


def test_markup_in_a_product_name_stays_text_in_the_mail_and_on_the_accounts_email_page(client, shopper, mailoutbox):
    # given a product whose name (its producer's words) holds markup, and a shopper's alert on it
    name = "ร่ม</iframe><img src=x onerror=alert(1)><b>กันแดด</b>"
    product = certified_product(name_th=name, name_en=name, num_in_stock=0)
    client.post(f"/accounts/alerts/create/{product.pk}/")
    # when it is back in stock and the job mails the shopper
    stock.set_stock(product, 5)
    run_enqueued(ALERTS)
    # then the mail's HTML shows the name as text
    [mail] = mailoutbox
    [html] = [content for content, kind in mail.alternatives if kind == "text/html"]
    assert "<img" not in html and "&lt;img src=x" in html
    # and the account's e-mail page shows the mail in a frame that runs nothing, the name still text
    Email = get_model("communication", "Email")
    page = client.get(f"/accounts/emails/{Email.objects.get(user=shopper).pk}/").content.decode()
    assert "<img src=x" not in page and "</iframe><img" not in page
    assert re.search(r"<iframe[^>]* sandbox[ >]", page) and 'srcdoc="' in page


def test_a_product_with_the_longest_name_is_announced_back_in_stock(client, shopper, mailoutbox):
    # given an alert on a product whose name is as long as names may be, with characters HTML escapes
    name = ("ผ้า<ไหม>&" * 30)[:255]
    product = certified_product(name_th=name, name_en=name, num_in_stock=0)
    client.post(f"/accounts/alerts/create/{product.pk}/")
    # when it is back in stock, then the job mails the shopper, notifies the account and closes the alert
    stock.set_stock(product, 5)
    assert run_enqueued(ALERTS) == 1
    assert len(mailoutbox) == 1 and get_model("communication", "Notification").objects.filter(recipient=shopper).exists()
    assert ProductAlert.objects.get().status == ProductAlert.CLOSED
