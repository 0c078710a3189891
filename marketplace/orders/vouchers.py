"""Promo codes of the Saleor-compatible checkout: Oscar vouchers on the checkout's basket."""
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.apps.offer.applicator import Applicator
from oscar.core.loading import get_model

from .errors import CheckoutError, CheckoutErrorCode as Code

Voucher = get_model("voucher", "Voucher")


def apply_offers(basket, user=None):
    # Oscar applies voucher offers only for a user object; a guest is AnonymousUser, not None.
    Applicator().apply(basket, user or AnonymousUser())


@transaction.atomic
def add_code(checkout, code):
    basket = checkout.basket
    voucher = Voucher.objects.filter(code=(code or "").strip().upper()).first()
    if voucher is None or not voucher.is_active():
        raise CheckoutError(Code.INVALID, _("Promo code is invalid."), field="promoCode")
    available, message = voucher.is_available_to_user(user=checkout.user)
    if not available:
        raise CheckoutError(Code.VOUCHER_NOT_APPLICABLE, str(message), field="promoCode")
    basket.vouchers.add(voucher)
    apply_offers(basket, checkout.user)
    applied = {application["voucher"].pk for application in basket.offer_applications.voucher_discounts}
    if voucher.pk not in applied:
        basket.vouchers.remove(voucher)
        apply_offers(basket, checkout.user)
        raise CheckoutError(Code.VOUCHER_NOT_APPLICABLE, _("Voucher is not applicable to this checkout."),
                            field="promoCode")
    return checkout


@transaction.atomic
def remove_code(checkout, code):
    """Take the promo code ``code`` off the checkout. A code that is not on it is INVALID and nothing
    is removed, whether or not some voucher has that code: Saleor answers a code no voucher has
    NOT_FOUND, which would let anyone try codes until one answers differently (``add_code`` does
    not tell an unknown code from an expired one either)."""
    wanted = (code or "").strip().upper()
    applied = [voucher for voucher in checkout.basket.vouchers.all() if voucher.code == wanted]
    if not applied:
        raise CheckoutError(Code.INVALID, _("Cannot remove a voucher not attached to this checkout."),
                            field="promoCode")
    return _remove(checkout, applied)


@transaction.atomic
def remove_voucher(checkout, voucher_pk):
    """Take the voucher ``voucher_pk`` (Saleor's ``promoCodeId``) off the checkout; NOT_FOUND when it
    is not on it (or ``voucher_pk`` is None: the id named no voucher)."""
    applied = [voucher for voucher in checkout.basket.vouchers.all() if voucher.pk == voucher_pk]
    if voucher_pk is None or not applied:
        raise CheckoutError(Code.NOT_FOUND, _("Couldn't remove a promo code from a checkout."), field="promoCodeId")
    return _remove(checkout, applied)


def _remove(checkout, vouchers):
    basket = checkout.basket
    for voucher in vouchers:
        basket.vouchers.remove(voucher)
    apply_offers(basket, checkout.user)
    return checkout
