"""What a fuzzing of every page and form found (2026-12-03), as the class each case belongs to: a
value a page's own form never sends gets a page or a 400 that says what was refused, never a 500;
a "back" address leads only within the site; a role reaches only its own pages."""
import re
import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import NoReverseMatch, reverse
from oscar.core.loading import get_model

from buying import order_for
from quoting import request_for, trade_buyer
from test_officers import LAMPANG, officer_of
from marketplace.quotes import access
from marketplace.shipping.models import PackagingAllowance
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db
WishList = get_model("wishlists", "WishList")
StockRecord = get_model("partner", "StockRecord")

NOT_LOCAL = ["abc", "-1", "ผ้าไหม", "logout", "home", "//evil.example/", "/\\evil.example/",
             "https://evil.example/x", "javascript:alert(1)", ""]


@pytest.mark.parametrize("target", NOT_LOCAL)
def test_the_currency_switch_goes_back_only_to_a_page_of_the_site(client, target):
    # when a shopper's currency form names as its "next" something that is not a page of the site
    response = client.post("/basket/currency/", {"currency": "USD", "next": target}, HTTP_REFERER=target)
    # then the currency is chosen and the shopper lands on the home page
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").context["request"].strategy.currency == "USD"


def test_the_currency_switch_goes_back_to_the_page_it_was_on(client):
    assert client.post("/basket/currency/", {"currency": "USD", "next": "/en/catalogue/?page=2"})["Location"] \
        == "/en/catalogue/?page=2"
    referer = client.post("/basket/currency/", {"currency": "XYZ"}, HTTP_REFERER="http://testserver/en/search/?q=silk")
    assert referer.status_code == 302 and referer["Location"] == "/en/search/?q=silk"


@pytest.mark.parametrize("page, fields", [
    ("/accounts/login/", {"login-username": "a" * 244 + "@example.com", "login-password": "x", "login_submit": "1"}),
    ("/accounts/login/", {"login-username": "ก" * 300, "login-password": "x", "login_submit": "1"}),
    ("/admin/login/", {"username": "A" * 300, "password": "x"}),
    ("/dashboard/login/", {"username": "A" * 300, "password": "x"}),
])
def test_signing_in_with_a_name_longer_than_any_account_is_a_refusal(page, fields):
    # when someone signs in with a name longer than any account's (the throttle counts it too)
    for _ in range(2):
        response = Client(REMOTE_ADDR="203.0.113.9").post(page, fields)
    # then the form says the sign-in failed
    assert response.status_code == 200


def test_a_nul_character_in_a_form_field_is_a_400_naming_the_field(client):
    response = client.post("/accounts/login/", {"login-username": "a\x00b", "login-password": "x", "login_submit": "1"})
    assert response.status_code == 400 and "login-username" in response.content.decode()


@pytest.mark.parametrize("fields", [
    {"title": "Nice", "score": "5", "body": ""},
    {"title": "", "score": "3", "body": "Lovely silk"},
    {"title": "Nice", "score": "", "body": "Lovely silk"},
    {"title": "Nice", "score": "9", "body": "Lovely silk"},
])
def test_a_review_with_a_missing_field_is_shown_again_with_what_was_typed(client, fields):
    product = certified_product()
    client.force_login(UserFactory())
    url = reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk})
    response = client.post(url, fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="add_review_form"' in page and "error" in page.lower()
    assert not product.reviews.exists()


@pytest.mark.parametrize("management, line", [
    ({"lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "1"}, {"lines-0-quantity": "2", "lines-1-quantity": "0"}),
    ({"lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0"}, {"lines-0-quantity": "0"}),
    ({"lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "1"}, {"lines-0-quantity": "0", "lines-0-id": "999999"}),
    ({"lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "1"}, {"lines-0-quantity": "0", "lines-0-id": ""}),
    ({"lines-TOTAL_FORMS": "5", "lines-INITIAL_FORMS": "5"}, {"lines-0-quantity": "0"}),
])
def test_a_wish_list_form_for_lines_the_list_does_not_have_changes_nothing(client, management, line):
    # given a shopper's wish list of one product
    shopper = UserFactory()
    wishlist = WishList.objects.create(owner=shopper, name="ของฝาก")
    wishlist.add(certified_product())
    client.force_login(shopper)
    # when its quantities form is posted for lines it does not have
    response = client.post(f"/accounts/wishlists/{wishlist.key}/",
                           {"lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000", **management, **line})
    # then the page answers and the list still holds its one line
    assert response.status_code in (200, 302)
    assert wishlist.lines.count() == 1


def test_a_wish_list_shared_with_more_addresses_than_allowed_is_refused_quickly(client):
    client.force_login(UserFactory())
    response = client.post("/accounts/wishlists/create/", {
        "name": "ของฝาก", "visibility": "Shared", "shared_emails-TOTAL_FORMS": "99999999999999999999",
        "shared_emails-INITIAL_FORMS": "0", "shared_emails-MIN_NUM_FORMS": "0", "shared_emails-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 200 and not WishList.objects.exists()
    assert response.content.decode().count('name="shared_emails-') <= 4 * 50 + 4


def _sharing(wishlist=None, rows=(), name="ของฝาก"):
    """The wish list form as its page posts it: ``rows`` of (address, ticked "Delete", the address's id)."""
    initial = sum(1 for _email, _ticked, pk in rows if pk)
    form = {"name": name, "visibility": "Shared", "shared_emails-TOTAL_FORMS": str(len(rows)),
            "shared_emails-INITIAL_FORMS": str(initial), "shared_emails-MIN_NUM_FORMS": "0",
            "shared_emails-MAX_NUM_FORMS": "1000"}
    for n, (email, ticked, pk) in enumerate(rows):
        form[f"shared_emails-{n}-email"] = email
        if ticked:
            form[f"shared_emails-{n}-DELETE"] = "on"
        if pk:
            form[f"shared_emails-{n}-id"] = str(pk)
            form[f"shared_emails-{n}-wishlist"] = str(wishlist.pk)
    return form


@pytest.mark.parametrize("email", ["", "not an address", "x" * 300, "a@b"])
def test_a_new_sharing_row_ticked_delete_is_not_added_whatever_it_holds(client, email):
    # given a shopper making a wish list shared with one friend
    client.force_login(UserFactory())

    # when a blank row is also ticked "Delete", whatever it holds
    response = client.post("/accounts/wishlists/create/", _sharing(rows=[("friend@example.com", False, None),
                                                                          (email, True, None)]))

    # then the list is made, shared with the friend only (a ticked row with no valid address was a 500)
    assert response.status_code == 302
    assert list(WishList.objects.get().shared_emails.values_list("email", flat=True)) == ["friend@example.com"]


def test_ticking_delete_beside_a_shared_address_removes_it(client):
    # given a wish list shared with two friends
    shopper = UserFactory()
    wishlist = WishList.objects.create(owner=shopper, name="ของฝาก", visibility=WishList.SHARED)
    keep, drop = (wishlist.shared_emails.create(email=email) for email in ("keep@example.com", "drop@example.com"))
    client.force_login(shopper)

    # when its owner ticks "Delete" beside one of them on the edit page
    response = client.post(f"/accounts/wishlists/{wishlist.key}/update/", _sharing(
        wishlist, rows=[(keep.email, False, keep.pk), (drop.email, True, drop.pk)]))

    # then that address no longer sees the list, the other still does (it was saved again, not removed)
    assert response.status_code == 302
    assert list(wishlist.shared_emails.values_list("email", flat=True)) == ["keep@example.com"]


@pytest.mark.parametrize("action", ["", "nope", "REORDER2", "x" * 500, "__class__"])
def test_an_order_line_form_with_another_action_goes_back_to_the_order(client, action):
    # given a shopper's order
    shopper = UserFactory()
    order = order_for((certified_product(), 1), user=shopper, email=shopper.email)
    line = order.lines.get()
    client.force_login(shopper)

    # when its line's "buy again" form is posted with an action it does not have, or its address opened
    posted = client.post(f"/accounts/orders/{order.number}/{line.pk}/", {"action": action})
    opened = client.get(f"/accounts/orders/{order.number}/{line.pk}/")

    # then both lead to the order's page (the theme has no page of one line: both were a 500)
    assert (posted.status_code, posted["Location"]) == (302, f"/accounts/orders/{order.number}/")
    assert (opened.status_code, opened["Location"]) == (302, f"/accounts/orders/{order.number}/")


@pytest.mark.parametrize("line", ["999999", "99999999999999999999"])
def test_an_order_line_the_order_does_not_have_is_a_404(client, line):
    shopper = UserFactory()
    order = order_for((certified_product(), 1), user=shopper, email=shopper.email)
    client.force_login(shopper)

    assert client.post(f"/accounts/orders/{order.number}/{line}/", {"action": "reorder"}).status_code == 404
    assert client.get(f"/accounts/orders/{order.number}/{line}/").status_code == 404


@pytest.fixture
def quote_request():
    buyer = trade_buyer()
    product = certified_product()
    return buyer, request_for(buyer, (product, 100, "pieces")), product.profile.producer


@pytest.mark.parametrize("producer", ["abc", "1e309", "-1", "", "99999999999999999999", "１２"])
def test_a_quote_message_to_a_producer_that_is_not_one_is_a_404(client, quote_request, producer):
    buyer, request, _ = quote_request
    client.force_login(buyer)
    response = client.post(f"/quotes/{request.pk}/message/", {"producer": producer, "body": "hello"})
    assert response.status_code == 404


@pytest.mark.parametrize("back", NOT_LOCAL)
def test_a_quote_message_goes_back_only_within_the_site(client, quote_request, back):
    buyer, request, producer = quote_request
    client.force_login(buyer)
    response = client.post(f"/quotes/{request.pk}/message/", {"producer": producer.pk, "body": "hello", "back": back})
    assert response.status_code == 302 and response["Location"] == reverse("quotes:request", kwargs={"pk": request.pk})


def test_a_programme_officer_sees_no_trade_buyers_requests_and_the_quote_office_does(client, quote_request):
    _, request, _ = quote_request
    officer = officer_of(LAMPANG)  # staff, to import their province's records
    client.force_login(officer)
    assert client.get(f"/quotes/{request.pk}/").status_code == 404
    assert client.get("/quotes/staff/").status_code == 403
    assert not access.requests_for(officer).exists()
    # and a staff member given the quote office's permission sees them
    office = UserFactory(is_staff=True)
    office.user_permissions.add(Permission.objects.get(codename="view_quoterequest"))
    client.force_login(office)
    assert client.get(f"/quotes/{request.pk}/").status_code == 200
    assert client.get("/quotes/staff/").status_code == 200


def test_a_programme_officer_cannot_add_the_packaging_allowance(client):
    client.force_login(officer_of(LAMPANG))
    url = "/admin/otop_shipping/packagingallowance/add/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"percent": "90.0", "grams": "5000"}).status_code == 403
    assert not PackagingAllowance.objects.exists()


@pytest.mark.parametrize("method, url, data", [
    ("post", "/admin/producers/producer/", {"action": "delete_selected", "_selected_action": "abc"}),
    ("post", "/admin/certification/certification/", {"action": "delete_selected", "_selected_action": "1e309"}),
    ("get", "/admin/producers/producer/add/?province=abc", None),
    ("post", "/admin/producers/producer/add/", {"province": "abc", "name_th": "x"}),
    ("get", "/dashboard/catalogue/?per_page=-1", None),
    ("get", "/dashboard/catalogue/?sort=checkbox", None),
    ("get", "/dashboard/catalogue/categories/?per_page=-1", None),
    ("post", "/dashboard/catalogue/", {"action": "delete_selected_products", "selected_product": "abc"}),
    ("post", "/dashboard/users/", {"action": "make_active", "selected_user": "abc"}),
    ("get", "/dashboard/pages/update/abc/", None),
    ("get", "/dashboard/catalogue/stock-alerts/?status=", None),
    ("get", "/dashboard/catalogue/stock-alerts/?status=nonsense", None),
    ("post", "/admin/catalogue/category/", {"action": "delete_selected", "_selected_action": "1"}),
    ("post", "/admin/catalogue/category/", {"index": "0"}),
    ("get", "/dashboard/catalogue/product-lookup/?page=abc", None),
    ("get", "/dashboard/catalogue/product-lookup/?page=0&page_limit=-5", None),
    ("get", "/dashboard/catalogue/product-lookup/?page=99999999999999999999", None),
])
def test_a_made_up_value_on_a_staff_page_is_a_refusal_not_an_error(client, superuser, method, url, data):
    certified_product()
    response = getattr(client, method)(url, data) if data is not None else client.get(url)
    assert response.status_code in (200, 302, 400, 404), (response.status_code, url)


def test_the_dashboard_product_lookup_reads_a_made_up_page_as_the_first(client, superuser):
    product = certified_product()
    response = client.get("/dashboard/catalogue/product-lookup/?page=abc&page_limit=0")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [product.pk]


def _admins():
    for model in admin.site._registry:
        yield pytest.param(model, id=model._meta.label)


def _date_lists():
    for model, model_admin in admin.site._registry.items():
        if model_admin.date_hierarchy:
            yield pytest.param(model, model_admin.date_hierarchy, id=model._meta.label)


@pytest.mark.parametrize("model, field", list(_date_lists()))
@pytest.mark.parametrize("query", ["{f}__year=99999999999999999999", "{f}__year=9999", "{f}__year=9999&{f}__month=12",
                                   "{f}__year=2026&{f}__month=99999999999999999999", "{f}__year=-1"])
def test_a_made_up_date_of_an_admin_date_list_is_a_refusal_not_an_error(client, superuser, model, field, query):
    # given an admin list that drills down by date (the audit log, the sign-in attempts, certifications ...)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    # when its year or month is one no calendar has, then it is refused (Django's admin raised a 500)
    response = client.get(f"{url}?{query.format(f=field)}")
    assert response.status_code in (200, 302, 400), (url, query, response.status_code)
    # and a real year still lists
    assert client.get(f"{url}?{field}__year=2026").status_code == 200


@pytest.mark.parametrize("model", list(_admins()))
def test_every_add_form_of_the_admin_saves_or_refuses(client, superuser, model):
    # given the admin's "add" page of a model (the project's, Oscar's, Django's), as a superuser
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    except NoReverseMatch:
        return  # no add page at all
    page = client.get(url)
    assert page.status_code in (200, 403)
    if page.status_code == 403:
        return  # rows the shop writes itself: no add form
    # when it is sent empty, then it is shown again with what is missing (or saved), never a 500
    assert client.post(url, {}).status_code in (200, 302)


def _admins_with_inlines():
    for model, model_admin in admin.site._registry.items():
        if model_admin.inlines:
            yield pytest.param(model, id=model._meta.label)


@pytest.mark.parametrize("model", list(_admins_with_inlines()))
def test_every_admin_add_form_shows_again_rows_its_inlines_never_offered(client, superuser, model):
    # given the admin's "add" page of a model with lists of related rows (inlines)
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    except NoReverseMatch:
        return
    page = client.get(url)
    prefixes = sorted(set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page.content.decode())))
    if page.status_code != 200 or not prefixes:
        return
    # when it comes back empty with made-up row counts in each list (rows a read-only list never offers)
    data = {}
    for prefix in prefixes:
        data.update({f"{prefix}-TOTAL_FORMS": "2", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    # then it is shown again with what is missing, or saved, never a 500
    assert client.post(url, data).status_code in (200, 302)


@pytest.mark.parametrize("total", ["1", "3"])
def test_the_producer_admin_shows_again_a_form_posted_with_rows_of_sent_invitations_it_never_offered(
        client, superuser, total):
    # given the admin's "add producer" form, whose list of sent invitations offers no new row
    url = reverse("admin:producers_producer_add")
    page = client.get(url)
    prefixes = sorted(set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page.content.decode())))
    assert len(prefixes) == 2  # the invitations sent (read only) and the members to invite
    # when it comes back incomplete with rows in the sent invitations' list (a made-up form count)
    data = {"name_th": ""}
    for prefix in prefixes:
        data.update({f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    response = client.post(url, data)
    # then the form is shown again with what is missing (it was a 500: the state of an invitation
    # never sent), and no producer or invitation is saved
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()  # what is missing, beside its field
    assert not get_model("producers", "Producer").objects.exists()
    assert not get_model("producers", "Invitation").objects.exists()


@pytest.mark.parametrize("model", list(_admins()))
def test_every_admin_list_posted_without_an_action_to_run_is_shown_again(client, superuser, model):
    # given an admin list (its action menu left at "---------", nothing ticked)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    # when its form is sent, then the list is shown again or left, never a 500 (the categories' tree was)
    assert client.post(url, {"action": "", "select_across": "0"}).status_code in (200, 302, 403)


def test_the_category_tree_posted_without_an_action_shows_its_top_level(client, superuser):
    certified_product()
    response = client.post(reverse("admin:catalogue_category_changelist"), {"action": "", "select_across": "0"})
    assert response.status_code == 200
    assert "Textiles" in response.content.decode()


def _profile_form(client, profile):
    from fuzz_every_form import Page

    url = reverse("admin:otop_catalog_productprofile_change", args=[profile.pk])
    page = Page()
    page.feed(client.get(url).content.decode())
    form = next(f for f in page.forms if any(name == "extra" for name, *_ in f["fields"]))
    data = {name: value for name, kind, value, _ in form["fields"]
            if value is not None and name != "csrfmiddlewaretoken"}
    return url, data


@pytest.mark.parametrize("value, message", [
    ("NaN", "JSON เก็บไม่ได้"),
    ("1e400", "JSON เก็บไม่ได้"),
    ('{"weight": Infinity}', "JSON เก็บไม่ได้"),
    ("5", "ออบเจกต์ JSON"),
    ('["a"]', "ออบเจกต์ JSON"),
    ('"text"', "ออบเจกต์ JSON"),
    ("{", "valid JSON"),  # Django's own message, which Django has in English only
])
def test_a_json_box_of_the_admin_refuses_what_its_column_cannot_hold_beside_the_box(client, superuser, value, message):
    # given a product's profile in the admin, with the record data the import kept (a JSON object)
    profile = certified_product().profile
    profile.extra = {"note": "kept"}
    profile.save(update_fields=["extra"])
    url, data = _profile_form(client, profile)
    # when its box holds what is not a JSON object, or a number JSON cannot hold
    response = client.post(url, dict(data, extra=value))
    # then the form is shown again saying so in the staff's Thai (NaN and 1e400 were a 500, 5 was saved),
    # and nothing changed
    assert response.status_code == 200
    assert message in response.content.decode()
    profile.refresh_from_db()
    assert profile.extra == {"note": "kept"}


def test_an_emptied_json_box_of_the_admin_saves_its_columns_default(client, superuser):
    # given a product's profile with record data
    profile = certified_product().profile
    profile.extra = {"note": "kept"}
    profile.save(update_fields=["extra"])
    url, data = _profile_form(client, profile)
    # when the box is emptied (it was a 500: NULL in a column that may not hold it)
    response = client.post(url, dict(data, extra=""))
    # then the profile is saved with no record data
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.extra == {}
