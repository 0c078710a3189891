"""Programme officers: the role's rule (provinces_of, may_moderate) and their pages at /officer/,
limited to their provinces everywhere. An officer of Lampang never moderates nor sees Loei."""
import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation
from django.urls import reverse
from django.utils import timezone

from buying import order_for
from marketplace.certification.models import CertificationStatus
from marketplace.moderation import changes
from marketplace.moderation.models import ChangeStatus
from marketplace.officers.access import is_officer, may_moderate, provinces_of
from marketplace.officers.models import ProgrammeOfficer
from marketplace.orders.models import ProducerShipment, ShipmentStatus
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db
LAMPANG, LOEI = "TH-52", "TH-42"


def officer_of(*iso_codes, **user):
    officer = UserFactory(**{"is_staff": True, **user})
    row = ProgrammeOfficer.objects.create(user=officer)
    row.provinces.set([province(code) for code in iso_codes])
    return officer


def product_in(iso_code, **kwargs):
    member = UserFactory()
    producer = ProducerFactory(province=province(iso_code), users=[member])
    product = certified_product(producer=producer, **kwargs)
    product.member = member
    return product


def pending_change(product, name_en="Proposed name"):
    return changes.submit(product, product.member, fields={"name_en": name_en})


@pytest.fixture
def lampang_officer():
    return officer_of(LAMPANG)


@pytest.fixture
def lampang():
    return product_in(LAMPANG, name_th="ผ้าทอลำปาง", name_en="Lampang weave")


@pytest.fixture
def loei():
    return product_in(LOEI, name_th="ผ้าฝ้ายเลย", name_en="Loei cotton")


# --- the rule ---------------------------------------------------------------------------------
def test_an_officer_acts_for_their_provinces_and_a_superuser_for_all(lampang_officer, lampang, loei):
    assert list(provinces_of(lampang_officer).values_list("iso_code", flat=True)) == [LAMPANG]
    assert may_moderate(lampang_officer, lampang)
    assert not may_moderate(lampang_officer, loei)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert may_moderate(superuser, loei) and provinces_of(superuser).count() == 77


def test_no_role_without_an_active_officer_row_and_staff_status(lampang, lampang_officer):
    ProgrammeOfficer.objects.filter(user=lampang_officer).update(active=False)
    assert not is_officer(lampang_officer) and not may_moderate(lampang_officer, lampang)
    not_staff = officer_of(LAMPANG, is_staff=False)
    assert not is_officer(not_staff)
    assert not is_officer(lampang.member) and not may_moderate(lampang.member, lampang)


# --- who may open the pages -------------------------------------------------------------------
def test_the_pages_need_the_role(client, lampang):
    url = reverse("officers:province")
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(lampang.member)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_staff=True))  # staff without the role
    assert client.get(reverse("officers:queue")).status_code == 403


# --- moderation -------------------------------------------------------------------------------
def test_the_queue_lists_only_the_officers_provinces(client, lampang_officer, lampang, loei):
    mine, theirs = pending_change(lampang), pending_change(loei)
    client.force_login(lampang_officer)
    response = client.get(reverse("officers:queue"))
    page = response.content.decode()
    assert f'data-change="{mine.pk}"' in page
    assert f'data-change="{theirs.pk}"' not in page and "ผ้าฝ้ายเลย" not in page


def test_an_empty_queue_says_so_once(client, lampang_officer, loei):
    pending_change(loei)  # another province's: not theirs to count
    client.force_login(lampang_officer)
    page = client.get(reverse("officers:queue")).content.decode()
    assert page.count("ไม่มีรายการรออนุมัติ") == 1 and "รอการตัดสินของคุณ" not in page  # officers' pages are Thai


def test_an_officer_of_lampang_cannot_open_approve_or_reject_a_loei_change(client, lampang_officer, loei):
    change = changes.submit(loei, loei.member, fields={"name_en": "Loei cotton scarf"})
    client.force_login(lampang_officer)
    url = reverse("officers:change", args=[change.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert client.post(url, {"decision": "reject", "reason": "no"}).status_code == 404
    change.refresh_from_db()
    loei.profile.refresh_from_db()
    assert change.status == ChangeStatus.PENDING and loei.profile.name_en == "Loei cotton"


def test_the_change_page_shows_current_against_proposed_and_approving_applies_it(client, lampang_officer, lampang):
    change = pending_change(lampang, name_en="Lampang hand-woven cotton")
    client.force_login(lampang_officer)
    url = reverse("officers:change", args=[change.pk])
    page = client.get(url).content.decode()
    assert "Lampang weave" in page and "Lampang hand-woven cotton" in page

    response = client.post(url, {"decision": "approve"})

    assert response.status_code == 302
    change.refresh_from_db()
    lampang.profile.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED and change.decided_by == lampang_officer
    assert lampang.profile.name_en == "Lampang hand-woven cotton"


def test_rejecting_needs_a_reason_the_producer_will_see(client, lampang_officer, lampang):
    change = pending_change(lampang)
    client.force_login(lampang_officer)
    url = reverse("officers:change", args=[change.pk])

    response = client.post(url, {"decision": "reject", "reason": "  "})

    assert response.status_code == 200
    assert 'id="reason-error"' in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING

    client.post(url, {"decision": "reject", "reason": "ชื่อภาษาอังกฤษสะกดผิด"})
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED and change.reason == "ชื่อภาษาอังกฤษสะกดผิด"
    lampang.profile.refresh_from_db()
    assert lampang.profile.name_en == "Lampang weave"


def test_a_pending_photo_is_shown_to_the_officer_of_its_province_only(client, lampang_officer, loei):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image
    import io

    data = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(data, "JPEG")
    upload = SimpleUploadedFile("scarf.jpg", data.getvalue(), content_type="image/jpeg")
    change = changes.submit(loei, loei.member, photo_ops=[{"action": "add", "file": upload, "alt": "scarf"}])
    op = change.photo_ops.get()
    url = reverse("officers:pending_photo", args=[change.pk, op.pk])
    client.force_login(lampang_officer)
    assert client.get(url).status_code == 404
    client.force_login(officer_of(LOEI))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == data.getvalue()
    page = client.get(reverse("officers:change", args=[change.pk])).content.decode()
    assert url in page  # the thumbnail


# --- their provinces' products and figures ----------------------------------------------------
def test_the_province_page_counts_and_lists_only_the_officers_provinces(client, lampang_officer, lampang, loei):
    today = timezone.localdate()
    ending = product_in(LAMPANG, stars=2, valid_until=today + datetime.timedelta(days=30))
    expired = product_in(LAMPANG, stars=3, status=CertificationStatus.EXPIRED)
    product_in(LOEI, stars=2, valid_until=today + datetime.timedelta(days=10))
    client.force_login(lampang_officer)

    response = client.get(reverse("officers:province"))

    page = response.content.decode()
    counts = response.context["counts"]
    assert counts["total"] == 3
    assert dict(counts["stars"]) == {1: 0, 2: 1, 3: 1, 4: 1, 5: 0}
    assert {code: n for code, _label, n in counts["state"]} == {
        "in_force": 1, "ending": 1, "not_in_force": 1, "none": 0}
    shown = {product.pk for product in response.context["products"]}
    assert shown == {lampang.pk, ending.pk, expired.pk}
    assert [c.product_id for c in response.context["ending"]] == [ending.pk]
    assert "Loei" not in page and "เลย" not in page


def test_the_product_list_filters_by_star_level_category_and_certification_state(client, lampang_officer, lampang):
    two_stars = product_in(LAMPANG, stars=2, category="food")
    client.force_login(lampang_officer)
    url = reverse("officers:province")

    def shown(**query):
        return {product.pk for product in client.get(url, query).context["products"]}

    assert shown(stars=2) == {two_stars.pk}
    assert shown(category="textiles") == {lampang.pk}
    assert shown(state="in_force") == {lampang.pk, two_stars.pk}
    assert shown(state="ending") == set()
    assert shown(stars="many", category="not-a-category") == {lampang.pk, two_stars.pk}  # ignored, not a 500


def test_sales_by_category_and_star_level_count_paid_lines_of_the_officers_provinces(
        client, lampang_officer, lampang, loei):
    food = product_in(LAMPANG, stars=5, category="food", price="120.00")
    paid = order_for((lampang, 2), (food, 1), (loei, 3))
    ProducerShipment.objects.filter(order=paid).update(status=ShipmentStatus.TO_SHIP)
    order_for((lampang, 5))  # not paid: sold nothing
    client.force_login(lampang_officer)

    sales = client.get(reverse("officers:province")).context["sales"]

    by_category = {code: (units, revenue) for code, _label, units, revenue in sales["category"]}
    assert by_category["textiles"] == (2, Decimal("700.00"))
    assert by_category["food"] == (1, Decimal("120.00"))
    assert {level: (units, revenue) for level, units, revenue in sales["stars"]}[4] == (2, Decimal("700.00"))
    assert sum(units for _code, _label, units, _revenue in sales["category"]) == 3  # Loei's 3 not counted


def test_a_dollar_sale_counts_in_baht_at_the_rate_recorded_on_its_parcel(client, settings, lampang_officer, lampang):
    settings.OTOP_USD_PER_THB = "0.025"
    abroad = order_for((lampang, 1), country="JP")
    ProducerShipment.objects.filter(order=abroad).update(status=ShipmentStatus.SHIPPED)
    settings.OTOP_USD_PER_THB = "0.030"  # a later rate does not rewrite the sale
    client.force_login(lampang_officer)

    sales = client.get(reverse("officers:province")).context["sales"]

    line = abroad.lines.get()
    assert abroad.currency == "USD"
    expected = (line.line_price_incl_tax / Decimal("0.025")).quantize(Decimal("0.01"))
    assert {code: revenue for code, _label, _units, revenue in sales["category"]}["textiles"] == expected


def test_producers_not_invited_or_inactive(client, lampang_officer, lampang):
    quiet = ProducerFactory(province=province(LAMPANG))
    closed = ProducerFactory(province=province(LAMPANG), active=False, users=[UserFactory()])
    ProducerFactory(province=province(LOEI))
    client.force_login(lampang_officer)

    producers = list(client.get(reverse("officers:province")).context["producers"])

    assert [p.pk for p in producers] == [quiet.pk, closed.pk]


def test_an_officers_provinces_are_in_the_order_of_the_pages_language(client):
    client.force_login(officer_of("TH-50", "TH-51"))  # Chiang Mai, Lamphun
    with translation.override("th"):
        thai = client.get(reverse("officers:province")).content.decode()
    with translation.override("en"):
        english = client.get(reverse("officers:province")).content.decode()
    thai_line = thai.split('id="officer-provinces"')[1].split("</p>")[0]
    english_line = english.split('id="officer-provinces"')[1].split("</p>")[0]
    assert thai_line.index("ลำพูน") < thai_line.index("เชียงใหม่")
    assert english_line.index("Chiang Mai") < english_line.index("Lamphun")


def test_english_second(client, lampang_officer, lampang):
    client.force_login(lampang_officer)
    thai = client.get(reverse("officers:province")).content.decode()
    english = client.get("/en" + reverse("officers:province")).content.decode()
    assert "ผ้าทอลำปาง" in thai and "Certifications ending in the next 90 days" in english
    assert "Certifications ending in the next 90 days" not in thai


# --- query counts -----------------------------------------------------------------------------
def costs_the_same(client, url, add_more, assert_max, budget):
    """The page with what is there, then after ``add_more()``: no more queries the second time."""
    client.get(url)
    with assert_max(budget) as few:
        client.get(url)
    add_more()
    with assert_max(len(few.captured_queries)):
        return client.get(url)


def test_the_province_page_costs_the_same_for_one_product_or_twenty(client, lampang_officer,
                                                                   django_assert_max_num_queries):
    product_in(LAMPANG)
    client.force_login(lampang_officer)
    response = costs_the_same(client, reverse("officers:province"),
                              lambda: [product_in(LAMPANG, stars=1 + n % 5) for n in range(19)],
                              django_assert_max_num_queries, 40)
    assert len(response.context["products"]) == 20


def test_the_queue_costs_the_same_for_one_change_or_ten(client, lampang_officer, django_assert_max_num_queries):
    pending_change(product_in(LAMPANG))
    client.force_login(lampang_officer)
    response = costs_the_same(client, reverse("officers:queue"),
                              lambda: [pending_change(product_in(LAMPANG), name_en=f"Name {n}") for n in range(9)],
                              django_assert_max_num_queries, 30)
    assert len(response.context["pending"]) == 10



def test_the_demo_officer_acts_for_the_provinces_of_the_demo_producers(client, settings, lampang, loei):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo_accounts")
    call_command("load_demo_accounts")  # at every make run: still one officer

    officer = ProgrammeOfficer.objects.get()
    assert {p.iso_code for p in officer.provinces.all()} == {LAMPANG, LOEI} and officer.user.is_staff
    assert client.login(username="officer@demo.otop.test", password="demo-officer-2569")
    assert client.get(reverse("officers:province")).status_code == 200


@pytest.mark.parametrize("path", ["/officer/", "/officer/queue/"])
def test_an_officer_s_pages_are_thai(client, lampang_officer, lampang, path):
    from test_i18n import untranslated

    pending_change(lampang)
    client.force_login(lampang_officer)

    response = client.get(path)

    # the dashboard's frame ("Welcome", "Return to site") included
    assert response.status_code == 200
    assert untranslated(response) == []


def test_the_dashboard_home_sends_an_officer_to_their_pages_and_shows_staff_the_shop_in_thai(
        client, lampang_officer, loei):
    from test_i18n import untranslated

    # given an order of a product of another province
    order_for((loei, 1))

    # when an officer opens the dashboard's home, they land on their own pages, without the whole
    # shop's revenue, orders and customers that Oscar's home shows every staff user
    client.force_login(lampang_officer)
    response = client.get("/dashboard/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("officers:province")
    assert "Total revenue" not in response.content.decode() and "รายได้ทั้งหมด" not in response.content.decode()

    # while staff see the shop's figures, in Thai (the whole staff dashboard: test_i18n)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    staff = client.get("/dashboard/")
    assert staff.status_code == 200 and "รายได้ทั้งหมด" in staff.content.decode()
    assert not {"Total revenue", "Welcome", "Return to site"} & set(untranslated(staff))


def test_the_filter_links_on_the_province_page_filter_when_followed(client, lampang_officer, lampang):
    # given the province page, with a two-star product beside a four-star one
    two_stars = product_in(LAMPANG, stars=2)
    client.force_login(lampang_officer)
    url = reverse("officers:province")
    page = client.get(url).content.decode()
    # when the officer follows the "2 stars" link as a browser would (relative to the page)
    link = re.search(r'<a href="([^"]*stars=2[^"]*)"', page).group(1)
    followed = client.get(url + link.replace("&amp;", "&")) if link.startswith("?") else None
    # then it is an address of the page with one query, and it shows the two-star product only
    assert link.startswith("?stars=2"), link
    assert {product.pk for product in followed.context["products"]} == {two_stars.pk}
