"""The account through /graphql/ as Saleor's storefront uses it: address book, profile, password,
password reset and deletion e-mails, metadata on the checkout."""
import re

import pytest
from django.core import mail
from oscar.core.loading import get_model

from graphql_client import data, post
from jobs_fixtures import job_rows, run_enqueued
from marketplace.graphql.core.ids import global_id
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
UserAddress = get_model("address", "UserAddress")
PASSWORD = "correct horse battery staple"
ERRORS = "errors { field code message }"
BANGKOK = {"firstName": "Somchai", "lastName": "Jaidee", "streetAddress1": "99 Sukhumvit Rd", "city": "Bangkok",
           "countryArea": "Bangkok", "postalCode": "10110", "country": "TH", "phone": "+66812345678"}
CHIANG_MAI = dict(BANGKOK, streetAddress1="5 Nimman Rd", city="Chiang Mai", countryArea="Chiang Mai",
                  postalCode="50200")
ADDRESS = "id firstName streetAddress1 city postalCode country { code } phone"
CREATE = f"""mutation($input: AddressInput!, $type: AddressTypeEnum) {{ accountAddressCreate(input: $input, type: $type)
  {{ address {{ {ADDRESS} }}
     user {{ addresses {{ id }} defaultShippingAddress {{ id }} defaultBillingAddress {{ id }} }}
     {ERRORS} }} }}"""
PROFILE = f"""{{ me {{ email firstName lastName languageCode addresses {{ {ADDRESS} }}
  defaultShippingAddress {{ id }} defaultBillingAddress {{ id }} }} }}"""


ACCOUNT_MAIL = "marketplace.accounts.tasks.send_account_mail"


@pytest.fixture
def committed():
    """``data`` whose mail jobs then run (their bodies, here: see ``jobs_fixtures.run_enqueued``)."""
    def run(*args, **kwargs):
        answer = data(*args, **kwargs)
        run_enqueued(ACCOUNT_MAIL)
        return answer
    return run


def _token(user, password=PASSWORD):
    return data("""mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password)
                   { token } }""", {"email": user.email, "password": password})["tokenCreate"]["token"]


def _create(token, address=BANGKOK, kind=None):
    return data(CREATE, {"input": address, "type": kind}, token=token)["accountAddressCreate"]


def test_the_first_address_is_both_defaults_and_a_later_one_can_become_the_billing_default():
    # given a shopper with no address
    token = _token(UserFactory())

    # when they add two addresses and make the second the billing default
    first = _create(token)
    second = _create(token, CHIANG_MAI)
    answer = data(f"""mutation($id: ID!) {{ accountSetDefaultAddress(id: $id, type: BILLING)
                      {{ user {{ defaultBillingAddress {{ city }} }} {ERRORS} }} }}""",
                  {"id": second["address"]["id"]}, token=token)["accountSetDefaultAddress"]

    # then both are in the book, Bangkok ships and Chiang Mai bills
    assert first["errors"] == [] and first["address"]["city"] == "Bangkok"
    assert first["address"]["phone"] == "+66812345678" and first["address"]["country"]["code"] == "TH"
    assert answer == {"user": {"defaultBillingAddress": {"city": "Chiang Mai"}}, "errors": []}
    me = data(PROFILE, token=token)["me"]
    assert [address["city"] for address in me["addresses"]] == ["Bangkok", "Chiang Mai"]
    assert me["defaultShippingAddress"]["id"] == first["address"]["id"]
    assert me["defaultBillingAddress"]["id"] == second["address"]["id"]


def test_an_address_update_and_delete_change_the_book():
    # given a shopper with one address
    token = _token(UserFactory())
    address_id = _create(token)["address"]["id"]

    # when they move it to Chiang Mai, then delete it
    updated = data(f"""mutation($id: ID!, $input: AddressInput!) {{ accountAddressUpdate(id: $id, input: $input)
                       {{ address {{ city postalCode }} {ERRORS} }} }}""",
                   {"id": address_id, "input": CHIANG_MAI}, token=token)["accountAddressUpdate"]
    deleted = data(f"""mutation($id: ID!) {{ accountAddressDelete(id: $id) {{ address {{ id city }}
                       user {{ addresses {{ id }} }} {ERRORS} }} }}""", {"id": address_id}, token=token)

    # then the update is kept and the delete empties the book
    assert updated == {"address": {"city": "Chiang Mai", "postalCode": "50200"}, "errors": []}
    assert deleted["accountAddressDelete"] == {"address": {"id": address_id, "city": "Chiang Mai"},
                                               "user": {"addresses": []}, "errors": []}


def test_another_users_address_is_not_found_and_stays_as_it_was():
    # given two shoppers, the owner with an address in Bangkok
    owner, intruder = UserFactory(), UserFactory()
    address_id = _create(_token(owner))["address"]["id"]
    intruder_token = _token(intruder)
    _create(intruder_token, CHIANG_MAI)

    # when the other shopper updates, deletes and defaults the owner's address by its id
    update = data(f"""mutation($id: ID!, $input: AddressInput!) {{ accountAddressUpdate(id: $id, input: $input)
                      {{ address {{ id }} {ERRORS} }} }}""", {"id": address_id, "input": CHIANG_MAI},
                  token=intruder_token)["accountAddressUpdate"]
    delete = data(f"mutation($id: ID!) {{ accountAddressDelete(id: $id) {{ {ERRORS} }} }}", {"id": address_id},
                  token=intruder_token)["accountAddressDelete"]
    default = data(f"mutation($id: ID!) {{ accountSetDefaultAddress(id: $id, type: SHIPPING) {{ {ERRORS} }} }}",
                   {"id": address_id}, token=intruder_token)["accountSetDefaultAddress"]

    # then each is NOT_FOUND and the owner's address is unchanged and still theirs
    for answer in (update, delete, default):
        assert [(error["field"], error["code"]) for error in answer["errors"]] == [("id", "NOT_FOUND")]
    address = UserAddress.objects.get(user=owner)
    assert (address.line4, address.is_default_for_shipping) == ("Bangkok", True)
    assert UserAddress.objects.filter(user=intruder, is_default_for_shipping=True).get().line4 == "Chiang Mai"


def test_a_bad_address_names_the_field_and_saves_nothing():
    # given a shopper
    user = UserFactory()
    token = _token(user)

    # when the city is missing, and then the country is one the shop does not ship to
    missing = _create(token, dict(BANGKOK, city=""))
    elsewhere = _create(token, dict(BANGKOK, country="AQ"))

    # then each error names its field with Saleor's code, and the book stays empty
    assert [(e["field"], e["code"]) for e in missing["errors"]] == [("city", "REQUIRED")]
    assert [(e["field"], e["code"]) for e in elsewhere["errors"]] == [("country", "INVALID")]
    assert missing["address"] is None and not UserAddress.objects.filter(user=user).exists()


def test_an_address_error_says_which_address_type_it_is_about_as_saleor_does():
    # given a shopper adding a shipping address with no city, and one with no address type
    token = _token(UserFactory())
    asked = """mutation($input: AddressInput!, $type: AddressTypeEnum) { accountAddressCreate(input: $input, type: $type)
               { errors { field code addressType attributes } } }"""

    shipping = data(asked, {"input": dict(BANGKOK, city=""), "type": "SHIPPING"}, token=token)["accountAddressCreate"]
    untyped = data(asked, {"input": dict(BANGKOK, city="")}, token=token)["accountAddressCreate"]

    # then the error carries the type it was given (Saleor's AccountError.addressType), or none
    assert shipping["errors"] == [{"field": "city", "code": "REQUIRED", "addressType": "SHIPPING", "attributes": None}]
    assert untyped["errors"] == [{"field": "city", "code": "REQUIRED", "addressType": None, "attributes": None}]


def test_address_mutations_need_a_signed_in_user_and_a_well_formed_id():
    # given a shopper
    token = _token(UserFactory())

    # when nobody is signed in, and when the id is not an address id
    status, anonymous = post(CREATE, {"input": BANGKOK})
    _, malformed = post(f"mutation {{ accountAddressDelete(id: \"not-an-id\") {{ {ERRORS} }} }}", token=token)
    _, product_id = post(f"mutation($id: ID!) {{ accountAddressDelete(id: $id) {{ {ERRORS} }} }}",
                         {"id": global_id("Product", 1)}, token=token)

    # then these are GraphQL errors that say why, not server errors
    assert status == 200 and "signed in" in anonymous["errors"][0]["message"]
    assert "Invalid ID 'not-an-id'" in malformed["errors"][0]["message"]
    assert "expected the id of an Address" in product_id["errors"][0]["message"]


def test_the_profile_query_costs_the_same_for_one_address_or_five(django_assert_max_num_queries):
    # given a shopper with five addresses
    token = _token(UserFactory())
    for number in range(5):
        _create(token, dict(BANGKOK, streetAddress1=f"{number} Silom Rd"))

    # when the storefront reads the profile: the user (token) and the book, once
    with django_assert_max_num_queries(3):
        me = data(PROFILE, token=token)["me"]

    # then all five come back
    assert len(me["addresses"]) == 5


def test_account_update_changes_names_and_language():
    # given a shopper
    user = UserFactory(first_name="", last_name="")
    token = _token(user)

    # when they set their names and English as their language
    answer = data(f"""mutation {{ accountUpdate(input: {{firstName: "Malee", lastName: "Sukjai", languageCode: EN}})
                      {{ user {{ firstName lastName languageCode }} {ERRORS} }} }}""", token=token)["accountUpdate"]

    # then the account says so, now and later
    assert answer == {"user": {"firstName": "Malee", "lastName": "Sukjai", "languageCode": "EN"}, "errors": []}
    assert data("{ me { languageCode } }", token=token)["me"]["languageCode"] == "EN"
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Malee", "Sukjai")


def test_password_change_needs_the_old_password_and_a_valid_new_one():
    # given a shopper
    user = UserFactory()
    token = _token(user)
    change = f"""mutation($old: String!, $new: String!) {{ passwordChange(oldPassword: $old, newPassword: $new)
                 {{ user {{ email }} {ERRORS} }} }}"""

    # when the old password is wrong, when the new one is too short, and when both are right
    wrong = data(change, {"old": "not my password", "new": "a much longer passphrase"}, token=token)
    short = data(change, {"old": PASSWORD, "new": "abc"}, token=token)
    right = data(change, {"old": PASSWORD, "new": "a much longer passphrase"}, token=token)

    # then the first two are refused on their fields and the last one signs in with the new password
    def codes(answer):
        return [(e["field"], e["code"]) for e in answer["passwordChange"]["errors"]]

    assert codes(wrong) == [("oldPassword", "INVALID_CREDENTIALS")]
    assert codes(short) == [("newPassword", "PASSWORD_TOO_SHORT"), ("newPassword", "PASSWORD_TOO_COMMON")]
    assert right["passwordChange"] == {"user": {"email": user.email}, "errors": []}
    user.refresh_from_db()
    assert user.check_password("a much longer passphrase")


RESET = f"""mutation($email: String!, $url: String!) {{
  requestPasswordReset(email: $email, redirectUrl: $url, channel: "th-thb") {{ {ERRORS} }} }}"""
SET_PASSWORD = f"""mutation($email: String!, $token: String!, $password: String!) {{
  setPassword(email: $email, token: $token, password: $password) {{ token user {{ email }} {ERRORS} }} }}"""


def test_a_password_reset_mails_a_link_whose_token_sets_the_password_once(settings, committed):
    # given a shopper and the storefront at localhost:3000
    settings.OTOP_STOREFRONT_URLS = ["http://localhost:3000"]
    user = UserFactory()

    # when they ask for a reset and follow the link's token
    answer = committed(RESET, {"email": user.email.upper(), "url": "http://localhost:3000/reset-password"})
    [message] = mail.outbox
    link = re.search(r"http://localhost:3000/reset-password\?\S+", message.body).group(0)
    token = re.search(r"token=([^&\s]+)", link).group(1)
    done = data(SET_PASSWORD, {"email": user.email, "token": token, "password": "new passphrase 2026"})
    again = data(SET_PASSWORD, {"email": user.email, "token": token, "password": "another passphrase 2026"})

    # then the mail went to them, the new password works, and the token cannot be used twice
    assert answer["requestPasswordReset"]["errors"] == [] and message.to == [user.email]
    assert done["setPassword"]["errors"] == [] and done["setPassword"]["token"]
    user.refresh_from_db()
    assert user.check_password("new passphrase 2026")
    assert [(e["field"], e["code"]) for e in again["setPassword"]["errors"]] == [("token", "INVALID")]


def test_a_reset_for_an_unknown_email_answers_the_same_and_mails_nothing(settings, committed):
    settings.OTOP_STOREFRONT_URLS = ["http://localhost:3000"]
    answer = committed(RESET, {"email": "nobody@example.com", "url": "http://localhost:3000/reset"})
    assert answer == {"requestPasswordReset": {"errors": []}} and mail.outbox == []


def test_a_reset_link_to_another_site_is_refused_and_mails_nothing(settings, committed):
    # given a shopper and a storefront list without evil.example
    settings.OTOP_STOREFRONT_URLS = ["https://shop.example"]
    user = UserFactory()

    # when someone asks for a reset link on another site, and on a look-alike host
    other = committed(RESET, {"email": user.email, "url": "https://evil.example/reset"})
    lookalike = committed(RESET, {"email": user.email, "url": "https://shop.example.evil.example/reset"})

    # then both are refused on redirectUrl and no mail is sent
    for answer in (other, lookalike):
        errors = answer["requestPasswordReset"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("redirectUrl", "INVALID")]
    assert mail.outbox == []


def test_the_reset_mail_is_in_the_accounts_language(settings, committed):
    # given a shopper whose account is in Thai (the shop's language)
    settings.OTOP_STOREFRONT_URLS = ["http://localhost:3000"]
    user = UserFactory()

    # when they ask for a reset
    committed(RESET, {"email": user.email, "url": "http://localhost:3000/reset"})

    # then the subject is in Thai
    assert re.search("[\u0e00-\u0e7f]", mail.outbox[0].subject), mail.outbox[0].subject


def test_account_deletion_mails_a_confirmation_whose_token_closes_the_account(settings, committed):
    # given a signed-in shopper
    settings.OTOP_STOREFRONT_URLS = ["http://localhost:3000"]
    user = UserFactory()
    token = _token(user)

    # when they ask for deletion and confirm with the mailed token
    asked = committed(f"""mutation {{ accountRequestDeletion(redirectUrl: "http://localhost:3000/delete",
                         channel: "th-thb") {{ {ERRORS} }} }}""", token=token)
    deletion_token = re.search(r"token=([^&\s]+)", mail.outbox[0].body).group(1)
    wrong = data(f'mutation {{ accountDelete(token: "nonsense") {{ {ERRORS} }} }}', token=token)
    user.refresh_from_db()
    still_active = user.is_active
    done = data(f'mutation($t: String!) {{ accountDelete(token: $t) {{ {ERRORS} }} }}', {"t": deletion_token},
                token=token)

    # then a wrong token changes nothing and the right one closes the account
    assert asked["accountRequestDeletion"]["errors"] == [] and mail.outbox[0].to == [user.email]
    assert [e["code"] for e in wrong["accountDelete"]["errors"]] == ["INVALID"] and still_active
    assert done["accountDelete"]["errors"] == []
    user.refresh_from_db()
    assert not user.is_active


METADATA = f"""mutation($id: ID!, $input: [MetadataInput!]!) {{ updateMetadata(id: $id, input: $input) {{
  {ERRORS} item {{ ... on Checkout {{ id }} metadata {{ key value }} metafield(key: "gift") }} }} }}"""


def _checkout_id(client):
    from marketplace.testing.factories import certified_product

    created = data("""mutation($lines: [CheckoutLineInput!]!) { checkoutCreate(input: {channel: "th-thb",
                        lines: $lines}) { checkout { id } errors { code } } }""",
                   {"lines": [{"quantity": 1, "variantId": global_id("ProductVariant", certified_product().pk)}]},
                   client=client)["checkoutCreate"]
    assert created["errors"] == []
    return created["checkout"]["id"]


def test_checkout_metadata_is_stored_and_read_back(client):
    # given a checkout
    checkout_id = _checkout_id(client)

    # when the storefront stores two keys, then replaces one
    data(METADATA, {"id": checkout_id, "input": [{"key": "gift", "value": "yes"}, {"key": "note", "value": "ขอบคุณ"}]})
    answer = data(METADATA, {"id": checkout_id, "input": [{"key": "gift", "value": "no"}]})["updateMetadata"]

    # then the checkout carries both, the latest value wins
    assert answer["errors"] == [] and answer["item"]["id"] == checkout_id
    assert answer["item"]["metadata"] == [{"key": "gift", "value": "no"}, {"key": "note", "value": "ขอบคุณ"}]
    assert answer["item"]["metafield"] == "no"


def test_metadata_of_an_unknown_object_or_someone_elses_account_is_not_found():
    # given two shoppers
    owner, other = UserFactory(), UserFactory()

    # when one writes metadata on the other's account, and on a checkout that does not exist
    on_user = data(METADATA, {"id": global_id("User", owner.pk), "input": [{"key": "a", "value": "b"}]},
                   token=_token(other))["updateMetadata"]
    on_checkout = data(METADATA, {"id": global_id("Checkout", "00000000-0000-0000-0000-000000000000"),
                                  "input": [{"key": "a", "value": "b"}]})["updateMetadata"]
    empty_key = data(METADATA, {"id": global_id("User", owner.pk), "input": [{"key": " ", "value": "b"}]},
                     token=_token(owner))["updateMetadata"]

    # then both are NOT_FOUND and nothing is stored; an empty key is REQUIRED
    assert [e["code"] for e in on_user["errors"]] == ["NOT_FOUND"] and on_user["item"] is None
    assert [e["code"] for e in on_checkout["errors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in empty_key["errors"]] == ["REQUIRED"]
    assert data("{ me { metadata { key } } }", token=_token(owner))["me"]["metadata"] == []


def test_account_update_sets_a_default_address_once_and_stores_metadata():
    # given a shopper with the Bangkok address already in the book
    user = UserFactory()
    token = _token(user)
    _create(token, CHIANG_MAI)
    update = f"""mutation($address: AddressInput!) {{ accountUpdate(input: {{defaultShippingAddress: $address,
                   metadata: [{{key: "newsletter", value: "yes"}}]}}) {{ user {{ defaultShippingAddress {{ city }}
                   metafield(key: "newsletter") }} {ERRORS} }} }}"""

    # when they make Bangkok their shipping default twice
    data(update, {"address": BANGKOK}, token=token)
    answer = data(update, {"address": BANGKOK}, token=token)["accountUpdate"]

    # then Bangkok ships, it is saved once, and the metadata is kept
    assert answer == {"user": {"defaultShippingAddress": {"city": "Bangkok"}, "metafield": "yes"}, "errors": []}
    assert sorted(UserAddress.objects.filter(user=user).values_list("line4", flat=True)) == ["Bangkok", "Chiang Mai"]


def test_a_second_reset_request_within_a_quarter_hour_answers_alike_and_mails_nothing(settings, committed):
    # given a shopper who just asked for a reset
    settings.OTOP_STOREFRONT_URLS = ["http://localhost:3000"]
    user = UserFactory()
    committed(RESET, {"email": user.email, "url": "http://localhost:3000/reset"})

    # when they (or someone) ask again at once
    again = committed(RESET, {"email": user.email, "url": "http://localhost:3000/reset"})

    # then the answer is the same and only the first mail went out
    assert again == {"requestPasswordReset": {"errors": []}} and len(mail.outbox) == 1


def test_an_address_without_phone_is_saved_and_the_same_address_twice_is_unique():
    # given a shopper
    user = UserFactory()
    token = _token(user)
    no_phone = {key: value for key, value in BANGKOK.items() if key != "phone"}

    # when they add an address without a phone number, then the same address again
    first = _create(token, no_phone)
    second = _create(token, no_phone)

    # then the first is saved with an empty phone and the second is refused as UNIQUE
    assert first["errors"] == [] and first["address"]["phone"] == ""
    assert [(e["field"], e["code"]) for e in second["errors"]] == [("input", "UNIQUE")]
    assert UserAddress.objects.filter(user=user).count() == 1


def test_a_first_address_created_as_shipping_default_is_the_billing_default_too():
    token = _token(UserFactory())
    created = _create(token, kind="SHIPPING")["user"]
    assert created["defaultShippingAddress"] == created["defaultBillingAddress"] == created["addresses"][0]


def test_set_password_for_an_unknown_email_is_an_invalid_token_and_django_validators_apply(settings):
    # given Django's numeric-password validator and a shopper
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"}]
    user = UserFactory()
    from django.contrib.auth.tokens import default_token_generator
    token = default_token_generator.make_token(user)

    # when a token is used with an unknown e-mail, and the right e-mail with an all-digit password
    unknown = data(SET_PASSWORD, {"email": "nobody@example.com", "token": token, "password": "new passphrase 2026"})
    numeric = data(SET_PASSWORD, {"email": user.email, "token": token, "password": "4815162342"})

    # then the first says nothing about the e-mail, the second names Django's rule, the password is unchanged
    assert [(e["field"], e["code"]) for e in unknown["setPassword"]["errors"]] == [("token", "INVALID")]
    assert [(e["field"], e["code"]) for e in numeric["setPassword"]["errors"]] == [
        ("password", "PASSWORD_ENTIRELY_NUMERIC")]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_reset_mail_is_a_job_of_the_request_transaction(settings):
    # given a shopper
    settings.OTOP_STOREFRONT_URLS = ["http://localhost:3000"]
    user = UserFactory()

    # when they ask for a reset and the data is not committed yet
    data(RESET, {"email": user.email, "url": "http://localhost:3000/reset"})

    # then nothing is mailed in the request: one job is enqueued, which mails once
    assert mail.outbox == [] and len(job_rows(ACCOUNT_MAIL)) == 1
    assert run_enqueued(ACCOUNT_MAIL) == 1
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_the_storefront_s_reset_form_keeps_the_same_one_mail_per_quarter_hour_rule(client, settings, committed):
    # given a shopper
    settings.OTOP_STOREFRONT_URLS = ["http://localhost:3000"]
    user = UserFactory()

    # when someone asks the storefront's form for a reset of their account three times, then the API
    for _ in range(3):
        assert client.post("/en/password-reset/", {"email": user.email}).status_code == 302
    answer = committed(RESET, {"email": user.email, "url": "http://localhost:3000/reset-password"})

    # then one mail went out (the rest answered the same and mailed nothing: no mail flooding)
    assert answer == {"requestPasswordReset": {"errors": []}}
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "/password-reset/confirm/" in mail.outbox[0].body


def test_a_reset_asked_through_the_api_holds_the_storefront_s_form_back_too(client, settings, committed):
    settings.OTOP_STOREFRONT_URLS = ["http://localhost:3000"]
    user = UserFactory()

    committed(RESET, {"email": user.email, "url": "http://localhost:3000/reset-password"})
    client.post("/en/password-reset/", {"email": user.email})

    assert [m.to for m in mail.outbox] == [[user.email]] and "localhost:3000" in mail.outbox[0].body
