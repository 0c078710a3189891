"""``accountRegister`` does not tell who has an account (as Saleor answers since 3.21): an e-mail that
already has one is answered exactly as a new e-mail is, every field of the answer alike, and
nothing is kept or mailed (the same statements reach the database, the taken one's undone): the
account stays its holder's, with its own password."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buying import in_english
from graphql_client import data, token_for
from marketplace.channels.availability import get_channel
from marketplace.graphql.core.ids import global_id
from jobs_fixtures import job_rows, run_enqueued
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
ACCOUNT_MAIL = "marketplace.accounts.tasks.send_account_mail"
HOLDERS_PASSWORD = "correct horse battery staple"  # the factories' password
TYPED = "another long passphrase 77"
STOREFRONT = "http://localhost:3000"
# every field a client may ask of the registered user, its relations included
REGISTER = """mutation($input: AccountRegisterInput!) { accountRegister(input: $input) {
  requiresConfirmation errors { field code message }
  user { id email firstName lastName isActive isConfirmed languageCode isStaff
         addresses { id } defaultShippingAddress { id } defaultBillingAddress { id }
         orders(first: 5) { totalCount edges { node { number } } } metadata { key value }
         privateMetadata { key value } } } }"""
SIGN_IN = """mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password)
  { token errors { code } } }"""


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


@pytest.fixture
def holder():
    """An account with an address, metadata and a name, whose e-mail a stranger then registers."""
    from marketplace.metadata import store

    user = UserFactory(email="haruka@example.jp", first_name="Haruka", last_name="Sato")
    store.update(user, [("loyalty", "gold")])
    return user


def _register(email, password=TYPED, **extra):
    return data(REGISTER, {"input": {"email": email, "password": password, "firstName": "Mallory",
                                     "languageCode": "TH", "redirectUrl": f"{STOREFRONT}/confirm",
                                     "channel": "th-thb", **extra}})["accountRegister"]


def _same_but_email(answer, email):
    if answer["user"]:
        answer["user"]["email"] = email
    return answer


@pytest.fixture(params=[False, True], ids=["without confirmation", "confirming"])
def confirming(request, settings):
    """The shop with or without confirmation of accounts by e-mail (its storefront's links allowed)."""
    settings.OTOP_ACCOUNT_CONFIRMATION = request.param
    settings.OTOP_STOREFRONT_URLS = [STOREFRONT]
    return request.param


def test_a_taken_e_mail_is_answered_as_a_new_one_and_changes_nothing(holder, confirming):
    users_before = get_user_model().objects.count()
    # when a stranger registers the holder's e-mail (in other letters' case), and a new e-mail
    taken = _register("HARUKA@example.jp")
    new = _register("someone.new@example.jp")
    # then the two answers are the same, field for field, with no id and nothing of the holder's
    assert taken["errors"] == [] and taken["requiresConfirmation"] is confirming
    assert _same_but_email(taken, "x") == _same_but_email(new, "x")
    assert taken["user"]["id"] == "" and taken["user"]["firstName"] == "Mallory"
    assert taken["user"]["metadata"] == [] and taken["user"]["orders"]["totalCount"] == 0
    # and the holder's account is as it was: its password signs in, the typed one does not
    holder.refresh_from_db()
    assert (holder.first_name, holder.is_active) == ("Haruka", True)
    assert data(SIGN_IN, {"email": "haruka@example.jp", "password": HOLDERS_PASSWORD})["tokenCreate"]["token"]
    assert data(SIGN_IN, {"email": "haruka@example.jp", "password": TYPED})["tokenCreate"]["token"] is None
    assert get_user_model().objects.count() == users_before + 1  # the new e-mail's account only
    # and only the new e-mail is mailed (its confirmation), the holder never
    run_enqueued(ACCOUNT_MAIL)
    assert [message.to for message in mail.outbox] == ([["someone.new@example.jp"]] if confirming else [])


def test_a_taken_e_mail_gets_the_same_refusals_as_a_new_one(holder):
    # a password the rule refuses is refused alike for both (too short, too common)
    for password in ("123", "password123"):
        taken, new = _register("haruka@example.jp", password), _register("nobody@example.jp", password)
        assert taken["errors"] and [e["code"] for e in taken["errors"]] == [e["code"] for e in new["errors"]]
    assert not job_rows(ACCOUNT_MAIL)


def test_the_signed_in_holder_still_reads_their_own_id(holder):
    me = data("query { me { id email } }", token=token_for(holder))["me"]
    assert me == {"email": "haruka@example.jp", "id": global_id("User", holder.pk)}


def _statements(queries):
    """Each SQL statement as its kind and first table, values left out; a savepoint's end as one
    'END SAVEPOINT', whether released or rolled back (Django then releases it too)."""
    kinds, previous = [], ""
    for query in queries:
        sql = query["sql"]
        if sql.startswith(("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            if not previous.startswith("ROLLBACK TO SAVEPOINT"):
                kinds.append("END SAVEPOINT")
            previous = sql
            continue
        previous = sql
        table = re.search(r'(?:FROM|INTO|UPDATE) "?(\w+)"?', sql)
        kinds.append(f"{sql.split()[0]} {table.group(1) if table else ''}".strip())
    return kinds


def test_a_taken_e_mail_costs_the_database_the_same_statements_as_a_new_one(holder, confirming):
    # given the shop with or without confirmation by e-mail (the fixture)
    users_before = get_user_model().objects.count()
    # the channels, which the process keeps for seconds whatever the e-mail (``core.kept``): loaded
    # now, so that neither request below is the one that happens to load them
    get_channel("th-thb")

    # when a stranger registers the holder's e-mail, then a new one
    with CaptureQueriesContext(connection) as taken:
        _register("haruka@example.jp")
    with CaptureQueriesContext(connection) as new:
        _register("another.new@example.jp")

    # then both sent the same statements (the taken one's writes undone), so neither answers sooner;
    # and only the new e-mail has an account and a mail owed
    assert _statements(taken.captured_queries) == _statements(new.captured_queries)
    assert any(kind == "INSERT auth_user" for kind in _statements(taken.captured_queries))
    assert get_user_model().objects.count() == users_before + 1
    run_enqueued(ACCOUNT_MAIL)
    assert [message.to for message in mail.outbox] == ([["another.new@example.jp"]] if confirming else [])
