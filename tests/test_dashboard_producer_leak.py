"""The leak of issue 13: two producers with the same name in two provinces, and producer A's user
holding Oscar's ``partner.dashboard_access`` (not staff). Through Oscar's dashboard A must never see
B's order line, B's customer's e-mail or B's revenue, never change B's line, and never create or
delete products (the programme's import and the producer portal do that).

This test was committed before the fix, failing on the code of that day (see README, Security)."""
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from oscar.core.loading import get_model

from buying import order_for
from marketplace.orders.placement import mark_paid
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = pytest.mark.django_db

Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
SAME_NAME = {"name_th": "วิสาหกิจชุมชนทอผ้าบ้านดอน", "name_en": "Ban Don Weaving Enterprise"}
B_CUSTOMER_EMAIL = "only-b-customer@example.com"


def _dashboard_user():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access", content_type__app_label="partner"))
    return user


@pytest.fixture
def leak(monkeypatch):
    # A shop that set a line status pipeline, as Oscar suggests, so that line statuses can change.
    monkeypatch.setattr(Line, "pipeline", {"": ("Shipped",), "Shipped": ()})
    a_user, b_user = _dashboard_user(), UserFactory()
    a = ProducerFactory(users=[a_user], province=province("TH-51"), **SAME_NAME)  # Lamphun
    b = ProducerFactory(users=[b_user], province=province("TH-50"), **SAME_NAME)  # Chiang Mai
    a_silk = certified_product(producer=a, name_th="ผ้าไหมของดอนลำพูน", name_en="Lamphun Don silk", price="350.00")
    b_tea = certified_product(producer=b, name_th="ชาของดอนเชียงใหม่", name_en="Chiang Mai Don tea",
                              price="1234.00", code="5001-2566-7777")
    shopper = UserFactory(email="both-customer@example.com")
    mixed = order_for((a_silk, 1), (b_tea, 1), user=shopper, email=shopper.email)
    b_shopper = UserFactory(email=B_CUSTOMER_EMAIL)
    only_b = order_for((b_tea, 2), user=b_shopper, email=B_CUSTOMER_EMAIL)
    for order in (mixed, only_b):
        mark_paid(order)
    client = Client()
    client.force_login(a_user)
    return dict(client=client, a=a, b=b, a_silk=a_silk, b_tea=b_tea, mixed=mixed, only_b=only_b,
                b_line=mixed.lines.get(partner=b.partner))


B_MARKS = ("ชาของดอนเชียงใหม่", "Chiang Mai Don tea", "5001-2566-7777", B_CUSTOMER_EMAIL, "1,234", "1234")


def _shows_nothing_of_b(response, leak):
    html = response.content.decode()
    # the mixed order's total is B's money too; B's own order is named by its number
    total = leak["mixed"].total_incl_tax
    marks = B_MARKS + (f"{total:,.2f}", f"{total:.2f}")
    if response.status_code == 200:
        marks += (leak["only_b"].number,)
    seen = [mark for mark in marks if mark in html]
    assert not seen, f"{response.request['PATH_INFO']} shows B's {seen}"


def test_the_dashboard_index_never_counts_b_s_revenue(leak):
    # when A opens the dashboard's index
    response = leak["client"].get("/dashboard/")
    # then no figure on it includes B's sale (the mixed order's total holds B's 1,234 baht line)
    if response.status_code == 200:
        a_revenue = Decimal("350.00")
        assert (response.context["total_revenue"] or 0) <= a_revenue, "A's revenue includes B's sale"
        assert (response.context["total_revenue_last_day"] or 0) <= a_revenue
        assert (response.context["average_order_costs"] or 0) <= a_revenue
        _shows_nothing_of_b(response, leak)


@pytest.mark.parametrize("path", ["/dashboard/orders/", "/dashboard/orders/?format=csv", "/dashboard/orders/statistics/"])
def test_the_order_pages_never_show_b_s_line_customer_or_total(leak, path):
    _shows_nothing_of_b(leak["client"].get(path), leak)


def test_the_order_detail_of_a_mixed_order_never_shows_b_s_line(leak):
    for path in (f"/dashboard/orders/{leak['mixed'].number}/",
                 f"/dashboard/orders/{leak['mixed'].number}/lines/{leak['b_line'].pk}/"):
        _shows_nothing_of_b(leak["client"].get(path), leak)


def test_an_order_of_b_alone_is_never_shown_to_a(leak):
    number = leak["only_b"].number
    for path in (f"/dashboard/orders/{number}/", f"/dashboard/orders/{number}/lines/{leak['only_b'].lines.get().pk}/"):
        response = leak["client"].get(path)
        assert response.status_code != 200
        _shows_nothing_of_b(response, leak)


def test_a_never_changes_b_s_line_status_nor_writes_on_b_s_order(leak):
    line = leak["b_line"]
    notes_before = leak["mixed"].notes.count()
    # when A posts a status change of B's line on the mixed order, and a note
    leak["client"].post(f"/dashboard/orders/{leak['mixed'].number}/", {
        "line_action": "change_line_statuses", "selected_line": [line.pk],
        f"selected_line_qty_{line.pk}": 1, "new_status": "Shipped"})
    leak["client"].post(f"/dashboard/orders/{leak['mixed'].number}/",
                        {"order_action": "save_note", "message": "A was here"})
    # then B's line keeps its status and the order has no new note from A
    line.refresh_from_db()
    assert line.status == "", f"A changed B's line to {line.status!r}"
    assert leak["mixed"].notes.count() == notes_before


def test_a_never_creates_or_deletes_products_through_the_dashboard(leak):
    client, products_before = leak["client"], Product.objects.count()
    # the product pages: none lists B's product
    _shows_nothing_of_b(client.get("/dashboard/catalogue/"), leak)
    # creating: the form does not open, and a post creates nothing
    assert client.get("/dashboard/catalogue/products/create/otop-product/").status_code != 200
    client.post("/dashboard/catalogue/products/create/otop-product/", {
        "title": "Not in the programme", "upc": "", "description": "", "is_public": "on",
        "stockrecords-TOTAL_FORMS": 0, "stockrecords-INITIAL_FORMS": 0,
        "images-TOTAL_FORMS": 0, "images-INITIAL_FORMS": 0,
        "recommended_products-TOTAL_FORMS": 0, "recommended_products-INITIAL_FORMS": 0,
        "attributes-TOTAL_FORMS": 0, "attributes-INITIAL_FORMS": 0})
    # deleting: neither A's own programme product nor B's
    for product in (leak["a_silk"], leak["b_tea"]):
        client.post(f"/dashboard/catalogue/products/{product.pk}/delete/")
    assert Product.objects.count() == products_before
    assert Product.objects.filter(pk__in=[leak["a_silk"].pk, leak["b_tea"].pk]).count() == 2


@pytest.mark.parametrize("path", ["/dashboard/users/", "/dashboard/reports/?report_type=order_report",
                                  "/dashboard/reports/?report_type=product_analytics"])
def test_customer_pages_and_reports_never_show_b_s_customer(leak, path):
    _shows_nothing_of_b(leak["client"].get(path), leak)
