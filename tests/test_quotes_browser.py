"""The trade-buyer journey in Chromium: a buyer asks for a quote from a product page, the producer
answers in its portal (in Thai, export facts pre-filled), the buyer compares and accepts it, and
an order with its pro-forma invoice exists. Screenshots for the README: docs/screenshots/quotes-*.png."""
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from marketplace.accounts import profile
from marketplace.quotes.models import Quote, QuoteRequest, State, TradeBuyer, TradeTerms
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product
from test_browser import _reseed_after_the_flush  # noqa: F401  put the seeded rows back after the flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def _signed_in_tab(browser, live_server, user, locale):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    return context.new_page()


def test_request_quote_accept_in_the_browser(live_server, browser):
    # given a producer with a product that has its trade terms, and a trade buyer from Osaka
    maker = UserFactory(username="maker", email="maker@village.example")
    profile.set_language(maker, "th")
    producer = ProducerFactory(slug="ban-don-lamphun", users=[maker], phone="053-000-111", monthly_capacity=3000)
    silk = certified_product(producer=producer, name_en="Lamphun brocade silk scarf")
    silk.packaging.carton_length_cm, silk.packaging.carton_width_cm, silk.packaging.carton_height_cm = 40, 30, 25
    silk.packaging.carton_weight_g, silk.packaging.shelf_life_days = 8500, 1800
    silk.packaging.save()
    TradeTerms.objects.create(product=silk, minimum_order=200, lead_time_days=30)
    osaka = UserFactory(username="osaka", email="osaka@buyer.example")
    TradeBuyer.objects.create(user=osaka, company="Osaka Trading", country="JP", business_type="importer",
                              contact_name="Kenji", currency="JPY", verified=True)
    SHOTS.mkdir(parents=True, exist_ok=True)

    # when the buyer asks for a quote from the product page
    buyer = _signed_in_tab(browser, live_server, osaka, "en-US")
    buyer.goto(live_server.url + "/en" + silk.get_absolute_url())
    facts = buyer.inner_text("#trade-buyers")
    assert "Minimum order: 200" in facts and "30 days" in facts and "053-000-111" not in facts
    buyer.screenshot(path=str(SHOTS / "quotes-product-en.png"), full_page=True)
    buyer.click("#request-quote")
    buyer.fill(f"#id_line-{silk.pk}-quantity", "450")
    buyer.fill(f"#id_line-{silk.pk}-target_unit_price", "4.00")
    buyer.select_option("#id_incoterm", "FOB")
    buyer.fill("#id_destination_place", "Osaka")
    buyer.check("input[value=halal]")
    buyer.fill("#id_message", "For our shops in Kansai; sample first please.")
    buyer.screenshot(path=str(SHOTS / "quotes-request-en.png"), full_page=True)
    buyer.click("#send-request")
    buyer.wait_for_selector("#no-quotes")
    request = QuoteRequest.objects.get(buyer=osaka)
    assert "23 cartons" in buyer.inner_text("#request-lines")  # ⌈450 ÷ 20⌉

    # and the producer answers in its portal, in Thai, the export facts in front of it
    answer = _signed_in_tab(browser, live_server, maker, "th-TH")
    answer.goto(live_server.url + "/producer/ban-don-lamphun/quotes/")
    answer.click(f"text={request.reference}")
    assert "23 ลัง" in answer.inner_text(".quote-line")
    line = request.lines.get()
    answer.fill(f"#price-{line.pk}", "4.20")
    answer.fill("#id_named_place", "Laem Chabang")
    answer.fill("#id_payment_terms", "30% deposit, balance before shipment")
    answer.screenshot(path=str(SHOTS / "quotes-portal-answer-th.png"), full_page=True)
    answer.click("#send-quote")
    answer.wait_for_selector("#own-quote-state", timeout=10000)
    assert Quote.objects.get(request=request).state == State.QUOTED

    # then the buyer sees the quote side by side and accepts it
    buyer.reload()
    table = buyer.inner_text("#quotes-side-by-side")
    assert "4.20 USD" in table and "1890.00 USD" in table and "Laem Chabang" in table  # 450 × 4.20
    buyer.screenshot(path=str(SHOTS / "quotes-compare-en.png"), full_page=True)
    buyer.click(".accept-quote")
    buyer.wait_for_selector(".proforma-link")
    assert Quote.objects.get(request=request).state == State.ACCEPTED
    assert "053-000-111" in buyer.inner_text(".producer-contact")  # the contact, once accepted
    buyer.screenshot(path=str(SHOTS / "quotes-accepted-en.png"), full_page=True)
