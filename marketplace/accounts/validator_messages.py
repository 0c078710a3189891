"""The messages of Django's password validators (``AUTH_PASSWORD_VALIDATORS``) and of its password
forms (the account's "change password" and the reset link's "set password"), marked here so that
``make messages`` keeps their Thai in the project's catalog: Django ships no Thai for them, and the
storefront's forms and the API show them to Thai shoppers. Nothing calls these; Django's validators
look the same msgids up at run time."""
from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = (
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", "min_length"),
    ngettext_lazy("Your password must contain at least %(min_length)d character.",
                  "Your password must contain at least %(min_length)d characters.", "min_length"),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
)
