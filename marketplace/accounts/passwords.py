"""The password rule: a new password must pass Django's ``AUTH_PASSWORD_VALIDATORS`` (minimum
length, common passwords, entirely numeric, too similar to the account's details — see settings).

The storefront's forms (Oscar's registration, Django's password change and reset forms) run the
same validators themselves, their refusals shown under the new password where it was typed
(``RuleErrorsOnTheNewPassword``; Django and Oscar show them under the confirmation); here the API's
registration, ``setPassword`` and ``passwordChange`` run them and their refusals become Saleor's codes.
"""
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts.errors import AccountError, AccountErrorCode

# Django's validator codes as Saleor's; a refusal by any other validator is INVALID_PASSWORD.
VALIDATOR_CODES = {
    "password_too_short": AccountErrorCode.PASSWORD_TOO_SHORT,
    "password_too_common": AccountErrorCode.PASSWORD_TOO_COMMON,
    "password_entirely_numeric": AccountErrorCode.PASSWORD_ENTIRELY_NUMERIC,
    "password_too_similar": AccountErrorCode.PASSWORD_TOO_SIMILAR,
}


def check_new_password(user, password, field="password"):
    """Refuses ``password`` for ``user`` (saved or not): one refusal per failing validator, each with
    its code and message (the first raised, the others ``also``: the API lists them all, as Saleor)."""
    try:
        password_validation.validate_password(password or "", user)
    except ValidationError as refusal:
        first, *others = [AccountError(VALIDATOR_CODES.get(error.code, AccountErrorCode.INVALID_PASSWORD),
                                       " ".join(error.messages), field) for error in refusal.error_list]
        first.also = others
        raise first from None


def change_password(user, old_password, new_password, request=None):
    """The signed-in user's new password; the old one must be given again (a wrong or missing one is
    INVALID_CREDENTIALS on ``oldPassword``, Saleor's code, as a wrong password at sign-in), tried as a
    sign-in from ``request`` (``throttle.password_again``: counted, and refused once locked out)."""
    from marketplace.accounts import throttle

    if not throttle.password_again(request, user, old_password, "oldPassword"):  # (outside the transaction)
        raise AccountError(AccountErrorCode.INVALID_CREDENTIALS, _("Old password isn't valid."), "oldPassword")
    check_new_password(user, new_password, "newPassword")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
    return user


# The confirmation field of each storefront form, and the field the new password is typed in.
TYPED_IN = {"new_password2": "new_password1", "password2": "password1"}


class RuleErrorsOnTheNewPassword:
    """For Django's password forms (change, reset): the rule's refusals ("too short", "too common")
    go under the field the new password was typed in, not under its confirmation, which then carries
    only "the two passwords differ"."""

    def validate_password_for_user(self, user, password_field_name="password2"):
        super().validate_password_for_user(user, TYPED_IN.get(password_field_name, password_field_name))


class PasswordAskedAgain:
    """For a form asking the signed-in user's password again (``password_field``): it is tried as a
    sign-in from the page's request (``throttle.password_again``): counted, and refused once the
    account or the address is locked out. The view gives the form its ``request``."""

    password_field = "password"
    wrong_password = None  # the form's own message for a wrong password

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def _clean_password_again(self):
        from marketplace.accounts import throttle

        password = self.cleaned_data.get(self.password_field)
        try:
            right = throttle.password_again(self.request, self.user, password, self.password_field)
        except AccountError as refusal:
            raise ValidationError(refusal.message, code="locked_out") from None
        if not right:
            raise ValidationError(self.wrong_password, code="password_incorrect")
        return password


def asked_again_view(oscar_view, form_class):
    """Oscar's view with ``form_class`` (a ``PasswordAskedAgain``) given the page's request."""

    class View(oscar_view):
        def get_form_class(self):
            return form_class

        def get_form_kwargs(self):
            return {**super().get_form_kwargs(), "request": self.request}

    View.__name__ = View.__qualname__ = oscar_view.__name__
    return View


def storefront_change_password_view(oscar_view):
    """Oscar's "Change password" page (Django's form, through Oscar's class loader:
    ``core/oscar_classes.py``) with the rule's refusals under the new password, and the old password
    tried as a sign-in (``PasswordAskedAgain``)."""
    from django.contrib.auth.forms import PasswordChangeForm

    class ChangePasswordForm(PasswordAskedAgain, RuleErrorsOnTheNewPassword, PasswordChangeForm):
        password_field = "old_password"
        wrong_password = PasswordChangeForm.error_messages["password_incorrect"]

        def clean_old_password(self):
            return self._clean_password_again()

    return asked_again_view(oscar_view, ChangePasswordForm)


def reset_password_form():
    """The form of the reset link's page (Oscar's URL gives Django's ``SetPasswordForm`` with no class
    loader: ``marketplace/urls.py`` serves the page ahead of Oscar's with this one)."""
    from django.contrib.auth.forms import SetPasswordForm

    class ResetPasswordForm(RuleErrorsOnTheNewPassword, SetPasswordForm):
        def save(self, commit=True):
            from marketplace.orders import address_proof

            with transaction.atomic():
                user = super().save(commit)
                if commit:
                    address_proof.shown(user)  # the mailed link showed the e-mail is theirs (as ``reset``)
            return user

    return ResetPasswordForm


def storefront_registration_form(oscar_form):
    """Oscar's registration form (``/accounts/register/`` and the sign-in page's), with the rule's
    refusals under the password typed rather than its confirmation (Oscar checks the confirmation,
    and only when both match: a short password typed twice differently was told only that they differ),
    and, when the shop confirms accounts by e-mail, no refusal for an address that has an account."""
    from django import forms

    class EmailUserCreationForm(oscar_form):
        def clean_email(self):
            from marketplace.accounts import confirmation

            if not confirmation.required():
                return super().clean_email()  # the account is signed in at once: a taken address is said so
            # confirmed by e-mail: an address that has an account is answered as a new one
            # (``confirmation.storefront_registration``), so the page does not tell who has one here
            from oscar.apps.customer.utils import normalise_email

            return normalise_email(self.cleaned_data["email"])

        def _post_clean(self):
            forms.ModelForm._post_clean(self)  # Oscar's own checks the confirmation: replaced here
            password = self.cleaned_data.get("password1")
            if password:
                try:
                    password_validation.validate_password(password, self.instance)  # with the e-mail typed
                except ValidationError as refusal:
                    self.add_error("password1", refusal)

    return EmailUserCreationForm
