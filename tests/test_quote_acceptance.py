"""Accepting a quote (``marketplace/quotes/acceptance.py``): one order at the quoted prices and
terms however often (or however concurrently) it is accepted, its deposit paid through
localstripe or recorded by staff, and the pro-forma invoice's text read back from the PDF."""
import io
import threading
from decimal import Decimal

import pypdf
import pytest
from django.core import mail
from django.db import connection
from oscar.core.loading import get_model

from buying import in_english
from jobs_fixtures import job_rows, run_enqueued
from marketplace.channels.models import INTERNATIONAL_CHANNEL_SLUG, Channel
from marketplace.core.errors import DomainError
from marketplace.orders.models import PendingEmail
from marketplace.payments.models import PaymentProblem
from marketplace.quote_orders import deposits
from marketplace.quote_orders.models import QuoteOrder
from marketplace.quotes import acceptance, proforma
from marketplace.quotes.models import Quote, State, Transition
from marketplace.testing.factories import UserFactory
from quoting import quoted_silk_and_crackers, trade_buyer
from stripe_fixtures import as_browser_pay, stripe_reports
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
DB = pytest.mark.django_db
RACE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


@DB
def test_accepting_a_quote_places_one_dollar_order_at_the_quoted_prices_and_terms():
    # given 500 pieces of silk at 12.50 and 200 cartons of crackers at 38.00, FOB Laem Chabang, 30% deposit
    quote, buyer, _producer_user = quoted_silk_and_crackers()
    stock_before = list(StockRecord.objects.order_by("pk").values_list("num_allocated", flat=True))

    # when the buyer accepts it
    link = acceptance.accept(quote, buyer)

    # then one order in US dollars with the quoted lines, the Incoterm, no freight charge, and the deposit owed
    order = link.order
    assert order.currency == "USD" and order.user == buyer
    assert [(line.title, line.quantity, line.unit_price_incl_tax, line.line_price_incl_tax)
            for line in order.lines.order_by("pk")] == [
        ("ผ้าไหมมัดหมี่ลำพูน (pieces)", 500, Decimal("12.50"), Decimal("6250.00")),
        ("ข้าวเกรียบกุ้ง (cartons)", 200, Decimal("38.00"), Decimal("7600.00"))]
    assert order.total_incl_tax == Decimal("13850.00") and order.shipping_incl_tax == 0
    assert order.shipping_method == "FOB Laem Chabang (Incoterms 2020)"
    assert order.shipping_address.country_id == "JP" and order.shipping_address.line4 == "Osaka"
    assert (link.incoterm, link.named_place, link.deposit_percent, link.deposit_amount) == (
        "FOB", "Laem Chabang", 30, Decimal("4155.00"))
    assert order.status == deposits.STATUS_AWAITING_DEPOSIT
    # the state rule moved the quote and the request, and logged who
    quote.refresh_from_db()
    assert quote.state == State.ACCEPTED and quote.request.state == State.ACCEPTED
    assert Transition.objects.filter(quote=quote, to_state=State.ACCEPTED, by=buyer).count() == 1
    # made to order: no stock allocated
    assert list(StockRecord.objects.order_by("pk").values_list("num_allocated", flat=True)) == stock_before
    # the buyer's confirmation and the producer's notice are owed as jobs, not sent yet
    assert sorted(PendingEmail.objects.filter(order=order).values_list("kind", flat=True)) == [
        "ORDER_PLACED", "PRODUCER_NEW_ORDER"]
    owed = set(PendingEmail.objects.filter(order=order).values_list("pk", flat=True))
    assert {job["args"]["pending_id"] for job in job_rows("marketplace.orders.tasks.send_order_email")} >= owed
    assert mail.outbox == []
    run_enqueued("marketplace.orders.tasks.send_order_email")
    assert {tuple(message.to) for message in mail.outbox} >= {(buyer.email,)}


@DB
def test_accepting_twice_makes_one_order():
    # given an accepted quote
    quote, buyer, _ = quoted_silk_and_crackers()
    first = acceptance.accept(quote, buyer)

    # when the buyer accepts it again (a second click, a retried API call)
    again = acceptance.accept(Quote.objects.get(pk=quote.pk), buyer)

    # then the same order, and no second one, no second log entry or e-mail
    assert again.order == first.order
    assert Order.objects.count() == 1 and QuoteOrder.objects.count() == 1
    assert Transition.objects.filter(quote=quote, to_state=State.ACCEPTED).count() == 1
    assert PendingEmail.objects.count() == 2


@DB
def test_only_the_requests_buyer_accepts_and_an_expired_quote_is_refused():
    # given a quote, another buyer, the producer's own user, and an expired quote
    quote, buyer, producer_user = quoted_silk_and_crackers()

    # when someone else tries, then it is not found for them and nothing is written
    for stranger in (trade_buyer(company="Other Co"), producer_user):
        with pytest.raises(DomainError) as refused:
            acceptance.accept(quote, stranger)
        assert refused.value.code == "NOT_FOUND"
    # when the quote's validity has passed, the state rule refuses it
    Quote.objects.filter(pk=quote.pk).update(valid_until="2020-01-01")
    with pytest.raises(DomainError) as refused:
        acceptance.accept(Quote.objects.get(pk=quote.pk), buyer)
    assert refused.value.code == "EXPIRED"
    assert Order.objects.count() == 0 and QuoteOrder.objects.count() == 0


@DB
def test_no_export_order_while_the_international_channel_is_off():
    # given the USD channel switched off
    quote, buyer, _ = quoted_silk_and_crackers()
    Channel.objects.filter(slug=INTERNATIONAL_CHANNEL_SLUG).update(is_active=False)

    # when the buyer accepts, then it is refused with its code and nothing changes
    with pytest.raises(DomainError) as refused:
        acceptance.accept(quote, buyer)
    assert refused.value.code == "CHANNEL_INACTIVE"
    quote.refresh_from_db()
    assert quote.state == State.QUOTED and Order.objects.count() == 0


@RACE
def test_two_connections_accepting_at_once_make_one_order():
    # given a quote, committed, and two requests of its buyer arriving at the same moment
    quote, buyer, _ = quoted_silk_and_crackers()
    start = threading.Barrier(2)
    results = []

    def accept():
        try:
            start.wait()
            results.append(acceptance.accept(Quote.objects.get(pk=quote.pk), buyer).order.number)
        except Exception as error:  # noqa: BLE001 - asserted on below
            results.append(error)
        finally:
            connection.close()

    # when both accept on their own connections
    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    # then both get the same single order
    assert results == [acceptance.order_number(quote)] * 2
    assert Order.objects.count() == 1 and QuoteOrder.objects.count() == 1
    assert PendingEmail.objects.count() == 2


@DB
def test_the_deposit_is_paid_by_card_at_localstripe_and_applied_from_the_webhook(client, stripe_keys):
    # given an accepted quote (the order is committed before any money is asked for)
    quote, buyer, _ = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)

    # when the buyer starts the deposit, pays it with a test card, and Stripe reports it
    payment = deposits.start_card_deposit(link)
    assert (payment.amount, payment.currency) == (Decimal("4155.00"), "USD")
    assert deposits.start_card_deposit(link) == payment  # asked again: the same open intent
    intent = as_browser_pay(payment.intent_id)
    assert intent.status == "succeeded" and intent.amount == 415500 and intent.currency == "usd"
    assert stripe_reports(client, payment.intent_id).status_code == 200

    # then the deposit is paid by card and the order says so; the payment is not compared with the order's total
    link.refresh_from_db()
    assert link.deposit_method == "card" and link.deposit_paid_at is not None
    assert Order.objects.get(pk=link.order_id).status == deposits.STATUS_DEPOSIT_PAID
    assert PaymentProblem.objects.count() == 0
    # and a paid deposit is not asked for again
    with pytest.raises(deposits.DepositError) as refused:
        deposits.start_card_deposit(link)
    assert refused.value.code == "DEPOSIT_ALREADY_PAID"


@DB
def test_the_buyer_pays_the_deposit_on_its_page_after_a_declined_card(client, stripe_keys):
    # given an accepted quote; the request's page links its deposit page for the buyer
    quote, buyer, producer_user = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    url = f"/en/quotes/order/{link.order.number}/deposit/"
    client.force_login(buyer)
    assert url in client.get(f"/en/quotes/{quote.request_id}/").content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "4,155.00" in page.content.decode()

    # when the first card is declined, then another pays on the same page
    declined = client.post(url, {"payment_method": "pm_card_chargeCustomerFail"})
    paid = client.post(url, {"payment_method": "pm_card_visa"})

    # then the refusal is a sentence, the second card pays a new intent, and Stripe's word makes it paid
    assert declined.status_code == 402 and "declined" in declined.json()["error"]
    assert paid.status_code == 200 and paid.json()["status"] == "succeeded"
    link.refresh_from_db()
    assert link.deposit_payment.status == "succeeded"
    assert stripe_reports(client, link.deposit_payment.intent_id).status_code == 200
    link.refresh_from_db()
    assert link.deposit_paid_at is not None and link.deposit_method == "card"
    assert "is paid" in client.get(url).content.decode()


@DB
def test_an_order_from_a_quote_offers_no_reorder_at_shop_prices(client):
    quote, buyer, _producer_user = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    client.force_login(buyer)
    page = client.get(f"/en/accounts/orders/{link.order.number}/").content.decode()
    assert link.order.number in page and 'value="reorder"' not in page


@DB
def test_staff_record_a_deposit_paid_by_bank_transfer_in_the_admin(client):
    # given an accepted quote whose buyer paid by bank transfer, and a staff member
    quote, buyer, _ = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)

    # when staff type the reference and run the admin action
    QuoteOrder.objects.filter(pk=link.pk).update(deposit_reference="KBANK 2026-11-30 #8812")
    response = client.post("/admin/quote_orders/quoteorder/", {
        "action": "record_deposit_by_bank_transfer", "_selected_action": [link.pk]}, follow=True)

    # then the deposit is recorded with who, and the order says so
    assert response.status_code == 200
    link.refresh_from_db()
    assert (link.deposit_method, link.deposit_recorded_by, link.deposit_reference) == (
        "bank_transfer", staff, "KBANK 2026-11-30 #8812")
    assert link.order.status == deposits.STATUS_DEPOSIT_PAID
    # a second record is refused, and a buyer cannot record one
    with pytest.raises(deposits.DepositError):
        deposits.record_bank_transfer(link, by=staff)
    with pytest.raises(deposits.DepositError):
        deposits.record_bank_transfer(link, by=buyer)


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@DB
def test_the_proforma_holds_the_quoted_lines_totals_and_terms_and_only_its_parties_download_it(client):
    # given an accepted quote
    quote, buyer, producer_user = quoted_silk_and_crackers()
    number = acceptance.accept(quote, buyer).order.number
    url = f"/en/quotes/orders/{number}/proforma.pdf"

    # when its buyer downloads the pro-forma
    client.force_login(buyer)
    response = client.get(url)

    # then a PDF whose text holds the lines (Thai names too), quantities, prices, totals, terms and the seller's contact
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in ("ผ้าไหมมัดหมี่ลำพูน", "ข้าวเกรียบกุ้ง", "500", "200", "USD 12.50", "USD 38.00", "USD 6,250.00",
                     "USD 7,600.00", "USD 13,850.00", "USD 4,155.00", "FOB Laem Chabang", "45 days",
                     "Osaka Trading K.K.", "053-123456", "weavers@example.com", quote.valid_until.isoformat()):
        assert expected in text, expected
    # the producer's user and staff download it too; another buyer, another producer and anonymous do not
    client.force_login(producer_user)
    assert client.get(url).status_code == 200
    from quoting import producer_with_user
    for stranger in (trade_buyer(company="Other Co"), producer_with_user()[1]):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@DB
def test_the_proforma_names_products_countries_and_units_in_the_readers_language(client):
    # given an accepted quote of a buyer in Japan (silk in pieces, crackers in cartons)
    quote, buyer, producer_user = quoted_silk_and_crackers()
    number = acceptance.accept(quote, buyer).order.number
    client.force_login(buyer)

    # when the buyer downloads it from the English pages, and the producer from the Thai ones
    english = _pdf_text(client.get(f"/en/quotes/orders/{number}/proforma.pdf").content)
    client.force_login(producer_user)
    thai = _pdf_text(client.get(f"/quotes/orders/{number}/proforma.pdf").content)  # Thai: no prefix

    # then each reads the products first in their language (the other under it), the buyer's and the
    # destination's country by name, and the quantities in the quoted units of their language
    assert english.index("Lamphun mudmee silk") < english.index("ผ้าไหมมัดหมี่ลำพูน")
    assert thai.index("ผ้าไหมมัดหมี่ลำพูน") < thai.index("Lamphun mudmee silk")
    assert "500 pieces" in english and "200 cartons" in english and "Japan" in english
    assert "\nJP\n" not in english and "(cartons)" not in english
    assert "ญี่ปุ่น" in thai and "500 ชิ้น" in thai and "200 ลัง" in thai  # a shipping carton is a ลัง, not a box


@DB
def test_a_missing_thai_font_is_a_clear_error(settings):
    # given a font path that does not exist
    quote, buyer, _ = quoted_silk_and_crackers()
    link = acceptance.accept(quote, buyer)
    settings.OTOP_PROFORMA_FONT = "/nowhere/Garuda.ttf"

    # when the pro-forma is rendered, then the error names the path and how to install the font
    with pytest.raises(proforma.ProformaFontMissing, match="/nowhere/Garuda.ttf.*fonts-thai-tlwg"):
        proforma.render(proforma.for_quote_order(link))


@DB
def test_the_buyer_accepts_on_the_request_page_once_and_no_one_else_can(client):
    # given a quote, another buyer and the producer's user
    quote, buyer, producer_user = quoted_silk_and_crackers()
    url = f"/en/quotes/quote/{quote.pk}/accept/"

    # when another buyer posts the accept button, then 404; when the producer does, refused
    client.force_login(trade_buyer(company="Other Co"))
    assert client.post(url).status_code == 404
    client.force_login(producer_user)
    client.post(url)
    assert Order.objects.count() == 0

    # when the buyer posts it (twice)
    client.force_login(buyer)
    response = client.post(url, follow=True)
    client.post(url)

    # then back on the request's page with the order number, and one order
    assert response.redirect_chain[-1][0].endswith(f"/quotes/{quote.request_id}/")
    assert f"order {acceptance.order_number(quote)}" in response.content.decode()
    assert Order.objects.count() == 1
