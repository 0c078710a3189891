"""A shopper's address book: Oscar's ``UserAddress`` rows, read and changed only by their owner.

Addresses are checked by the checkout's own rule (``orders.checkouts.clean_address``: required
fields, phone number, a country we ship to), so a saved address is always one a checkout
accepts. Refusals are ``AccountError``s; each change is one transaction.
"""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.accounts.errors import AccountError, AccountErrorCode
from marketplace.orders import checkouts
from marketplace.orders.errors import CheckoutError
from marketplace.shipping import companies

UserAddress = get_model("address", "UserAddress")
SHIPPING, BILLING = "shipping", "billing"
_DEFAULT_FLAG = {SHIPPING: "is_default_for_shipping", BILLING: "is_default_for_billing"}


def addresses(user) -> list:
    """The user's addresses, oldest first, with their companies; read once per user object (the API
    asks several times)."""
    cached = getattr(user, "_address_book", None)
    if cached is None:
        cached = (list(UserAddress.objects.filter(user=user).select_related(companies.RELATED).order_by("pk"))
                  if user.pk else [])
        user._address_book = cached
    return cached


def default(user, kind):
    return next((address for address in addresses(user) if getattr(address, _DEFAULT_FLAG[kind])), None)


def _forget(user):
    if getattr(user, "_address_book", None) is not None:
        user._address_book = None  # setattr, not __dict__: request.user is a lazy proxy


def owned(user, pk) -> "UserAddress":
    """The user's address ``pk``; another user's address is NOT_FOUND, exactly like a missing one."""
    address = UserAddress.objects.filter(user=user, pk=pk).first() if str(pk).isdigit() else None
    if address is None:
        raise AccountError(AccountErrorCode.NOT_FOUND, _("Address not found."), "id")
    address.user = user  # the caller's object: its cached address book is the one to forget on a change
    return address


def _cleaned(data, field="input") -> tuple[dict, str]:
    """The UserAddress fields ``data`` gives, and the company it names."""
    try:
        value = checkouts.clean_address(data, field)
    except CheckoutError as exc:
        raise AccountError(exc.code, exc.message, exc.field) from None  # REQUIRED, INVALID
    return {"first_name": value["first_name"], "last_name": value["last_name"],
            "line1": value["street_address_1"], "line2": value["street_address_2"], "line3": value["city_area"],
            "line4": value["city"], "state": value["country_area"], "postcode": value["postal_code"],
            "country_id": value["country"], "phone_number": value["phone"]}, value["company_name"]


def _new(user, data) -> "UserAddress":
    fields, company = _cleaned(data)
    address = UserAddress(user=user, **fields)
    companies.attach(address, company)
    return address


def _already() -> AccountError:
    return AccountError(AccountErrorCode.UNIQUE, _("This address is already in your address book."), "input")


def saved_once(save):
    """``save()`` of one of a user's addresses (this module's, or the storefront's address form), in a
    savepoint: Oscar keeps one row per distinct address of a user (a hash of its fields), and the same
    address saved at this moment by another request of theirs (or an order) is ``AccountError`` UNIQUE,
    not a server error. Returns what ``save`` returns."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        raise _already() from None


def _save(address):
    if UserAddress.objects.filter(user=address.user, hash=address.generate_hash()).exclude(pk=address.pk).exists():
        raise _already()
    saved_once(address.save)
    companies.keep(address)
    _forget(address.user)
    return address


@transaction.atomic
def create(user, data, default_for=None):
    """A new address of ``user``; ``default_for`` (shipping/billing) makes it that default."""
    address = _new(user, data)
    for kind, flag in _DEFAULT_FLAG.items():
        # A shopper without a default shipping (billing) address ships (is billed) to the new one.
        if kind == default_for or default(user, kind) is None:
            setattr(address, flag, True)
    return _save(address)


@transaction.atomic
def create_or_reuse_default(user, data, kind):
    """Makes ``data`` the user's default ``kind`` address, reusing the same address when it is saved."""
    candidate = _new(user, data)
    address = UserAddress.objects.filter(user=user, hash=candidate.generate_hash()).first() or candidate
    address.user = user
    companies.copy(candidate, address)  # the same place, for the company given now
    setattr(address, _DEFAULT_FLAG[kind], True)
    return _save(address)


@transaction.atomic
def update(user, pk, data):
    address = owned(user, pk)
    fields, company = _cleaned(data)
    for name, value in fields.items():
        setattr(address, name, value)
    companies.attach(address, company)
    return _save(address)


@transaction.atomic
def delete(user, pk):
    address = owned(user, pk)
    address.delete()
    _forget(user)
    return address


@transaction.atomic
def set_default(user, pk, kind):
    address = owned(user, pk)
    setattr(address, _DEFAULT_FLAG[kind], True)
    return _save(address)  # Oscar's save clears the flag on the user's other addresses
