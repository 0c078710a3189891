"""The e-mails Oscar and the shop send a shopper of the storefront (registration, password reset, password or
e-mail address changed, order placed) are in the shopper's language: Thai from the Thai pages, with
no interface sentence left in English (Oscar's own Thai catalog has none of them; the project's
translations are in locale/oscar), and English from /en/."""
import re
import types

import pytest
from oscar.core.loading import get_model

from django.core import mail

from buying import order_for
from jobs_fixtures import run_enqueued
from marketplace.orders.models import PendingEmail
from marketplace.orders.outbox import send_pending_email
from marketplace.testing.factories import UserFactory, certified_product
from test_i18n import LATIN_WORD, THAI, untranslated

pytestmark = pytest.mark.django_db
Country = get_model("address", "Country")
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "ข้าวหอมมะลิ ทุ่งกุลา 2026"
URL = re.compile(r"^https?://\S+$")
PREFIX = {"th": "", "en": "/en"}
ACCOUNT_MAIL = "marketplace.accounts.tasks.send_account_mail"


def _untranslated_lines(message):
    """Lines in Latin letters alone (Thai e-mails): Oscar's English left untranslated. Addresses and
    country names are data (the shipping address's country is its English name on every page too)."""
    countries = set(Country.objects.values_list("printable_name", flat=True))
    html_parts = [content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"]
    lines = [line.strip() for line in [message.subject, *message.body.splitlines()]
             if line.strip() and not URL.match(line.strip())]
    found = {line for line in lines if LATIN_WORD.search(line) and not THAI.search(line)}
    for content in html_parts:
        found |= set(untranslated(types.SimpleNamespace(content=content.encode())))
    return sorted(text for text in found - countries if not URL.match(text))


def _register(client, language):
    client.post(f"{PREFIX[language]}/accounts/register/",
                {"email": "malee@example.org", "password1": PASSWORD, "password2": PASSWORD})


def _password_reset(client, language):
    UserFactory(email="malee@example.org", password=PASSWORD)
    client.post(f"{PREFIX[language]}/password-reset/", {"email": "malee@example.org"})


def _password_change(client, language):
    user = UserFactory(email="malee@example.org", password=PASSWORD)
    client.force_login(user)
    client.post(f"{PREFIX[language]}/accounts/change-password/",
                {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def _email_change(client, language):
    """The storefront's "Change e-mail address": the link mailed to the new address opened, then the
    old address told (both mails in the page's language)."""
    user = UserFactory(email="malee@example.org", password=PASSWORD,  # (the mails greet them by name: data)
                       first_name="มาลี" if language == "th" else "Malee")
    client.force_login(user)
    client.post(f"{PREFIX[language]}/accounts/email/", {"new_email": "malee.new@example.org", "password": PASSWORD})
    run_enqueued(ACCOUNT_MAIL)
    [asked] = mail.outbox
    assert asked.to == ["malee.new@example.org"]
    assert bool(THAI.search(asked.subject)) is (language == "th"), asked.subject
    token = re.search(r"token=(\S+)", asked.body).group(1)
    client.get(f"{PREFIX[language]}/accounts/email/confirm/?token={token}")
    run_enqueued(ACCOUNT_MAIL)


def _order_placed(client, language):
    user = UserFactory(email="malee@example.org", password=PASSWORD)
    order = order_for((certified_product(name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk"), 1),
                      email=user.email, user=user)
    pending = PendingEmail.objects.get(order=order, kind=PendingEmail.ORDER_PLACED)
    PendingEmail.objects.filter(pk=pending.pk).update(language=language)
    send_pending_email(pending.pk)


FLOWS = {"registration": _register, "password reset": _password_reset, "password changed": _password_change,
         "e-mail address changed": _email_change, "order placed": _order_placed}


@pytest.mark.parametrize("flow", FLOWS)
def test_a_thai_shopper_gets_oscars_emails_in_thai(client, mailoutbox, flow):
    # when a shopper of the Thai storefront does what sends the e-mail
    FLOWS[flow](client, "th")

    # then it came, and no sentence of it is left in English
    to_shopper = [m for m in mailoutbox if "malee@example.org" in m.to]
    assert to_shopper, [m.subject for m in mailoutbox]
    for message in to_shopper:
        assert THAI.search(message.subject), message.subject
        assert _untranslated_lines(message) == [], message.body


@pytest.mark.parametrize("flow", FLOWS)
def test_an_english_shopper_gets_them_in_english(client, mailoutbox, flow):
    FLOWS[flow](client, "en")

    to_shopper = [m for m in mailoutbox if "malee@example.org" in m.to]
    assert to_shopper
    for message in to_shopper:
        # (the order's address and product may be Thai: they are data)
        assert not THAI.search(message.subject + message.body.splitlines()[0]), message.body
        assert "example.com" not in message.subject + message.body
