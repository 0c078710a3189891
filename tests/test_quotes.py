"""Trade quotes (issue 14): who sees what (the access matrix), the state rule and its log, the
nightly follow-up in a real worker, attachments checked by content, export-facts arithmetic
against hand-computed cases, e-mail notices in the recipient's language."""
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from jobs_fixtures import run_enqueued, wait_for
from marketplace.accounts import profile
from marketplace.catalog.models import Packaging
from marketplace.quotes import access, export_facts, follow_up, quoting, states, tasks
from marketplace.quotes.errors import QuoteError, QuoteErrorCode
from marketplace.quotes.models import Quote, QuoteRequest, State, TradeBuyer, Transition
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

TODAY = timezone.localdate
NOTICE = "marketplace.quotes.tasks.send_quote_notice"


def buyer(name="osaka", country="JP", language="en"):
    user = UserFactory(username=name, email=f"{name}@buyer.example")
    TradeBuyer.objects.create(user=user, company=f"{name.title()} Trading", country=country, business_type="importer",
                              contact_name=name.title(), currency="JPY")
    profile.set_language(user, language)
    return user


@pytest.fixture
def world(db):
    """Two producers with the same name in different provinces (a user each), a third producer, two
    buyers, staff, and a request of buyer A with one product of each of the twin producers."""
    users = {name: UserFactory(username=name, email=f"{name}@producer.example") for name in ("lamphun", "loei", "other")}
    for name in users.values():
        profile.set_language(name, "th")
    twins = {
        "lamphun": ProducerFactory(name_en="Ban Don Weavers", name_th="กลุ่มทอผ้าบ้านดอน", slug="ban-don-lamphun",
                                   province=province("TH-51"), users=[users["lamphun"]]),
        "loei": ProducerFactory(name_en="Ban Don Weavers", name_th="กลุ่มทอผ้าบ้านดอน", slug="ban-don-loei",
                                province=province("TH-42"), users=[users["loei"]]),
    }
    other = ProducerFactory(slug="other-producer", users=[users["other"]])
    silk = certified_product(producer=twins["lamphun"], name_en="Lamphun brocade silk")
    cotton = certified_product(producer=twins["loei"], name_en="Loei cotton", name_th="ผ้าฝ้ายเลย")
    spare = certified_product(producer=other, name_en="Spare product", name_th="สินค้าอื่น")
    a, b = buyer("osaka"), buyer("lyon", "FR")
    request = quoting.create_request(
        a, [quoting.LineInput(silk, 450), quoting.LineInput(cotton, 10, "cartons", Decimal("9.50"))],
        destination_country="jp", destination_place="Osaka", incoterm="FOB", message="For our shops")
    staff = UserFactory(username="staff", is_staff=True)  # the quote office: staff with the permission
    staff.user_permissions.add(Permission.objects.get(codename="view_quoterequest"))
    return dict(users=users, twins=twins, other=other, silk=silk, cotton=cotton, spare=spare, a=a, b=b,
                request=request, staff=staff)


def terms(**changes):
    values = dict(currency="USD", lead_time_days=30, incoterm="FOB", named_place="Laem Chabang",
                  valid_until=TODAY() + datetime.timedelta(days=20), deposit_percent=30, payment_terms="T/T")
    values.update(changes)
    return quoting.Terms(**values)


def answer(world, key="lamphun", price="4.20", **changes):
    producer = world["twins"][key]
    line = world["request"].lines.get(producer=producer)
    return quoting.answer(world["request"], producer, world["users"][key], {line.pk: Decimal(price)}, terms(**changes))


# --- export facts, against hand-computed cases -------------------------------------------------
def test_cartons_weight_cbm_and_chargeable_weight_by_hand():
    # 450 pieces, 20 a carton of 40 × 30 × 25 cm weighing 8.5 kg full:
    # ⌈450 ÷ 20⌉ = 23 cartons; 23 × 8.5 = 195.5 kg; 23 × 0.4 × 0.3 × 0.25 = 0.69 m³;
    # by air 0.69 × 167 = 115.23 kg < 195.5 kg, so the gross weight is charged.
    packaging = Packaging(units_per_carton=20, carton_length_cm=40, carton_width_cm=30, carton_height_cm=25,
                          carton_weight_g=8500, gross_weight_g=400, shelf_life_days=365, hs_code="5007.20")
    facts = export_facts.compute(packaging, 450)
    assert (facts.cartons, facts.gross_kg, facts.cbm, facts.chargeable_kg) == (
        23, Decimal("195.50"), Decimal("0.690"), Decimal("195.50"))
    assert facts.missing == [] and facts.ready


def test_light_bulky_goods_are_charged_by_volume_and_cartons_count_as_cartons():
    # 200 cartons of 50 pieces at 60 g, carton 60 × 40 × 40 cm, no carton weight given:
    # 10,000 pieces × 0.06 kg = 600 kg; 200 × 0.096 m³ = 19.2 m³; 19.2 × 167 = 3,206.4 kg charged.
    packaging = Packaging(units_per_carton=50, carton_length_cm=60, carton_width_cm=40, carton_height_cm=40,
                          gross_weight_g=60, shelf_life_days=180, hs_code="1905.90")
    facts = export_facts.compute(packaging, 200, "cartons")
    assert (facts.pieces, facts.gross_kg, facts.cbm, facts.chargeable_kg) == (
        10000, Decimal("600.00"), Decimal("19.200"), Decimal("3206.40"))


def test_an_exact_multiple_fills_the_cartons_and_what_is_missing_is_named():
    packaging = Packaging(units_per_carton=20, gross_weight_g=400)
    facts = export_facts.compute(packaging, 40)
    assert facts.cartons == 2 and facts.gross_kg == Decimal("16.00") and facts.cbm is None
    assert facts.missing == ["hs_code", "shelf_life", "carton_size"]
    with translation.override("en"):
        assert [str(label) for label in facts.missing_labels] == ["HS code", "shelf life", "carton size"]
    assert export_facts.compute(None, 5).missing == list(export_facts.MISSING_LABELS)


# --- the access matrix -------------------------------------------------------------------------
def test_who_may_open_a_request_page(client, world):
    url = f"/en/quotes/{world['request'].pk}/"
    expected = {"a": 200, "b": 404, "staff": 200}
    for who, status in expected.items():
        client.force_login(world[who])
        assert client.get(url).status_code == status, who
    client.force_login(world["users"]["other"])  # a producer whose products are not in the request
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_access_rule_lists_own_requests_and_nothing_for_others(world):
    request = world["request"]
    for user in (world["a"], world["staff"], world["users"]["lamphun"], world["users"]["loei"]):
        assert list(access.requests_for(user)) == [request]
    for user in (world["b"], world["users"]["other"], UserFactory()):
        assert list(access.requests_for(user)) == []
    from django.contrib.auth.models import AnonymousUser
    assert list(access.requests_for(AnonymousUser())) == []


def test_twin_producers_see_only_their_own_lines_and_quotes(client, world):
    answer(world, "lamphun", "4.20")
    answer(world, "loei", "7.77")
    # through the access rule
    lamphun = world["users"]["lamphun"]
    assert [line.product for line in access.lines_for(lamphun, world["request"])] == [world["silk"]]
    assert [quote.producer for quote in access.quotes_for(lamphun, world["request"])] == [world["twins"]["lamphun"]]
    # on the buyer's page opened by the Lamphun producer's user: its price, never the Loei twin's
    client.force_login(lamphun)
    page = client.get(f"/en/quotes/{world['request'].pk}/").content.decode()
    assert "4.20" in page and "7.77" not in page and "Loei cotton" not in page
    # in its portal: its inbox and its own line; the twin's portal address is a 404
    inbox = client.get("/en/producer/ban-don-lamphun/quotes/")
    assert inbox.status_code == 200 and world["request"].reference in inbox.content.decode()
    answer_page = client.get(f"/en/producer/ban-don-lamphun/quotes/{world['request'].pk}/").content.decode()
    assert "Lamphun brocade silk" in answer_page and "Loei cotton" not in answer_page
    assert client.get(f"/en/producer/ban-don-loei/quotes/{world['request'].pk}/").status_code == 404
    assert client.get("/en/producer/ban-don-loei/quotes/").status_code == 404
    # a producer not in the request has an empty inbox and no page for it
    client.force_login(world["users"]["other"])
    assert world["request"].reference not in client.get("/en/producer/other-producer/quotes/").content.decode()
    assert client.get(f"/en/producer/other-producer/quotes/{world['request'].pk}/").status_code == 404
    # the buyer sees both quotes side by side
    client.force_login(world["a"])
    page = client.get(f"/en/quotes/{world['request'].pk}/").content.decode()
    assert "4.20" in page and "7.77" in page and "Laem Chabang" in page


def test_a_producer_prices_its_own_lines_only(world):
    cotton_line = world["request"].lines.get(producer=world["twins"]["loei"])
    with pytest.raises(QuoteError) as refused:
        quoting.answer(world["request"], world["twins"]["lamphun"], world["users"]["lamphun"],
                       {cotton_line.pk: Decimal("1")}, terms())
    assert refused.value.code == QuoteErrorCode.NOT_OWN_LINE
    with pytest.raises(QuoteError) as refused:  # acting for another producer
        quoting.answer(world["request"], world["twins"]["loei"], world["users"]["lamphun"],
                       {cotton_line.pk: Decimal("1")}, terms())
    assert refused.value.code == QuoteErrorCode.NOT_FOUND
    assert not Quote.objects.exists()


def test_contact_details_stay_hidden_until_a_quote_is_accepted(client, world):
    producer = world["twins"]["lamphun"]
    producer.phone, producer.email = "053-000-111", "silk@village.example"
    producer.save()
    product_url = world["silk"].get_absolute_url()
    for who in (None, world["a"], world["b"]):
        client.logout() if who is None else client.force_login(who)
        product_page = client.get(product_url).content.decode()
        assert "053-000-111" not in product_page and "silk@village.example" not in product_page
        assert "Request a quote" in product_page or "ขอใบเสนอราคา" in product_page
    assert "053-000-111" not in client.get(producer.get_absolute_url()).content.decode()
    quote = answer(world)
    states.accept(quote, world["a"])
    assert access.may_see_contact(world["a"], producer) and not access.may_see_contact(world["b"], producer)
    client.force_login(world["a"])
    assert "053-000-111" in client.get(f"/en/quotes/{world['request'].pk}/").content.decode()


# --- states and their log ----------------------------------------------------------------------
def test_states_move_only_through_the_rule_and_each_move_is_logged(world):
    request, a = world["request"], world["a"]
    assert request.state == State.SUBMITTED
    quote = answer(world)
    request.refresh_from_db()
    assert request.state == State.QUOTED and quote.state == State.QUOTED
    states.decline(quote, a)
    request.refresh_from_db()
    assert request.state == State.DECLINED
    # a new version after a decline re-opens the quote and keeps the old version
    quote = answer(world, price="3.90")
    assert quote.state == State.QUOTED
    assert [(v.number, v.prices.get().unit_price) for v in quote.versions.order_by("number")] == [
        (1, Decimal("4.20")), (2, Decimal("3.90"))]
    assert quote.current_version.number == 2
    states.accept(quote, a)
    assert states.accept(quote, a).state == State.ACCEPTED  # twice: no error, no second move
    with pytest.raises(QuoteError) as refused:  # an accepted quote no longer changes
        answer(world, price="1.00")
    assert refused.value.code == QuoteErrorCode.ALREADY_ACCEPTED
    with pytest.raises(QuoteError) as refused:
        states.withdraw(request, a)
    assert refused.value.code == QuoteErrorCode.INVALID_STATE
    log = [(t.quote_id is not None, t.from_state, t.to_state, t.by_id) for t in Transition.objects.filter(request=request)]
    producer_user = world["users"]["lamphun"].pk
    assert log == [
        (False, "", "submitted", a.pk), (True, "", "quoted", producer_user), (False, "submitted", "quoted", producer_user),
        (True, "quoted", "declined", a.pk), (False, "quoted", "declined", a.pk),
        (True, "declined", "quoted", producer_user), (False, "declined", "quoted", producer_user),
        (True, "quoted", "accepted", a.pk), (False, "quoted", "accepted", a.pk)]


def test_a_withdrawn_request_takes_its_open_quotes_and_takes_no_new_one(world):
    quote = answer(world)
    states.withdraw(world["request"], world["a"])
    quote.refresh_from_db()
    assert quote.state == State.WITHDRAWN
    with pytest.raises(QuoteError) as refused:
        answer(world, "loei")
    assert refused.value.code == QuoteErrorCode.INVALID_STATE
    with pytest.raises(QuoteError) as refused:
        states.accept(quote, world["a"])
    assert refused.value.code == QuoteErrorCode.INVALID_STATE


def test_a_quote_past_its_validity_cannot_be_accepted_and_expires_at_night(world):
    quote = answer(world)
    Quote.objects.filter(pk=quote.pk).update(valid_until=TODAY() - datetime.timedelta(days=1))
    quote.refresh_from_db()
    with pytest.raises(QuoteError) as refused:
        states.accept(quote, world["a"])
    assert refused.value.code == QuoteErrorCode.EXPIRED
    assert follow_up.expire_due() == 1 and follow_up.expire_due() == 0
    quote.refresh_from_db()
    world["request"].refresh_from_db()
    assert quote.state == State.EXPIRED and world["request"].state == State.EXPIRED
    assert Transition.objects.filter(quote=quote, to_state="expired", by=None).count() == 1


def test_requests_unanswered_for_14_days_are_flagged_once_and_the_office_told(world, settings, mailoutbox):
    settings.OTOP_PROGRAMME_OFFICE_EMAILS = ["otop@chiangmai.example"]
    request = world["request"]
    QuoteRequest.objects.filter(pk=request.pk).update(created=timezone.now() - datetime.timedelta(days=14, hours=1))
    assert follow_up.flag_unanswered() == 1 and follow_up.flag_unanswered() == 0
    assert run_enqueued("marketplace.quotes.tasks.send_office_flags") == 1
    assert [m.to for m in mailoutbox] == [["otop@chiangmai.example"]]
    assert request.reference in mailoutbox[0].body


def test_the_nightly_job_in_a_worker_expires_quotes_and_flags_unanswered_requests(job_queue, start_worker):
    # given an expired quote and a request unanswered for 15 days, another for 13
    producer_user = UserFactory(username="maker")
    producer = ProducerFactory(users=[producer_user])
    product = certified_product(producer=producer)
    a = buyer("nagoya")
    old, recent, quoted = (quoting.create_request(a, [quoting.LineInput(product, 100)], destination_country="JP",
                                                  destination_place="Nagoya") for _ in range(3))
    QuoteRequest.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=15))
    QuoteRequest.objects.filter(pk=recent.pk).update(created=timezone.now() - datetime.timedelta(days=13))
    line = quoted.lines.get()
    quote = quoting.answer(quoted, producer, producer_user, {line.pk: Decimal("2")}, terms())
    Quote.objects.filter(pk=quote.pk).update(valid_until=TODAY() - datetime.timedelta(days=1))

    # when the night's job runs in a worker
    start_worker()
    midnight = timezone.make_aware(datetime.datetime.combine(TODAY(), datetime.time(0, 10)))
    tasks.quotes_follow_up.defer(timestamp=int(midnight.timestamp()))

    # then the quote has expired (logged as a job's move) and only the old request is flagged
    wait_for(lambda: Quote.objects.filter(pk=quote.pk, state=State.EXPIRED).exists(), what="the expiry")
    assert Transition.objects.filter(quote=quote, to_state=State.EXPIRED, by=None).exists()
    # (the job flags the unanswered requests after the expiry has committed: waited for in its turn)
    wait_for(lambda: QuoteRequest.objects.filter(flagged_to_office_at__isnull=False).exists(), what="the flagging")
    flagged = set(QuoteRequest.objects.filter(flagged_to_office_at__isnull=False).values_list("pk", flat=True))
    assert flagged == {old.pk}


# --- attachments, by content ------------------------------------------------------------------
def _png():
    data = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(data, "PNG")
    return data.getvalue()


def test_attachments_are_checked_by_content_not_by_name(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    translation.activate("en")
    request, a = world["request"], world["a"]
    for name, content, expected in [
            ("spec.pdf", b"this is plain text, not a PDF", "neither a PDF nor an image"),
            ("label.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40, "damaged or incomplete"),
            ("cut.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "incomplete PDF"),
            ("empty.pdf", b"", "empty")]:
        with pytest.raises(QuoteError) as refused:
            quoting.add_attachment(request, SimpleUploadedFile(name, content), a)
        assert refused.value.code == QuoteErrorCode.FILE_REFUSED and expected in refused.value.message, name
    pdf = quoting.add_attachment(request, SimpleUploadedFile("spec.pdf", b"%PDF-1.4\n%stuff\n%%EOF\n"), a)
    image = quoting.add_attachment(request, SimpleUploadedFile("label.jpg", _png()), a)  # a PNG, whatever its name
    assert (pdf.kind, image.kind) == ("pdf", "png")
    client = Client()
    for who, status in ((a, 200), (world["users"]["lamphun"], 200), (world["b"], 404), (world["users"]["other"], 404)):
        client.force_login(who)
        assert client.get(f"/en/quotes/file/{pdf.pk}/").status_code == status
    with pytest.raises(QuoteError):  # only the buyer adds files
        quoting.add_attachment(request, SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF"), world["b"])


def test_the_request_page_refuses_a_renamed_file_with_a_message(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["b"])
    client.post("/en/quotes/list/add/", {"product": world["silk"].pk})
    before = QuoteRequest.objects.count()
    response = client.post("/en/quotes/new/", {
        f"line-{world['silk'].pk}-quantity": "100", f"line-{world['silk'].pk}-unit": "pieces",
        "incoterm": "CIF", "destination_country": "FR", "destination_place": "Le Havre", "target_currency": "USD",
        "attachment": SimpleUploadedFile("spec.pdf", b"MZ\x90\x00 an executable")})
    assert response.status_code == 200
    assert "neither a PDF nor an image" in response.content.decode()
    assert QuoteRequest.objects.count() == before


# --- pages -----------------------------------------------------------------------------------
def test_a_signed_in_shopper_becomes_a_trade_buyer_before_asking(client, world):
    shopper = UserFactory(username="shopper")
    client.force_login(shopper)
    response = client.get("/en/quotes/new/")
    assert response.status_code == 302 and "/en/quotes/buyer/" in response["Location"]
    response = client.post("/en/quotes/buyer/?next=/en/quotes/new/", {
        "company": "Lyon Épicerie", "country": "fra", "business_type": "retailer", "contact_name": "Anne"})
    assert "is not a country" in response.content.decode()
    client.post("/en/quotes/buyer/?next=/en/quotes/new/", {
        "company": "Lyon Épicerie", "country": "fr", "business_type": "retailer", "contact_name": "Anne",
        "currency": "eur"})
    assert TradeBuyer.objects.get(user=shopper).country == "FR"


def test_a_request_of_several_producers_from_the_quote_list(client, world, mailoutbox):
    run_enqueued(NOTICE)  # the world's own request's notices
    mailoutbox.clear()
    client.force_login(world["b"])
    for product in (world["silk"], world["spare"]):
        client.post("/en/quotes/list/add/", {"product": product.pk})
    response = client.post("/en/quotes/new/", {
        f"line-{world['silk'].pk}-quantity": "300", f"line-{world['silk'].pk}-unit": "pieces",
        f"line-{world['spare'].pk}-quantity": "5", f"line-{world['spare'].pk}-unit": "cartons",
        f"line-{world['spare'].pk}-target_unit_price": "12.50",
        "incoterm": "CIF", "destination_country": "FR", "destination_place": "Le Havre", "target_currency": "USD",
        "certifications_required": ["halal", "organic"]})
    created = QuoteRequest.objects.filter(buyer=world["b"]).get()
    assert response.status_code == 302 and response["Location"] == f"/en/quotes/{created.pk}/"
    assert {(line.producer.slug, line.quantity, line.unit) for line in created.lines.all()} == {
        ("ban-don-lamphun", 300, "pieces"), ("other-producer", 5, "cartons")}
    assert created.certifications_required == ["halal", "organic"] and created.buyer_currency == "JPY"
    # each producer's users are told, in their own language (Thai here), after the commit
    assert run_enqueued(NOTICE) == 2
    subjects = sorted(message.subject for message in mailoutbox)
    assert all("คำขอใบเสนอราคา" in subject for subject in subjects), subjects
    assert sorted(message.to[0] for message in mailoutbox) == ["lamphun@producer.example", "other@producer.example"]


def test_quote_and_message_notices_reach_the_buyer_in_the_buyers_language(world, mailoutbox, settings):
    run_enqueued(NOTICE)
    mailoutbox.clear()
    answer(world)
    quoting.send_message(world["request"], world["twins"]["lamphun"], world["users"]["lamphun"], "Sample ready")
    assert run_enqueued(NOTICE) == 2
    assert [m.to for m in mailoutbox] == [["osaka@buyer.example"]] * 2
    assert "sent a quote on your request" in mailoutbox[0].subject
    # the link is on the marketplace's own address (OTOP_SITE_URL), never example.com
    assert re.search(rf"{re.escape(settings.OTOP_SITE_URL)}(/en)?/quotes/{world['request'].pk}/", mailoutbox[0].body)


def test_a_company_name_with_a_line_break_still_reaches_the_producers(world, mailoutbox):
    # a name with a line break in it (pasted, or posted by a script): a mail header cannot hold one
    buyer = world["request"].buyer.trade_buyer
    buyer.company = "Osaka\nTrading\r\nCo."
    buyer.save(update_fields=["company"])
    assert run_enqueued(NOTICE) >= 1
    assert mailoutbox and all("Osaka Trading Co." in m.subject and "\n" not in m.subject for m in mailoutbox)


def test_a_message_hidden_by_staff_is_gone_for_buyer_and_producer(client, world):
    message = quoting.send_message(world["request"], world["twins"]["lamphun"], world["a"], "call me on +81 …")
    client.force_login(world["staff"])
    client.post(f"/en/quotes/message/{message.pk}/hide/", {"hidden": "1"})
    for who in (world["a"], world["users"]["lamphun"]):
        assert list(access.messages_for(who, world["request"])) == []
    assert list(access.messages_for(world["staff"], world["request"])) == [message]
    with pytest.raises(QuoteError):  # the twin cannot write in Lamphun's thread
        quoting.send_message(world["request"], world["twins"]["lamphun"], world["users"]["loei"], "hi")


def test_the_lists_take_a_fixed_number_of_queries(client, world):
    """Each list costs the same queries with six requests as with one (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = (("staff", "/en/quotes/staff/"), ("lamphun", "/en/producer/ban-don-lamphun/quotes/"), ("a", "/en/quotes/"))

    def costs():
        counted = {}
        for who, url in pages:
            client.force_login(world["users"]["lamphun"] if who == "lamphun" else world[who])
            client.get(url)  # first visit creates the session's basket; count the second
            with CaptureQueriesContext(connection) as queries:
                page = client.get(url)
            assert page.status_code == 200
            counted[url] = (len(queries), page.content.decode().count("RFQ-"))
        return counted

    one = costs()
    for _ in range(5):
        quoting.create_request(world["a"], [quoting.LineInput(world["silk"], 10)], destination_country="JP",
                               destination_place="Kobe")
    six = costs()
    for url, (queries, _shown) in one.items():
        assert six[url][0] == queries, f"{url}: {queries} queries for one request, {six[url][0]} for six"
        assert queries <= 22, f"{url}: {queries} queries"
    assert six["/en/quotes/"][1] == 6 and six["/en/producer/ban-don-lamphun/quotes/"][1] == 6
    assert six["/en/quotes/staff/"][1] >= 6


def test_only_staff_open_the_overview(client, world):
    client.force_login(world["a"])
    assert client.get("/en/quotes/staff/").status_code == 403


def test_the_demo_buyer_has_a_request_with_a_quote_once(world):
    demo = UserFactory(username="buyer@demo.otop.test")
    from marketplace.quotes.demo import ensure_demo_buyer

    assert ensure_demo_buyer(demo).endswith("/quotes/")
    ensure_demo_buyer(demo)
    request = QuoteRequest.objects.get(buyer=demo)
    assert demo.trade_buyer.verified and request.quotes.get().state == State.QUOTED


def test_staff_verify_a_buyer_and_the_producer_sees_the_badge(client, world):
    world["staff"].is_superuser = True
    world["staff"].save()
    client.force_login(world["staff"])
    client.post("/admin/quotes/tradebuyer/", {"action": "verify", "_selected_action": [world["a"].trade_buyer.pk]})
    world["a"].trade_buyer.refresh_from_db()
    assert world["a"].trade_buyer.verified and world["a"].trade_buyer.verified_by == world["staff"]
    client.force_login(world["users"]["lamphun"])
    assert "Verified buyer" in client.get("/en/producer/ban-don-lamphun/quotes/").content.decode()
