"""Closing an account (Saleor's ``accountRequestDeletion`` and ``accountDelete``): a link mailed to
the account holder confirms it. The account is deactivated, not deleted: its orders keep their
customer, and it can no longer sign in."""
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts import mail
from marketplace.accounts.errors import AccountError, AccountErrorCode


class DeletionTokenGenerator(PasswordResetTokenGenerator):
    # the salt of the tokens already mailed before the accounts app existed: they stay valid
    key_salt = "marketplace.graphql.account.credentials.DeletionTokenGenerator"


deletion_tokens = DeletionTokenGenerator()


def request_deletion(user, redirect_url):
    mail.check_storefront_url(redirect_url)
    url = mail.link(redirect_url, token=deletion_tokens.make_token(user))
    mail.enqueue_mail(user, mail.DELETION_SUBJECT, mail.DELETION_BODY, url)


@transaction.atomic
def delete_account(user, token):
    if not deletion_tokens.check_token(user, token or ""):
        raise AccountError(AccountErrorCode.INVALID, _("Invalid or expired token."), "token")
    user.is_active = False
    user.save(update_fields=["is_active"])
