"""Producers' members are invited by staff: a one-time link that expires, can be resent (the old
link dies) and revoked; a new member sets a password, an existing account joins; the e-mail is a
job of the invitation's transaction, mailed by a real worker only once it is committed."""
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs_fixtures import delivered_mail, job_rows, run_enqueued, wait_for
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the worker test's flush
from marketplace.orders import address_proof
from marketplace.producers import invitations
from marketplace.producers.models import Invitation, Producer
from marketplace.testing.factories import ProducerFactory, UserFactory, province

User = get_user_model()
ORIGIN = "http://testserver"
PASSWORD = "ผ้าไหม-ลำพูน-2569"
SEND_JOB = "marketplace.producers.tasks.send_invitation"


def _invite(producer, address="somsri@example.com", by=None):
    """Invites, then runs the job it enqueued as a worker would; the link of the e-mail."""
    invitation = invitations.invite(producer, address, by, ORIGIN)
    return _mailed_link(invitation)


def _mailed_link(invitation):
    assert run_enqueued(SEND_JOB) == 1
    return re.search(r"http://testserver(/producer/invitation/\S+/)", mail.outbox[-1].body).group(1)


def _accept(client, link, password=PASSWORD):
    return client.post(link, {"password1": password, "password2": password})


@pytest.mark.django_db
def test_a_new_member_sets_a_password_and_acts_for_the_producer(client):
    # given staff invite somsri to a producer
    producer = ProducerFactory(name_th="กลุ่มทอผ้าบ้านดอน", name_en="Ban Don Weavers")
    link = _invite(producer, "Somsri@Example.com", by=UserFactory(is_staff=True))
    # then the e-mail, in Thai then English, names the producer and the link's validity
    message = mail.outbox[-1]
    assert message.to == ["somsri@example.com"] and "กลุ่มทอผ้าบ้านดอน" in message.subject
    assert "7" in message.body and "Hello" in message.body
    # and only the token's hash is stored
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash and invitation.token_hash
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    # when she opens the link and chooses a password
    page = client.get(link)
    assert page.status_code == 200 and "กลุ่มทอผ้าบ้านดอน" in page.content.decode()
    response = _accept(client, link)
    # then her account exists, signed in, acting for the producer
    assert response.status_code == 302 and response["Location"] == reverse("portal:chooser")
    user = User.objects.get(email="somsri@example.com")
    assert user.check_password(PASSWORD) and not user.is_staff
    assert list(producer.partner.users.all()) == [user]
    assert address_proof.is_confirmed(user)  # the link went to her address: guest orders with it are hers
    assert client.get(reverse("portal:chooser")).status_code == 302  # straight to her one producer
    assert invitations.state(Invitation.objects.get()) == invitations.InvitationState.ACCEPTED


@pytest.mark.django_db
def test_a_weak_or_mismatched_password_is_refused_with_the_reason(client):
    link = _invite(ProducerFactory())
    weak = _accept(client, "/en" + link, "12345678")
    assert weak.status_code == 200 and "This password is too common." in weak.content.decode()
    differ = client.post("/en" + link, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "The two passwords differ." in differ.content.decode()
    assert not User.objects.filter(email="somsri@example.com").exists()


@pytest.mark.django_db
def test_a_used_link_is_refused_and_creates_nothing(client):
    link = _invite(ProducerFactory())
    _accept(client, link)
    other = Client()
    # when the link is opened again, or posted again
    again, posted = other.get(link), _accept(other, link, "another-pass-phrase-2569")
    # then it says it was used, and nothing changes
    assert again.status_code == 410 and "already been used" in other.get("/en" + link).content.decode()
    assert posted.status_code == 410
    assert User.objects.filter(email="somsri@example.com").count() == 1
    assert User.objects.get(email="somsri@example.com").check_password(PASSWORD)


@pytest.mark.django_db
def test_an_expired_link_says_so_and_cannot_be_used(client, settings):
    link = _invite(ProducerFactory())
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page, posted = client.get(link), _accept(client, link)
    assert page.status_code == 410 and "expired" in client.get("/en" + link).content.decode()
    assert posted.status_code == 410 and not User.objects.filter(email="somsri@example.com").exists()


@pytest.mark.django_db
def test_the_validity_follows_the_setting(settings):
    settings.OTOP_INVITATION_DAYS = 2
    invitation = invitations.invite(ProducerFactory(), "a@example.com", None, ORIGIN)
    assert timedelta(days=1, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=2)


@pytest.mark.django_db
def test_a_revoked_link_is_refused_in_thai_by_default(client):
    link = _invite(ProducerFactory())
    invitations.revoke(Invitation.objects.get())
    page, posted = client.get(link), _accept(client, link)
    assert page.status_code == 410 and "ถอน" in page.content.decode()  # Thai first
    english = client.get("/en" + link)
    assert "withdrawn" in english.content.decode()
    assert posted.status_code == 410 and not User.objects.filter(email="somsri@example.com").exists()
    with pytest.raises(invitations.InvitationRefused):
        invitations.resend(Invitation.objects.get(), ORIGIN)


@pytest.mark.django_db
def test_a_resend_kills_the_old_link_at_once_and_the_new_one_works(client):
    old = _invite(ProducerFactory())
    invitation = invitations.resend(Invitation.objects.get(), ORIGIN)
    # the old link is dead before the new e-mail is even written
    assert client.get(old).status_code == 404
    new = _mailed_link(invitation)
    assert new != old
    assert client.get(old).status_code == 404 and "not valid" not in client.get("/en" + new).content.decode()
    assert _accept(client, new).status_code == 302
    # a job of an older generation (a stale retry) mails nothing and changes nothing
    sent = len(mail.outbox)
    assert invitations.send(invitation.pk, invitation.generation - 1, ORIGIN) is None and len(mail.outbox) == sent


@pytest.mark.django_db
def test_inviting_the_same_address_again_resends_rather_than_duplicating():
    producer = ProducerFactory()
    first = _invite(producer)
    second = _invite(producer)
    assert Invitation.objects.count() == 1 and first != second
    assert Client().get(first).status_code == 404


@pytest.mark.django_db
def test_an_existing_user_signs_in_and_joins_a_second_producer():
    # given a member of one producer invited to a second one, of the same name in another province
    user = UserFactory(email="somsri@example.com")
    first = ProducerFactory(users=[user], province=province("TH-51"), name_th="กลุ่มดอน", name_en="Don group")
    second = ProducerFactory(province=province("TH-50"), name_th="กลุ่มดอน", name_en="Don group")
    link = _invite(second)
    # when she opens the link signed out, she is asked to sign in, not to make a second account
    anonymous = Client().get(link)
    assert "sign_in" not in anonymous.content.decode() and reverse("customer:login") in anonymous.content.decode()
    assert _accept(Client(), link).status_code == 200 and User.objects.filter(email="somsri@example.com").count() == 1
    # when she signs in and accepts
    client = Client()
    client.force_login(user)
    assert client.post(link).status_code == 302
    # then she acts for both, and the portal lets her choose
    assert set(Producer.objects.for_user(user)) == {first, second}
    assert address_proof.is_confirmed(User.objects.get(pk=user.pk))
    chooser = client.get(reverse("portal:chooser"))
    assert chooser.status_code == 200 and list(chooser.context["producers"]) and len(chooser.context["producers"]) == 2


@pytest.mark.django_db
def test_another_signed_in_account_cannot_take_the_invitation():
    link = _invite(ProducerFactory())
    intruder = UserFactory(email="someone-else@example.com")
    client = Client()
    client.force_login(intruder)
    page, posted = client.get(link), client.post(link)
    assert "somsri@example.com" in page.content.decode()
    assert posted.status_code == 200 and not Producer.objects.for_user(intruder).exists()
    assert invitations.state(Invitation.objects.get()) == invitations.InvitationState.PENDING


@pytest.mark.django_db
def test_staff_invite_from_the_producers_admin_page_and_resend_and_revoke_there():
    staff = UserFactory(is_staff=True, is_superuser=True)
    producer = ProducerFactory()
    client = Client()
    client.force_login(staff)
    url = reverse("admin:producers_producer_change", args=[producer.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(province=producer.province_id, partner=producer.partner_id, active="on", verified="on")
    data.update({"invitations-TOTAL_FORMS": 0, "invitations-INITIAL_FORMS": 0,
                 "invitations-2-TOTAL_FORMS": 1, "invitations-2-INITIAL_FORMS": 0,
                 "invitations-2-0-email": "new.member@example.com"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    invitation = Invitation.objects.get(producer=producer)
    assert invitation.email == "new.member@example.com" and invitation.invited_by == staff
    assert len(job_rows(SEND_JOB)) == 1
    # the page lists it; resend and revoke are actions of the invitations' list
    assert "new.member@example.com" in client.get(url).content.decode()
    changelist = reverse("admin:producers_invitation_changelist")
    client.post(changelist, {"action": "resend", "_selected_action": [invitation.pk]})
    assert len(job_rows(SEND_JOB)) == 2
    client.post(changelist, {"action": "revoke", "_selected_action": [invitation.pk]})
    assert invitations.state(Invitation.objects.get()) == invitations.InvitationState.REVOKED


def test_the_email_is_sent_by_the_worker_only_after_commit(start_worker, tmp_path):
    # given a worker whose mailer writes to a directory
    outbox = tmp_path / "mail"
    start_worker(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(outbox))
    producer = ProducerFactory()
    # when one invitation is rolled back and another committed
    with pytest.raises(RuntimeError), transaction.atomic():
        invitations.invite(producer, "rolled@example.com", None, ORIGIN)
        raise RuntimeError("staff's request failed")
    invitations.invite(producer, "committed@example.com", None, ORIGIN)
    # then the worker mails the committed one a link that works, and never the rolled-back one
    mailed = wait_for(lambda: delivered_mail(outbox), what="the invitation e-mail")
    assert [to for to, _subject, _body in mailed] == ["committed@example.com"]
    link = re.search(r"http://testserver(/producer/invitation/\S+/)", mailed[0][2]).group(1)
    assert _accept(Client(), link).status_code == 302
    assert not Invitation.objects.filter(email="rolled@example.com").exists()


@pytest.mark.django_db
def test_a_producer_name_with_a_line_break_is_invited_with_a_one_line_subject():
    # a name with a line break in it (pasted, or posted by a script): a mail header cannot hold one
    producer = ProducerFactory(name_th="กลุ่มทอผ้า\nบ้านดอน", name_en="Ban Don\r\nWeavers")
    _invite(producer)
    assert "กลุ่มทอผ้า บ้านดอน" in mail.outbox[-1].subject and "\n" not in mail.outbox[-1].subject
