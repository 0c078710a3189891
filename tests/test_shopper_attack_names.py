"""A shopper's own first and last name, wherever it is typed: the storefront's profile page and
the API's accountUpdate and accountRegister. A name is printed on parcel labels and in e-mails,
so it holds no control character or direction override and is not cut silently at 150 characters
(``accounts.profile.clean_name``); Thai names are kept as typed."""
import pytest
from django.contrib.auth import get_user_model

from buying import in_english
from graphql_client import data, post, token_for
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
ERRORS = "errors { field code message }"
UPDATE = f"""mutation($first: String, $last: String) {{ accountUpdate(input: {{firstName: $first, lastName: $last}})
  {{ user {{ firstName lastName }} {ERRORS} }} }}"""
REGISTER = f"""mutation($input: AccountRegisterInput!) {{ accountRegister(input: $input) {{ user {{ email }} {ERRORS} }} }}"""
BAD_NAMES = {
    "escape sequence": "Malee\x1b[31m",
    "direction override": "Malee\u202eeelaM",
    "only a zero-width space": "\u200b",
    "151 characters": "ม" * 151,
}


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_account_update_refuses_a_name_that_is_not_plain_text_and_changes_nothing(name):
    # given a signed-in shopper
    user = UserFactory(first_name="มาลี", last_name="ใจดี")
    # when accountUpdate sends the bad first name with a good last name
    answer = data(UPDATE, {"first": name, "last": "Sukjai"}, token=token_for(user))["accountUpdate"]
    # then the first name is refused by name, and neither name changed
    [error] = answer["errors"]
    assert (error["field"], error["code"]) == ("firstName", "INVALID")
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("มาลี", "ใจดี")


def test_a_long_name_is_refused_not_cut():
    user = UserFactory(first_name="มาลี")
    answer = data(UPDATE, {"last": "ใ" * 151}, token=token_for(user))["accountUpdate"]
    assert answer["errors"] == [{"field": "lastName", "code": "INVALID",
                                 "message": "A name holds at most 150 characters (this one has 151)."}]


def test_thai_names_with_a_zero_width_space_inside_are_kept():
    user = UserFactory()
    answer = data(UPDATE, {"first": "มา\u200bลี", "last": " ใจดี "}, token=token_for(user))["accountUpdate"]
    assert answer["errors"] == []
    assert answer["user"]["lastName"] == "ใจดี"


@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_account_register_refuses_a_bad_name_and_creates_no_account(name):
    status, body = post(REGISTER, {"input": {"email": "new@example.org", "password": "a-long-passphrase-2569",
                                             "lastName": name, "redirectUrl": "http://127.0.0.1:3000/confirm"}})
    [error] = body["data"]["accountRegister"]["errors"]
    assert (error["field"], error["code"]) == ("lastName", "INVALID")
    assert not get_user_model().objects.filter(email="new@example.org").exists()


@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_the_profile_page_refuses_a_bad_name_by_its_field(client, name):
    # given a signed-in shopper on the storefront's "Edit profile"
    user = UserFactory(email="malee@example.org", first_name="มาลี", last_name="ใจดี")
    client.force_login(user)
    # when the form is sent with the bad first name
    response = client.post("/en/accounts/profile/edit/",
                           {"email": "malee@example.org", "first_name": name, "last_name": "Sukjai"})
    # then the page shows the form again with the refusal, and nothing changed
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"first_name"}
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("มาลี", "ใจดี")
