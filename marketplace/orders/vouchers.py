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
def remove_code(checkout, code=None):
    basket = checkout.basket
    for voucher in basket.vouchers.all():
        if code is None or voucher.code == code.strip().upper():
            basket.vouchers.remove(voucher)
    apply_offers(basket, checkout.user)
    return checkout
