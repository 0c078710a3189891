"""Markup in what people write stays text where others read it, on the surfaces the other escaping
tests do not cover: a trade buyer's and a producer's words in a quote (pages of the buyer, the
producer and the quote office, the notice e-mails, the pro-forma PDF); staff's rich text shown to
shoppers (content pages, offers, collections, categories), cleaned by the one sanitiser
(core/rich_text.py); and the invitation, certification-expiry and password-reset e-mails. Each value
goes in the way a person enters it (a form, the domain function), and the page, mail or PDF is read
back."""
import datetime
import io
import re

import pypdf
import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core import mail
from django.utils import timezone
from django.utils.html import escape
from oscar.core.loading import get_model

from jobs_fixtures import run_enqueued
from quoting import producer_with_user, quote_on
from marketplace.certification import expiry
from marketplace.producers import invitations
from marketplace.quotes import acceptance, proforma
from marketplace.quotes.models import QuoteRequest
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product

pytestmark = pytest.mark.django_db
Range = get_model("offer", "Range")
NOTICE = "marketplace.quotes.tasks.send_quote_notice"

# what a hostile writer types: a tag with a handler, a break out of an attribute into a script, a
# javascript: address, and text that is already an entity (it must read "&lt;b&gt;", not "<b>")
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(1)> javascript:alert(1) &lt;b&gt;'
LIVE = ("<script>alert(1)", "<img src=x", "onerror=alert(1)>")


def _as_text(page, value=HOSTILE):
    """``value`` is on ``page`` as text a reader sees literally, and none of its markup is live."""
    assert escape(value) in page, value
    for markup in LIVE:
        assert markup not in page, markup


def _html_parts(message):
    return [content for content, kind in getattr(message, "alternatives", []) if kind == "text/html"]


# --- quotes: what a trade buyer and a producer write, as the other party and the office read it ----
@pytest.fixture
def quote_office():
    from django.contrib.auth.models import Permission

    office = UserFactory(is_staff=True)
    office.user_permissions.add(Permission.objects.get(codename="view_quoterequest"))
    return office


@pytest.fixture
def hostile_request(client):
    """A shopper becomes a trade buyer and asks a producer for a product, every free-text field of
    the buyer's forms holding markup; the producer's user and the request are returned."""
    producer, producer_user = producer_with_user(name_en="Ban Don Weavers", name_th="กลุ่มทอผ้าบ้านดอน")
    silk = certified_product(producer=producer, name_th="ผ้าไหม", name_en="Silk")
    buyer = UserFactory(email="buyer@trade.example")
    client.force_login(buyer)
    response = client.post("/en/quotes/buyer/", {
        "company": "Co " + HOSTILE, "country": "jp", "business_type": "importer", "tax_number": "JP-1",
        "contact_name": "Ms " + HOSTILE, "phone": "+81 6 1234", "currency": "jpy"})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post("/en/quotes/list/add/", {"product": silk.pk})
    response = client.post("/en/quotes/new/", {
        f"line-{silk.pk}-quantity": "100", f"line-{silk.pk}-unit": "pieces", "incoterm": "FOB",
        "destination_country": "JP", "destination_place": "Osaka " + HOSTILE, "target_currency": "USD",
        "certifications_other": "Cert " + HOSTILE, "message": "Hello\n" + HOSTILE})
    assert response.status_code == 302, response.content.decode()[:2000]
    return QuoteRequest.objects.get(buyer=buyer), buyer, producer, producer_user, silk


def _answer(client, quote_request, producer, producer_user):
    """The producer answers on its portal page, terms and notes holding markup, then writes a message."""
    client.force_login(producer_user)
    url = f"/en/producer/{producer.slug}/quotes/{quote_request.pk}/"
    line = quote_request.lines.get()
    valid = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(url, {
        f"price-{line.pk}": "4.20", "currency": "USD", "lead_time_days": "30", "minimum_order": "",
        "incoterm": "FOB", "named_place": "Port " + HOSTILE, "valid_until": valid, "sample_cost": "",
        "deposit_percent": "30", "payment_terms": "Terms " + HOSTILE, "notes": "Notes\n" + HOSTILE})
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(f"/en/quotes/{quote_request.pk}/message/", {"producer": producer.pk, "body": "Reply " + HOSTILE})
    return url


def test_a_buyers_words_stay_text_for_the_producer_and_the_quote_office(client, hostile_request, quote_office):
    quote_request, buyer, producer, producer_user, _ = hostile_request
    client.post(f"/en/quotes/{quote_request.pk}/message/", {"producer": producer.pk, "body": "Msg " + HOSTILE})

    # when the producer opens its inbox and the request, then company, contact, place, message show as text
    client.force_login(producer_user)
    inbox = client.get(f"/en/producer/{producer.slug}/quotes/").content.decode()
    _as_text(inbox, "Co " + HOSTILE)
    answer = client.get(f"/en/producer/{producer.slug}/quotes/{quote_request.pk}/").content.decode()
    for value in ("Co " + HOSTILE, "Osaka " + HOSTILE, "Msg " + HOSTILE):
        _as_text(answer, value)
    _as_text(answer, HOSTILE)  # the request's message, its line break a <br>
    # and the quote office's overview and the request's page show them as text too
    client.force_login(quote_office)
    _as_text(client.get("/en/quotes/staff/").content.decode(), "Co " + HOSTILE)
    office = client.get(f"/en/quotes/{quote_request.pk}/").content.decode()
    for value in ("Osaka " + HOSTILE, "Msg " + HOSTILE, "Cert " + HOSTILE):
        _as_text(office, value)


def test_a_producers_answer_stays_text_for_the_buyer_and_the_quote_office(client, hostile_request, quote_office):
    quote_request, buyer, producer, producer_user, _ = hostile_request
    answer_url = _answer(client, quote_request, producer, producer_user)
    # the producer's own page shows its versions as text
    page = client.get(answer_url).content.decode()
    for value in ("Port " + HOSTILE, "Terms " + HOSTILE, "Reply " + HOSTILE):
        _as_text(page, value)

    # when the buyer and the quote office open the request, then the terms, notes and message are text
    for reader in (buyer, quote_office):
        client.force_login(reader)
        page = client.get(f"/en/quotes/{quote_request.pk}/").content.decode()
        for value in ("Port " + HOSTILE, "Terms " + HOSTILE, "Reply " + HOSTILE):
            _as_text(page, value)
        _as_text(page, HOSTILE)  # the notes, after their line break


def test_quote_notices_are_plain_text_naming_the_company_as_typed(client, hostile_request, mailoutbox):
    quote_request, buyer, producer, producer_user, _ = hostile_request
    _answer(client, quote_request, producer, producer_user)
    run_enqueued(NOTICE)
    # then every notice (new request, new quote, new message) is text only: nothing a mail reader renders
    assert len(mailoutbox) >= 3
    assert all(_html_parts(message) == [] for message in mailoutbox)
    to_producer = next(m for m in mailoutbox if m.to == [producer_user.email])
    # and the company reads as typed, neither escaped into entities nor escaped twice
    assert "Co " + HOSTILE in to_producer.body and "&amp;" not in to_producer.body
    assert "&quot;" not in to_producer.body and "&lt;script" not in to_producer.body


# --- the pro-forma invoice: ReportLab's paragraph markup never read from a party's words ----------
PDF_MARKUP = '<b>x</b> <para>p</para> & <font color=red>'


def _pdf_text(content):
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_markup_of_buyer_and_producer_reads_literally_in_the_proforma(client, hostile_request):
    quote_request, buyer, producer, producer_user, silk = hostile_request
    buyer.trade_buyer.company = "Co " + PDF_MARKUP
    buyer.trade_buyer.contact_name = "Ms <i>y</i>"
    buyer.trade_buyer.save()
    quote = quote_on(quote_request, producer, {silk: "4.20"}, by=producer_user, named_place="Port <u>z</u> &amp;")
    quote.current_version.payment_terms = "T/T <br/> 30%"
    quote.current_version.notes = PDF_MARKUP
    quote.current_version.save()
    silk.profile.name_en = "Silk <strike>w</strike>"  # the name an English reader's pro-forma shows
    silk.profile.save()
    # when the buyer accepts and downloads the pro-forma
    number = acceptance.accept(quote, buyer).order.number
    client.force_login(buyer)
    response = client.get(f"/en/quotes/orders/{number}/proforma.pdf")
    assert response.status_code == 200
    # then every party's word is printed as typed: tags, entities and an ampersand alike
    text = "".join(_pdf_text(response.content).split())
    for typed in ("Co " + PDF_MARKUP, "Ms <i>y</i>", "Port <u>z</u> &amp;", "T/T <br/> 30%", PDF_MARKUP,
                  "Silk <strike>w</strike>"):
        assert "".join(typed.split()) in text, typed


def test_the_proforma_renderer_escapes_every_value_it_is_given():
    party = proforma.Party("<b>Seller</b> & Co", ("<para>line</para>",))
    rendered = proforma.render(proforma.Proforma(
        number="Q-1", issued=timezone.localdate(), seller=party, buyer=proforma.Party("&lt;Buyer&gt;"),
        currency="USD", lines=(proforma.ProformaLine("<font size=40>big</font>", 1, "pc", 1, 1),), total=1,
        incoterm="FOB", named_place="<a href='javascript:alert(1)'>x</a>", lead_time_days=None, deposit_percent=30,
        deposit_amount=0, valid_until=None, payment_terms="<b>", notes="</para>", extra=(("<i>", "</i>"),)))
    text = "".join(_pdf_text(rendered).split())
    for typed in ("<b>Seller</b>&Co", "<para>line</para>", "&lt;Buyer&gt;", "<fontsize=40>big</font>",
                  "<ahref='javascript:alert(1)'>x</a>", "</para>", "<i>", "</i>"):
        assert typed in text, typed


# --- staff's rich text, as shoppers read it ---------------------------------------------------
RICH = ('<h2>Shipping</h2><p>We ship <strong>twice</strong> a <em>week</em>, see '
        '<a href="https://example.org/rates">our rates</a>.</p><ul><li>Bangkok</li></ul>'
        '<script>alert("script")</script><img src="x" onerror="alert(1)">'
        '<a href="javascript:alert(2)">click</a><iframe src="https://evil.example/"></iframe>'
        '<p onmouseover="alert(3)" style="background:url(javascript:alert(4))">Hover</p>'
        '<svg><script>alert(5)</script></svg><object data="https://evil.example/x.swf"></object>')
KEPT = ("<h2>Shipping</h2>", "<strong>twice</strong>", "<em>week</em>", "<li>Bangkok</li>",
        'href="https://example.org/rates"', "Hover</p>")
DROPPED = ("<script>alert", "onerror", "javascript:alert", "<iframe", "evil.example", "onmouseover", "<object",
           "alert(5)")


def _cleaned(page):
    page = page.split("<body", 1)[1]  # the head's description is the text of the page, escaped
    for kept in KEPT:
        assert kept in page, kept
    for dropped in DROPPED:
        assert dropped not in page, dropped


def test_a_content_page_written_in_the_dashboard_keeps_its_formatting_and_loses_what_runs(client, superuser):
    # when staff write a page in the dashboard's editor, pasting markup that runs
    response = client.post("/dashboard/pages/create/", {"title": "ส่ง <b>ของ</b>", "url": "/shipping-info/",
                                                        "content": RICH})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert FlatPage.objects.get(url="/shipping-info/").content == RICH  # kept as written, cleaned when shown
    # then a shopper reads the formatting and none of what runs; the title is text
    client.logout()
    page = client.get("/shipping-info/").content.decode()
    _cleaned(page)
    assert "ส่ง &lt;b&gt;ของ&lt;/b&gt;" in page


def test_an_english_content_page_is_cleaned_too(client):
    page = FlatPage.objects.create(url="/en/shipping-info/", title="Shipping", content=RICH)
    page.sites.add(Site.objects.get_current())
    _cleaned(client.get("/en/shipping-info/").content.decode())


def test_a_content_pages_description_is_its_words_without_what_runs(client):
    # a page whose markup holds a script and an entity
    page = FlatPage.objects.create(url="/en/care-guide/", title="Care",
                                   content=RICH + "<p>Silk &amp; cotton</p>")
    page.sites.add(Site.objects.get_current())
    head = client.get("/en/care-guide/").content.decode().split("<body", 1)[0]
    description = re.search(r'<meta name="description" content="([^"]*)"', head).group(1)
    # then search engines and link previews read the page's words: no script's text, "&" read once
    assert "We ship twice a week" in description and "Silk &amp; cotton" in description
    assert "alert" not in description and "&amp;amp;" not in description


@pytest.fixture
def site_offer():
    """A site offer whose description (staff's, from the dashboard's offer wizard) holds markup that runs."""
    ConditionalOffer, Condition, Benefit = (get_model("offer", name)
                                            for name in ("ConditionalOffer", "Condition", "Benefit"))
    product = certified_product()
    everything = Range.objects.create(name="All <b>things</b>", includes_all_products=True)
    offer = ConditionalOffer.objects.create(
        name="Rainy <i>season</i> offer", slug="rainy-season", offer_type=ConditionalOffer.SITE, description=RICH,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=2),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=10))
    return offer, product


@pytest.mark.parametrize("path", ["/en/offers/", "/en/offers/rainy-season/"])
def test_an_offers_description_keeps_its_formatting_and_loses_what_runs(client, site_offer, path):
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    _cleaned(page)
    assert "Rainy &lt;i&gt;season&lt;/i&gt; offer" in page


def test_a_collections_name_and_description_stay_text(client, superuser):
    # when staff name and describe a collection in the admin
    response = client.post("/admin/offer/range/add/", {
        "name": "Fair " + HOSTILE, "slug": "fair", "description": "About " + HOSTILE, "is_public": "on",
        "includes_all_products": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    # then its page shows both as text
    collection = Range.objects.get()
    page = client.get(f"/en/catalogue/ranges/{collection.slug}/").content.decode()
    _as_text(page, "Fair " + HOSTILE)
    _as_text(page, "About " + HOSTILE)


def test_a_categorys_description_never_reaches_its_page_as_markup(client):
    category = get_model("catalogue", "Category").objects.filter(depth=1).first()  # a seeded OTOP category
    category.description = RICH
    category.save()
    certified_product()
    page = client.get(category.get_absolute_url()).content.decode().split("<body", 1)[1]
    for dropped in DROPPED:
        assert dropped not in page, dropped


# --- e-mails: invitation, certification expiry, password reset ---------------------------------
def test_an_invitation_names_the_producer_as_typed_in_a_text_only_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    producer = ProducerFactory(name_th="กลุ่ม " + HOSTILE, name_en="Group " + HOSTILE)
    invitations.invite(producer, "somsri@example.com", None, "http://testserver")
    assert run_enqueued("marketplace.producers.tasks.send_invitation") == 1
    [message] = mail.outbox
    assert _html_parts(message) == []
    assert producer.name in message.body and "&lt;" not in message.body.replace(HOSTILE, "")


def test_the_invitation_page_shows_the_producers_name_as_text(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    producer = ProducerFactory(name_th="กลุ่ม " + HOSTILE, name_en="Group " + HOSTILE)
    invitations.invite(producer, "somsri@example.com", None, "http://testserver")
    run_enqueued("marketplace.producers.tasks.send_invitation")
    link = mail.outbox[-1].body.split("http://testserver", 1)[1].split()[0]
    _as_text(client.get(link).content.decode(), producer.name)


def test_an_expiry_notice_names_producer_and_product_as_typed_in_a_text_only_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OTOP_PROGRAMME_OFFICE_EMAILS = ["otop@lamphun.example"]
    today = timezone.localdate()
    producer = ProducerFactory(email="silk@village.example", name_th="กลุ่ม " + HOSTILE)
    certified_product(producer=producer, name_th="ผ้า " + HOSTILE, valid_until=today + datetime.timedelta(days=20))
    ids = expiry.record_due(today)
    assert expiry.send_to_producer(ids, producer.pk) == 1 and expiry.send_to_office(ids) == 1
    for message in mail.outbox:
        assert _html_parts(message) == []
        assert "ผ้า " + HOSTILE in message.body and "&lt;script" not in message.body
    assert any("กลุ่ม " + HOSTILE in message.body for message in mail.outbox)


def test_a_password_reset_mail_escapes_what_it_names_in_html_only(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    site = Site.objects.get_current()
    site.name = "OTOP <img src=x onerror=alert(1)> &lt;"  # staff's words, in the admin (50 characters at most)
    site.save()
    UserFactory(email="malee@example.org", first_name="Malee " + HOSTILE)
    # when a shopper asks for a new password on the storefront
    response = client.post("/en/password-reset/", {"email": "malee@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    # then the HTML part names the site as text, and the text part as typed (not as HTML entities)
    [html] = _html_parts(message)
    assert escape(site.name) in html and "<img src=x" not in html
    assert message.body.count(site.name) == 2, message.body


def test_an_order_confirmation_names_products_as_text_in_html_and_as_typed_in_text(mailoutbox):
    from buying import order_for
    from marketplace.orders import notifications

    # given an order of a product whose name (its producer's words) holds markup and an ampersand
    name = "ผ้าไหม & ฝ้าย " + HOSTILE
    order = order_for((certified_product(name_th=name, name_en=name), 1))
    mailoutbox.clear()
    # when its confirmation is mailed
    notifications.send_order_confirmation(order)
    [message] = mailoutbox
    # then the HTML part shows the name as text, and the text part as typed, "&" and all
    [html] = _html_parts(message)
    _as_text(html, name)
    assert name in message.body and "&amp;" not in message.body and "&quot;" not in message.body
