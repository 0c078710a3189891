"""The shopper's choice of currency (the channel): baht or US dollars. The basket is repriced,
since one basket holds one currency; the checkout later follows the shipping country."""
from django.contrib import messages
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.redirects import back_to

from .currency import CURRENCIES, currency_note
from .errors import CheckoutError
from .middleware import choose_currency
from .placement import use_currency


@require_POST
def choose_currency_view(request):
    currency = (request.POST.get("currency") or "").upper()
    target = request.POST.get("next") or request.META.get("HTTP_REFERER")
    if currency not in CURRENCIES:
        messages.error(request, _("Choose baht (THB) or US dollars (USD)."))
        return back_to(request, target)
    choose_currency(request, currency)
    messages.info(request, currency_note(currency))
    basket = request.basket
    if basket.id and not basket.is_empty:
        try:
            use_currency(basket, currency)
        except CheckoutError as refusal:
            messages.warning(request, refusal.message)
    return back_to(request, target)
