"""An account's own details: names, language, default addresses and public metadata
(Saleor's ``accountUpdate``). The language lives in the user's private metadata.

A name is checked here for the API (``accountUpdate``, ``accountRegister``) and the storefront's
profile form alike (``clean_name``): at most 150 characters (refused, never cut), and typed text
by ``core.plain_text`` (no control characters or direction overrides: a name is printed on parcel
labels and in e-mails)."""
from django import forms
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.accounts import address_book
from marketplace.accounts.errors import AccountError, AccountErrorCode
from marketplace.core import plain_text
from marketplace.metadata import store as metadata

LANGUAGE_KEY = "languageCode"  # the account's language, in the user's private metadata
NAME_MAX_LENGTH = 150  # Django's first_name/last_name


def name_refusal(value) -> str | None:
    """Why ``value`` (stripped) may not be a first or last name, or None."""
    if len(value) > NAME_MAX_LENGTH:
        return _("A name holds at most %(limit)d characters (this one has %(length)d).") % {
            "limit": NAME_MAX_LENGTH, "length": len(value)}
    return plain_text.refusal(value)


def clean_name(value, field) -> str:
    """``value`` as a first or last name to keep, or ``AccountError`` on ``field``."""
    name = (value or "").strip()
    refusal = name_refusal(name)
    if refusal is not None:
        raise AccountError(AccountErrorCode.INVALID, refusal, field)
    return name


def storefront_profile_form(oscar_form):
    """Oscar's profile form (the storefront's "Edit profile") held to the same rule for names, without
    the e-mail, which Oscar's form changed at once, unconfirmed, with no password asked (the storefront's
    "Change e-mail address" page asks both, ``email_change``).
    Through Oscar's class loader (``marketplace/core/oscar_classes.py``)."""

    def checked(field_name):
        def clean(self):
            name = (self.cleaned_data.get(field_name) or "").strip()
            refusal = name_refusal(name)
            if refusal is not None:
                raise forms.ValidationError(refusal)
            return name
        return clean

    class Meta(oscar_form.Meta):  # the e-mail changes on its own page, once the new one is confirmed (``email_change``)
        fields = [name for name in oscar_form.Meta.fields if name != "email"]

    return type("ProfileForm", (oscar_form,), {
        "__module__": __name__,
        "Meta": Meta,
        "clean_first_name": checked("first_name"),
        "clean_last_name": checked("last_name"),
    })


def language(user) -> str:
    return metadata.read(user, private=True).get(LANGUAGE_KEY) or settings.LANGUAGE_CODE


def set_language(user, code):
    metadata.update(user, [(LANGUAGE_KEY, code)], private=True)


def remember_page_language(user, code=None):
    """The storefront's pages say which language a shopper reads: signing in on them, registering
    and switching language there make it the account's (its e-mails: quote notices, orders, resets
    asked through the API). Nothing is written when it is already so."""
    code = code or translation.get_language()
    if code in dict(settings.LANGUAGES) and metadata.read(user, private=True).get(LANGUAGE_KEY) != code:
        set_language(user, code)


def signed_in(sender, request=None, user=None, **kwargs):
    """``user_logged_in``: on a storefront page, ``remember_page_language``. An API sign-in leaves it
    (Saleor's clients set the account's language with ``accountUpdate`` or ``accountRegister``)."""
    if request is not None and user is not None and not request.path.startswith(reverse("graphql")):
        remember_page_language(user)


@transaction.atomic
def update(user, *, first_name=None, last_name=None, language_code=None, default_shipping_address=None,
           default_billing_address=None, public_metadata=None):
    """Changes what is given (``None`` leaves a detail as it is); all of it or nothing."""
    names = {"first_name": (first_name, "firstName"), "last_name": (last_name, "lastName")}
    changed = [name for name, (value, _field) in names.items() if value is not None]
    cleaned = {name: clean_name(*names[name]) for name in changed}  # all checked before any is set
    for name in changed:
        setattr(user, name, cleaned[name])
    if changed:
        user.save(update_fields=changed)
    if language_code is not None:
        set_language(user, language_code)
    for kind, data in ((address_book.SHIPPING, default_shipping_address),
                       (address_book.BILLING, default_billing_address)):
        if data is not None:
            try:
                address_book.create_or_reuse_default(user, data, kind)
            except AccountError as refusal:
                refusal.address_type = kind  # which of the two addresses it is about (Saleor's addressType)
                raise
    if public_metadata:
        metadata.update(user, public_metadata)
    return user
