"""Closing an account (Saleor's ``accountRequestDeletion`` and ``accountDelete``): a link mailed to
the account holder confirms it; or the storefront's "Delete profile", the password asked again. The
account is deactivated, not deleted: its orders and trade requests keep their customer, and it can
no longer sign in. A staff account (staff, programme officers, administrators) is not closed this
way, as in Saleor: its holder would lock themselves, or the shop's last administrator, out of the
dashboard; another administrator deactivates it in the admin."""
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.shortcuts import redirect
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
    check_closable(user)
    if not deletion_tokens.check_token(user, token or ""):
        raise AccountError(AccountErrorCode.INVALID, _("Invalid or expired token."), "token")
    close(user)


def check_closable(user):
    if user.is_staff or user.is_superuser:
        raise AccountError(AccountErrorCode.DELETE_STAFF_ACCOUNT, _("Cannot delete a staff account."))


def close(user):
    """The one way an account is closed, from the API (``accountDelete``) and the storefront ("Delete
    profile") alike: deactivated, not deleted; never a staff account (``check_closable``)."""
    check_closable(user)
    user.is_active = False
    user.save(update_fields=["is_active"])


def storefront_profile_delete_view(oscar_view):
    """Oscar's "Delete profile" page (the password asked again), closing the account with ``close``:
    Oscar's deleted the user, which a trade buyer's quote requests refuse (a server error) and which
    took the customer off every order. The password is tried as a sign-in (``passwords.PasswordAskedAgain``).
    Through Oscar's class loader (``marketplace/core/oscar_classes.py``)."""
    from django.utils.translation import gettext_lazy
    from oscar.core.loading import get_class

    from marketplace.accounts.passwords import PasswordAskedAgain, asked_again_view

    class ConfirmPasswordAgainForm(PasswordAskedAgain, get_class("customer.forms", "ConfirmPasswordForm")):
        wrong_password = gettext_lazy("The entered password is not valid!")  # (Oscar's words)

        def clean_password(self):
            return self._clean_password_again()

    class ProfileDeleteView(oscar_view):
        def form_valid(self, form):
            try:
                close(self.request.user)
            except AccountError as refusal:  # a staff account: the page says so, nothing changes
                form.add_error(None, refusal.message)
                return self.form_invalid(form)
            logout(self.request)
            messages.success(self.request, _("Your profile has now been deleted. Thanks for using the site."))
            return redirect(self.get_success_url())

    return asked_again_view(ProfileDeleteView, ConfirmPasswordAgainForm)
