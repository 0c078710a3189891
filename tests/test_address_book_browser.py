"""The account's address book in a real browser (Debian's Chromium): a Thai address is written with
the province list and no "state" field, as at the checkout; another country gets its state field back."""
import pytest
from django.conf import settings
from django.test import Client
from oscar.core.loading import get_model

from marketplace.testing.factories import UserFactory
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
UserAddress = get_model("address", "UserAddress")


def test_the_address_book_shows_the_province_list_for_thailand_and_the_state_elsewhere(live_server, page):
    # given a signed-in shopper on the English address book's new-address page
    user = UserFactory()
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    page.goto(live_server.url + "/en/accounts/addresses/add/")

    # then a new address is in Thailand: the province list, no state, the city line as the district
    assert page.locator("#id_country").input_value() == "TH"
    assert page.locator("#id_province").is_visible() and not page.locator("#id_state").is_visible()
    assert page.locator("label[for=id_line4]").inner_text().startswith("District / city")

    # when the shopper picks Japan the state field comes back, and Thailand again hides it
    page.select_option("#id_country", "JP")
    assert page.locator("#id_state").is_visible() and not page.locator("#id_province").is_visible()
    page.select_option("#id_country", "TH")

    # when they save a Chiang Mai address chosen from the list
    page.fill("#id_first_name", "Somsri")
    page.fill("#id_last_name", "Jaidee")
    page.fill("#id_line1", "12 Nimmanhaemin Road")
    page.fill("#id_line4", "Mueang Chiang Mai")
    page.select_option("#id_province", label="Chiang Mai")
    page.fill("#id_postcode", "50200")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/accounts/addresses/")

    # then the address keeps the province as its state
    saved = UserAddress.objects.get(user=user)
    assert (saved.country_id, saved.state, saved.postcode) == ("TH", "Chiang Mai", "50200")
