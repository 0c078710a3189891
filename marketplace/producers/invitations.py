"""Inviting a producer's members: the one home of the rule, used by the admin (staff) and the
invitation page (``/producer/invitation/<token>/``).

- Staff ``invite`` an e-mail address to a producer; a job enqueued in the same transaction mails
  the link once the invitation is committed (a rollback mails nothing).
- The link's token is made by that job (``send``) and only its SHA-256 is stored: the token exists
  in the e-mail alone, never in the database, the job's arguments or a log.
- A link is valid ``settings.OTOP_INVITATION_DAYS`` (7) days from the (re)sending. ``resend``
  kills the old link at once (its hash is cleared in the staff's transaction) and mails a new one;
  ``revoke`` kills it for good. A used link stays known, so its reuse is refused as "already used".
- ``accept`` with a password creates the user (Django's password validators); ``join`` adds a
  signed-in user whose e-mail is the invited one. Either way the user becomes one of the producer's
  users (``producer.partner.users``): a user may act for several producers.
"""
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import models, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, gettext_noop, pgettext_lazy

from marketplace.core.mail import subject_line
from marketplace.producers.models import Invitation

# Sent with ``user=`` (in the acceptance's transaction) when a user accepts an invitation: its link
# was mailed to their address, which is thus shown to be theirs (``orders.address_proof`` listens).
joined = Signal()


class InvitationState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "waiting for an answer")
    SENDING = "sending", pgettext_lazy("invitation", "e-mail being sent")  # invited or resent, the link not made yet
    ACCEPTED = "accepted", pgettext_lazy("invitation", "accepted")
    EXPIRED = "expired", pgettext_lazy("invitation", "expired")
    REVOKED = "revoked", pgettext_lazy("invitation", "revoked")


class InvitationRefused(Exception):
    """A link that cannot be used: ``state`` says why (used, expired, revoked, unknown)."""

    def __init__(self, state):
        super().__init__(state)
        self.state = state


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def state(invitation, now=None):
    now = now or timezone.now()
    if invitation.accepted_at:
        return InvitationState.ACCEPTED
    if invitation.revoked_at:
        return InvitationState.REVOKED
    if invitation.expires_at <= now:
        return InvitationState.EXPIRED
    return InvitationState.PENDING if invitation.token_hash else InvitationState.SENDING


def _enqueue(invitation, origin):
    from marketplace.producers import tasks

    invitation.token_hash = ""  # the previous link, if any, is dead from this commit on
    invitation.generation += 1
    invitation.expires_at = timezone.now() + timedelta(days=settings.OTOP_INVITATION_DAYS)
    invitation.save()
    tasks.send_invitation.defer(invitation_id=invitation.pk, generation=invitation.generation, origin=origin)


@transaction.atomic
def invite(producer, email, by, origin):
    """Invites ``email`` to act for ``producer``; ``origin`` is the site's address for the link
    (``https://shop.example``). An address already invited and not answered is sent a new link."""
    email = (email or "").strip().lower()
    validate_email(email)
    invitation = (Invitation.objects.select_for_update()
                  .filter(producer=producer, email=email, accepted_at=None, revoked_at=None).first())
    if invitation is None:
        invitation = Invitation(producer=producer, email=email, invited_by=by)
    _enqueue(invitation, origin)
    return invitation


@transaction.atomic
def resend(invitation, origin):
    """A new link by e-mail; the old one is dead. A used or revoked invitation is not resent."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationRefused(state(invitation))
    _enqueue(invitation, origin)
    return invitation


@transaction.atomic
def revoke(invitation):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.accepted_at and not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def send(invitation_id, generation, origin):
    """The job's body: makes the link's token, keeps its hash, mails the link (Thai, then English).
    Nothing when the invitation was resent since (a newer job mails), revoked or accepted."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("producer").filter(pk=invitation_id).first()
        if invitation is None or invitation.generation != generation or state(invitation) != InvitationState.SENDING:
            return None
        token = secrets.token_urlsafe(32)
        invitation.token_hash = _hash(token)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "sent_at"])
    link = origin.rstrip("/") + reverse("producers_invitation:accept", kwargs={"token": token})
    bodies, subject = [], None
    for language in ("th", "en"):
        with translation.override(language):
            subject = subject or _(INVITATION_SUBJECT) % {"producer": invitation.producer.name}
            bodies.append(_(INVITATION_BODY) % {
                "producer": invitation.producer.name, "link": link, "days": settings.OTOP_INVITATION_DAYS})
    send_mail(subject_line(subject), "\n\n----\n\n".join(bodies), settings.DEFAULT_FROM_EMAIL, [invitation.email])
    return link


def find(token):
    """The invitation of a link's token, whatever its state; InvitationRefused("unknown") otherwise
    (never issued, mistyped, or replaced by a resend)."""
    invitation = (Invitation.objects.select_related("producer", "producer__province", "producer__partner")
                  .filter(token_hash=_hash(token or "")).first() if token else None)
    if invitation is None:
        raise InvitationRefused("unknown")
    return invitation


def usable(token):
    """The invitation of ``token`` if it can still be accepted; InvitationRefused with the reason."""
    invitation = find(token)
    current = state(invitation)
    if current != InvitationState.PENDING:
        raise InvitationRefused(current)
    return invitation


def existing_user(invitation):
    return get_user_model().objects.filter(email__iexact=invitation.email).first()


def check_password(invitation, password):
    """Django's password validators, for the account the invitation would create."""
    candidate = get_user_model()(username=invitation.email[:150], email=invitation.email)
    password_validation.validate_password(password or "", candidate)


def _close(invitation, user):
    invitation.producer.partner.users.add(user)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])


@transaction.atomic
def accept(token, password):
    """Creates the invited user with ``password`` and makes them one of the producer's users.
    Raises InvitationRefused, or ValidationError for a password the validators refuse."""
    invitation = _locked(token)
    if existing_user(invitation) is not None:
        raise InvitationRefused("account_exists")
    check_password(invitation, password)
    user = get_user_model().objects.create_user(username=invitation.email[:150], email=invitation.email,
                                                password=password)
    joined.send(sender=Invitation, user=user)  # the invitation's link went to the address
    _close(invitation, user)
    return user, invitation.producer


@transaction.atomic
def join(token, user):
    """A signed-in user whose e-mail is the invited address joins the producer."""
    invitation = _locked(token)
    if (user.email or "").lower() != invitation.email:
        raise InvitationRefused("other_account")
    joined.send(sender=Invitation, user=user)  # the invitation's link went to the address
    _close(invitation, user)
    return invitation.producer


def _locked(token):
    invitation = usable(token)
    invitation = Invitation.objects.select_for_update().select_related("producer__partner").get(pk=invitation.pk)
    if state(invitation) != InvitationState.PENDING or invitation.token_hash != _hash(token):
        raise InvitationRefused(state(invitation))
    return invitation


# Marked for translation here, translated when the mail is written (Thai, then English).
INVITATION_SUBJECT = gettext_noop("You are invited to manage %(producer)s on OTOP Marketplace")
INVITATION_BODY = gettext_noop(
    "Hello,\n\nThe OTOP programme staff invite you to manage the products and orders of %(producer)s "
    "on OTOP Marketplace. To accept, open this link and choose a password (or sign in, if you "
    "already have an account with this e-mail address):\n\n%(link)s\n\nThe link works once and "
    "for %(days)s days. If you did not expect this e-mail, ignore it.\n")
