"""The password rule (Django's AUTH_PASSWORD_VALIDATORS) in both front ends: the storefront's
registration (Oscar's form), in Thai and in English, and the API's accountRegister, setPassword and
passwordChange with Saleor's codes."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator

from graphql_client import data
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
GOOD = "ข้าวหอมมะลิ ทุ่งกุลา 2026"
SHORT = "Qz7!wK"  # too short and nothing else ("x" is in Django's list of common passwords too)
REFUSED = {  # password → (Saleor's code, Thai message, English message)
    SHORT: ("PASSWORD_TOO_SHORT", "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร",
          "This password is too short. It must contain at least 8 characters."),
    "password123": ("PASSWORD_TOO_COMMON", "รหัสผ่านนี้ใช้กันทั่วไปเกินไป", "This password is too common."),
    "90817263549": ("PASSWORD_ENTIRELY_NUMERIC", "รหัสผ่านนี้เป็นตัวเลขทั้งหมด", "This password is entirely numeric."),
}


def _register_on_the_storefront(client, prefix, email, password):
    return client.post(f"{prefix}/accounts/register/", {"email": email, "password1": password, "password2": password})


@pytest.mark.parametrize("password", [SHORT, "password123"])
@pytest.mark.parametrize("prefix, language", [("", 1), ("/en", 2)])
def test_the_storefront_registration_refuses_a_short_or_common_password_in_the_shoppers_language(
        client, password, prefix, language):
    # when a shopper registers on the Thai (or English) storefront with a weak password
    response = _register_on_the_storefront(client, prefix, "malee@example.com", password)

    # then the form comes back with the validator's message in that language and no account exists
    assert response.status_code == 200
    assert REFUSED[password][language] in response.content.decode()
    assert not get_user_model().objects.filter(email="malee@example.com").exists()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_storefront_registration_accepts_a_good_password(client, prefix):
    # when a shopper registers with a long, uncommon password
    response = _register_on_the_storefront(client, prefix, "malee@example.com", GOOD)

    # then the account exists with that password
    assert response.status_code == 302
    assert get_user_model().objects.get(email="malee@example.com").check_password(GOOD)


def test_the_storefront_registration_refuses_a_password_like_the_email(client):
    response = _register_on_the_storefront(client, "/en", "somchai.jaidee@example.com", "somchai.jaidee")
    assert "The password is too similar to the email address." in response.content.decode()
    assert not get_user_model().objects.filter(email="somchai.jaidee@example.com").exists()


@pytest.mark.parametrize("prefix, language", [("", 1), ("/en", 2)])
def test_the_storefront_password_change_refuses_a_common_password_in_the_shoppers_language(client, prefix, language):
    # given a signed-in shopper
    user = UserFactory()
    client.force_login(user)

    # when they change their password to a common one
    response = client.post(f"{prefix}/accounts/change-password/", {
        "old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"})

    # then the form says why, in their language, and the password is unchanged
    assert response.status_code == 200 and REFUSED["password123"][language] in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


REGISTER = """mutation($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { email } errors { field code message } } }"""


@pytest.mark.parametrize("password", sorted(REFUSED))
def test_account_register_refuses_a_weak_password_with_saleors_code(password):
    # when a client registers with a weak password
    answer = data(REGISTER, {"input": {"email": "malee@example.com", "password": password}})["accountRegister"]

    # then the error names the password with Saleor's code and no account exists
    assert answer["user"] is None
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("password", REFUSED[password][0])]
    assert not get_user_model().objects.filter(email="malee@example.com").exists()


def test_account_register_refuses_a_password_like_the_email_and_accepts_a_good_one():
    similar = data(REGISTER, {"input": {"email": "somchai.jaidee@example.com", "password": "somchai.jaidee"}})
    good = data(REGISTER, {"input": {"email": "somchai.jaidee@example.com", "password": GOOD}})

    assert [e["code"] for e in similar["accountRegister"]["errors"]] == ["PASSWORD_TOO_SIMILAR"]
    assert good["accountRegister"] == {"user": {"email": "somchai.jaidee@example.com"}, "errors": []}
    assert get_user_model().objects.get(email="somchai.jaidee@example.com").check_password(GOOD)


def test_the_api_refusal_message_is_in_the_clients_language():
    # when a client registers with a one-character password, asking in Thai, in English, and not saying
    variables = {"input": {"email": "malee@example.com", "password": "x"}}
    thai = data(REGISTER, variables, language="th")["accountRegister"]
    english = data(REGISTER, variables, language="en")["accountRegister"]
    unsaid = data(REGISTER, variables)["accountRegister"]

    # then each reads the validators' messages (the length's first) in its language, English as Saleor's by default
    assert thai["errors"][0]["message"].startswith(REFUSED[SHORT][1])
    assert english["errors"][0]["message"].startswith(REFUSED[SHORT][2])
    assert unsaid["errors"][0]["message"].startswith(REFUSED[SHORT][2])


SET_PASSWORD = """mutation($email: String!, $token: String!, $password: String!) {
  setPassword(email: $email, token: $token, password: $password) { user { email } errors { field code } } }"""
CHANGE = """mutation($old: String!, $new: String!) { passwordChange(oldPassword: $old, newPassword: $new) {
  user { email } errors { field code } } }"""


@pytest.mark.parametrize("password", sorted(REFUSED))
def test_set_password_and_password_change_refuse_a_weak_password_with_saleors_code(password):
    # given a shopper with a reset token and a signed-in session
    user = UserFactory()
    access = data("""mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password)
                     { token } }""", {"email": user.email, "password": PASSWORD})["tokenCreate"]["token"]
    user.refresh_from_db()
    token = default_token_generator.make_token(user)  # after the sign-in, which a reset token must follow

    # when they set, and change, a weak password
    reset = data(SET_PASSWORD, {"email": user.email, "token": token, "password": password})["setPassword"]
    change = data(CHANGE, {"old": PASSWORD, "new": password}, token=access)["passwordChange"]

    # then both are refused with Saleor's code and the password is unchanged
    assert reset["errors"] == [{"field": "password", "code": REFUSED[password][0]}]
    assert change["errors"] == [{"field": "newPassword", "code": REFUSED[password][0]}]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def _under(page, first, second, message):
    """Whether ``message`` is shown between the field ``first`` and the field ``second`` (under the first)."""
    return page.index(f'id="id_{first}"') < page.index(message) < page.index(f'id="id_{second}"')


def test_the_storefront_forms_show_the_rule_under_the_password_typed_not_its_confirmation(client):
    short = REFUSED[SHORT][2]
    # registration, the same short password twice: the rule under the password
    page = _register_on_the_storefront(client, "/en", "malee@example.com", "x").content.decode()
    assert _under(page, "password1", "password2", short)
    # two different short passwords: the rule under the first, "they differ" under the confirmation
    page = client.post("/en/accounts/register/", {"email": "malee@example.com", "password1": "x",
                                                  "password2": "y"}).content.decode()
    assert _under(page, "password1", "password2", short)
    assert page.index('id="id_password2"') < page.index("The two password fields didn")

    # the password change
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    page = client.post("/en/accounts/change-password/", {"old_password": PASSWORD, "new_password1": "x",
                                                         "new_password2": "x"}).content.decode()
    assert _under(page, "new_password1", "new_password2", short)
    client.logout()

    # the reset link's page
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    link = f"/en/password-reset/confirm/{urlsafe_base64_encode(force_bytes(user.pk))}/" \
           f"{default_token_generator.make_token(user)}/"
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    page = client.post(form_url, {"new_password1": "x", "new_password2": "x"}).content.decode()
    assert _under(page, "new_password1", "new_password2", short)
    assert get_user_model().objects.get(pk=user.pk).check_password(PASSWORD)  # nothing changed
