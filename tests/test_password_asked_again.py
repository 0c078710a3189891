"""A signed-in user's password asked again (the API's passwordChange and requestEmailChange, the
storefront's "Change password", "Change e-mail address" and "Delete profile") is a sign-in attempt
under the brute-force policy (``throttle.password_again``): a stolen session or token could otherwise
try passwords there without limit. Wrong ones count towards the account's lockout, and at the limit
the right one is refused there, as at every sign-in, until the cool-off has passed."""
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from buying import in_english
from graphql_client import data, token_for
from jobs_fixtures import job_rows
from marketplace.testing.factories import UserFactory
from test_login_throttle import ENGLISH_LOCKOUT, PASSWORD, token_create

pytestmark = pytest.mark.django_db
ACCOUNT_MAIL = "marketplace.accounts.tasks.send_account_mail"
CHANGE = """mutation($old: String, $new: String!) { passwordChange(oldPassword: $old, newPassword: $new)
            { errors { field code message } } }"""
EMAIL = """mutation($password: String!) { requestEmailChange(newEmail: "new@example.org", password: $password,
           redirectUrl: "http://localhost:3000/email") { errors { field code message } } }"""
NEW_PASSWORD = "a brand new passphrase 7"


@pytest.fixture(autouse=True)
def _english(_default_language, settings):
    in_english()
    settings.OTOP_STOREFRONT_URLS = ["http://localhost:3000"]


def _codes(answer):
    return [(error["field"], error["code"]) for error in answer["errors"]]


def _password_is(user, password):
    return get_user_model().objects.get(pk=user.pk).check_password(password)


def test_the_api_s_password_change_counts_wrong_old_passwords_and_locks_at_the_limit():
    # given a signed-in shopper (a token someone holds) whose old password is guessed wrong up to the limit
    user = UserFactory()
    token = token_for(user)
    guesses = [data(CHANGE, {"old": f"guess {n}", "new": NEW_PASSWORD}, token=token)["passwordChange"]
               for n in range(settings.AXES_FAILURE_LIMIT)]

    # when the right old password comes next
    right = data(CHANGE, {"old": PASSWORD, "new": NEW_PASSWORD}, token=token)["passwordChange"]

    # then the guesses were wrong credentials until the limit, the right one is delayed, nothing changed
    assert {tuple(_codes(g)[0]) for g in guesses[:-1]} == {("oldPassword", "INVALID_CREDENTIALS")}
    assert _codes(guesses[-1]) == [("oldPassword", "LOGIN_ATTEMPT_DELAYED")]
    assert right["errors"] == [{"field": "oldPassword", "code": "LOGIN_ATTEMPT_DELAYED", "message": ENGLISH_LOCKOUT}]
    assert _password_is(user, PASSWORD)
    # and the account's sign-in is locked too: one policy, one count
    assert token_create(Client(), user.email, PASSWORD)["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"


def test_below_the_limit_the_right_old_password_changes_it():
    user = UserFactory()
    token = token_for(user)
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        data(CHANGE, {"old": f"guess {n}", "new": NEW_PASSWORD}, token=token)
    assert data(CHANGE, {"old": PASSWORD, "new": NEW_PASSWORD}, token=token)["passwordChange"]["errors"] == []
    assert _password_is(user, NEW_PASSWORD)


def test_the_api_s_email_change_counts_wrong_passwords_and_mails_nothing_at_the_limit():
    user = UserFactory()
    token = token_for(user)
    for n in range(settings.AXES_FAILURE_LIMIT):
        data(EMAIL, {"password": f"guess {n}"}, token=token)
    right = data(EMAIL, {"password": PASSWORD}, token=token)["requestEmailChange"]
    assert _codes(right) == [("password", "LOGIN_ATTEMPT_DELAYED")]
    assert job_rows(ACCOUNT_MAIL) == []


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_storefront_s_change_password_page_counts_and_locks():
    user = UserFactory()
    client = _signed_in(user)

    def change(old):
        return client.post("/en/accounts/change-password/", {
            "old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    wrong = change("not the password")
    assert wrong.status_code == 200 and b"Your old password was entered incorrectly" in wrong.content
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        change("not the password")
    right = change(PASSWORD)
    assert right.status_code == 200 and ENGLISH_LOCKOUT.encode() in right.content
    assert _password_is(user, PASSWORD)


def test_the_storefront_s_email_change_and_delete_profile_pages_count_together_and_lock():
    user = UserFactory()
    client = _signed_in(user)
    half = settings.AXES_FAILURE_LIMIT // 2
    for _ in range(half):
        wrong = client.post("/en/accounts/email/", {"new_email": "new@example.org", "password": "nope"})
        assert b"Password isn&#x27;t valid." in wrong.content
    for _ in range(settings.AXES_FAILURE_LIMIT - half):
        wrong = client.post("/en/accounts/profile/delete/", {"password": "nope"})
        assert wrong.status_code == 200

    deleting = client.post("/en/accounts/profile/delete/", {"password": PASSWORD})
    changing = client.post("/en/accounts/email/", {"new_email": "new@example.org", "password": PASSWORD})

    assert deleting.status_code == 200 and ENGLISH_LOCKOUT.encode() in deleting.content
    assert changing.status_code == 200 and ENGLISH_LOCKOUT.encode() in changing.content
    assert get_user_model().objects.get(pk=user.pk).is_active and job_rows(ACCOUNT_MAIL) == []


def test_the_storefront_s_delete_profile_still_closes_with_the_right_password():
    user = UserFactory()
    client = _signed_in(user)
    wrong = client.post("/en/accounts/profile/delete/", {"password": "nope"})
    assert wrong.status_code == 200 and b"The entered password is not valid!" in wrong.content
    assert client.post("/en/accounts/profile/delete/", {"password": PASSWORD}).status_code == 302
    assert not get_user_model().objects.get(pk=user.pk).is_active
