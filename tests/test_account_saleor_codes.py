"""The account mutations' errors as a Saleor storefront reads them (``errors { field code }``), for
the inputs where Saleor 3.23's answer is known from its own mutations and tests: a closed account
with a wrong password, a wrong old password, a blank e-mail, an unknown or switched-off channel,
a default address refused by ``accountUpdate``."""
import pytest
from django.contrib.auth import get_user_model

from graphql_client import data, token_for
from jobs_fixtures import job_rows
from marketplace.channels.models import Channel
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"  # the factory's
ERRORS = "errors { field code message }"
ACCOUNT_MAIL = "marketplace.accounts.tasks.send_account_mail"
STOREFRONT = "http://localhost:3000"
BANGKOK = {"firstName": "Somchai", "lastName": "Jaidee", "streetAddress1": "99 Sukhumvit Rd", "city": "Bangkok",
           "countryArea": "Bangkok", "postalCode": "10110", "country": "TH", "phone": "+66812345678"}

SIGN_IN = f"""mutation($email: String!, $password: String!) {{
  tokenCreate(email: $email, password: $password) {{ token {ERRORS} }} }}"""
CHANGE = f"""mutation($old: String, $new: String!) {{ passwordChange(oldPassword: $old, newPassword: $new)
  {{ user {{ email }} {ERRORS} }} }}"""
REGISTER = f"""mutation($input: AccountRegisterInput!) {{
  accountRegister(input: $input) {{ user {{ email }} {ERRORS} }} }}"""
REQUEST_DELETION = f"""mutation($url: String!, $channel: String) {{
  accountRequestDeletion(redirectUrl: $url, channel: $channel) {{ {ERRORS} }} }}"""
UPDATE = """mutation($input: AccountInput!) { accountUpdate(input: $input)
  { user { defaultShippingAddress { id } } errors { field code addressType } } }"""


def _codes(answer):
    return [(error["field"], error["code"]) for error in answer["errors"]]


def test_a_closed_account_with_a_wrong_password_reads_like_an_unknown_email():
    # given a closed account
    closed = UserFactory(email="closed@example.com", is_active=False)

    # when someone signs in with a wrong password, with an unknown e-mail, and with the right password
    wrong = data(SIGN_IN, {"email": closed.email, "password": "not the password"})["tokenCreate"]
    unknown = data(SIGN_IN, {"email": "nobody@example.com", "password": "not the password"})["tokenCreate"]
    right = data(SIGN_IN, {"email": closed.email, "password": PASSWORD})["tokenCreate"]

    # then, as Saleor, the wrong password is INVALID_CREDENTIALS like the unknown e-mail (nothing says the
    # account exists or was closed); only the right password is told INACTIVE; no token either way
    assert _codes(wrong) == _codes(unknown) == [("email", "INVALID_CREDENTIALS")]
    assert wrong["errors"][0]["message"] == unknown["errors"][0]["message"]
    assert _codes(right) == [("email", "INACTIVE")]
    assert wrong["token"] is None and right["token"] is None


def test_a_wrong_or_missing_old_password_is_invalid_credentials_on_old_password():
    # given a signed-in shopper
    user = UserFactory()
    token = token_for(user)

    # when they change their password with a wrong old one, and with none
    wrong = data(CHANGE, {"old": "not my password", "new": "a much longer passphrase"}, token=token)
    missing = data(CHANGE, {"new": "a much longer passphrase"}, token=token)

    # then each is Saleor's INVALID_CREDENTIALS on oldPassword, and the password stays as it was
    assert _codes(wrong["passwordChange"]) == [("oldPassword", "INVALID_CREDENTIALS")]
    assert _codes(missing["passwordChange"]) == [("oldPassword", "INVALID_CREDENTIALS")]
    assert wrong["passwordChange"]["user"] is None
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_registering_with_a_blank_email_is_required_not_invalid():
    # given a storefront's registration form sent with the e-mail left blank (or only spaces)
    # when it registers
    blank = data(REGISTER, {"input": {"email": "", "password": "a long enough passphrase 42"}})["accountRegister"]
    spaces = data(REGISTER, {"input": {"email": "   ", "password": "a long enough passphrase 42"}})["accountRegister"]

    # then the e-mail is REQUIRED, as Saleor says of a blank one, and no account is made
    assert _codes(blank) == _codes(spaces) == [("email", "REQUIRED")]
    assert blank["user"] is None and not get_user_model().objects.filter(email="").exists()


def test_a_deletion_request_in_an_unknown_or_switched_off_channel_is_refused_and_mails_nothing(settings):
    # given a signed-in shopper and a channel that is switched off
    settings.OTOP_STOREFRONT_URLS = [STOREFRONT]
    token = token_for(UserFactory())
    off = Channel.objects.exclude(slug="th-thb").order_by("pk").first()
    off.is_active = False
    off.save()

    def ask(channel=None):
        return data(REQUEST_DELETION, {"url": f"{STOREFRONT}/delete", "channel": channel},
                    token=token)["accountRequestDeletion"]

    # when they ask for the deletion mail naming a channel that does not exist, then the switched-off one
    unknown, inactive = ask("no-such-channel"), ask(off.slug)
    refused_mails = job_rows(ACCOUNT_MAIL)
    # and then in the shop's channel, and without naming one
    named, unnamed = ask("th-thb"), ask()

    # then the first two are refused on channel with Saleor's codes, naming the slug, and mail nothing;
    # the last two are accepted and each queues its mail
    assert _codes(unknown) == [("channel", "NOT_FOUND")]
    assert "no-such-channel" in unknown["errors"][0]["message"]
    assert _codes(inactive) == [("channel", "CHANNEL_INACTIVE")]
    assert off.slug in inactive["errors"][0]["message"]
    assert refused_mails == []
    assert named["errors"] == unnamed["errors"] == [] and len(job_rows(ACCOUNT_MAIL)) == 2


def test_registering_in_an_unknown_or_switched_off_channel_is_refused_and_makes_no_account():
    # given a channel that is switched off
    off = Channel.objects.exclude(slug="th-thb").order_by("pk").first()
    off.is_active = False
    off.save()

    def register(email, channel):
        return data(REGISTER, {"input": {"email": email, "password": "a long enough passphrase 42",
                                         "channel": channel}})["accountRegister"]

    # when shoppers register naming a channel that does not exist, the switched-off one, and the shop's
    unknown = register("one@example.com", "no-such-channel")
    inactive = register("two@example.com", off.slug)
    shop = register("three@example.com", "th-thb")

    # then the first two are refused on channel with Saleor's codes and make no account; the last is made
    assert _codes(unknown) == [("channel", "NOT_FOUND")] and _codes(inactive) == [("channel", "CHANNEL_INACTIVE")]
    made = set(get_user_model().objects.values_list("email", flat=True))
    assert "one@example.com" not in made and "two@example.com" not in made
    assert shop["errors"] == [] and "three@example.com" in made


SET_PASSWORD = f"""mutation($email: String!, $token: String!, $password: String!) {{
  setPassword(email: $email, token: $token, password: $password) {{ user {{ email }} {ERRORS} }} }}"""


def test_a_password_several_rules_refuse_gets_an_error_for_each(settings):
    # given a shopper signed in, another with a password-reset token, and a password that is short,
    # common and only digits at once
    from django.contrib.auth.tokens import default_token_generator

    weak = "1234"
    changing, resetting = UserFactory(), UserFactory()
    token = default_token_generator.make_token(resetting)

    # when it is given to register, to change a password and to set one
    registered = data(REGISTER, {"input": {"email": "new@example.com", "password": weak}})["accountRegister"]
    changed = data(CHANGE, {"old": PASSWORD, "new": weak}, token=token_for(changing))["passwordChange"]
    reset = data(SET_PASSWORD, {"email": resetting.email, "token": token, "password": weak})["setPassword"]

    # then, as Saleor, each rule is an error of its own with its own message (it was one error with the
    # first rule's code and every message run together), and no password changes
    rules = ["PASSWORD_TOO_SHORT", "PASSWORD_TOO_COMMON", "PASSWORD_ENTIRELY_NUMERIC"]
    assert _codes(registered) == [("password", code) for code in rules]
    assert _codes(changed) == [("newPassword", code) for code in rules]
    assert _codes(reset) == [("password", code) for code in rules]
    messages = [error["message"] for error in registered["errors"]]
    assert messages[0].startswith("This password is too short.") and "common" not in messages[0]
    assert messages[1] == "This password is too common." and messages[2] == "This password is entirely numeric."
    changing.refresh_from_db()
    resetting.refresh_from_db()
    assert changing.check_password(PASSWORD) and resetting.check_password(PASSWORD)
    assert not get_user_model().objects.filter(email="new@example.com").exists()


def test_an_account_update_default_address_error_says_which_address_it_is_about():
    # given a signed-in shopper with no address
    user = UserFactory()
    token = token_for(user)

    # when their update sends a default shipping address without a city, then a billing one without a postcode
    shipping = data(UPDATE, {"input": {"defaultShippingAddress": dict(BANGKOK, city="")}},
                    token=token)["accountUpdate"]
    billing = data(UPDATE, {"input": {"defaultShippingAddress": BANGKOK,
                                      "defaultBillingAddress": dict(BANGKOK, postalCode="")}},
                   token=token)["accountUpdate"]

    # and then a first name longer than a name may be
    name = data(UPDATE, {"input": {"firstName": "x" * 151}}, token=token)["accountUpdate"]

    # then each address error names the field and, as Saleor's, the address type; nothing is saved;
    # the name's error has no address type
    assert shipping == {"user": None, "errors": [{"field": "city", "code": "REQUIRED", "addressType": "SHIPPING"}]}
    assert billing == {"user": None, "errors": [{"field": "postalCode", "code": "REQUIRED", "addressType": "BILLING"}]}
    assert not user.addresses.exists()
    assert name["errors"] == [{"field": "firstName", "code": "INVALID", "addressType": None}]


def test_metadata_of_an_object_not_found_is_said_in_the_clients_language():
    # when a client asks in Thai, then in English, to tag an object that does not exist for it
    mutation = """mutation($id: ID!) { updateMetadata(id: $id, input: [{key: "k", value: "v"}]) {
      errors { field code message } } }"""
    unknown = "Q2hlY2tvdXQ6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw"
    thai = data(mutation, {"id": unknown}, language="th")["updateMetadata"]["errors"]
    english = data(mutation, {"id": unknown}, language="en")["updateMetadata"]["errors"]

    # then NOT_FOUND on id, its message in each language (the Thai one was English)
    assert [(e["field"], e["code"]) for e in thai] == [(e["field"], e["code"]) for e in english] == [("id", "NOT_FOUND")]
    assert thai[0]["message"].startswith("ไม่พบวัตถุที่มีเมทาดาทา")
    assert english[0]["message"].startswith("Couldn't resolve to an object with metadata")
