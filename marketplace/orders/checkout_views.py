"""The Oscar storefront checkout, where the marketplace differs from Oscar's: parcels priced
from packaging, the currency of the destination's channel, Stripe for payment, and the
order placed by the same ``complete_checkout`` the API uses.

These views subclass Oscar's and are routed at Oscar's checkout paths (ahead of Oscar's).
"""
import logging

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.conf import settings
from oscar.apps.checkout import exceptions as oscar_exceptions
from oscar.apps.checkout import views as oscar_views
from oscar.apps.checkout.utils import CheckoutSessionData

from marketplace.catalog.names import named_in_language
from marketplace.payments import intents
from marketplace.payments.models import PaymentMethodType, StripePayment
from marketplace.shipping import companies
from marketplace.shipping.methods import ParcelRepository
from marketplace.shipping.pricing import can_ship_abroad, shipping_problem

from . import address_forms, remembered
from .address_forms import MarketplaceShippingAddressForm, MarketplaceUserAddressForm
from .completion import complete_checkout
from .currency import THB, currency_for_destination
from .errors import CheckoutError
from .middleware import choose_currency
from .placement import quote_checkout, use_currency

logger = logging.getLogger(__name__)
SESSION_COMPANY = "company_name"  # the checkout session's key (Oscar's "shipping" namespace) for a typed company


def placing_paid_order(request):
    """The shopper has paid and asks for the order: whatever is wrong with the basket now (sold
    out, unlisted) must reach ``complete_checkout``, which refunds the payment and says so,
    instead of a redirect that would leave the money taken."""
    return request.method == "POST" and request.POST.get("action") == "place_order"


class MarketplaceCheckoutMixin:
    """Price the basket for the chosen destination before Oscar's pre-conditions look at it."""

    def dispatch(self, request, *args, **kwargs):
        self.checkout_session = CheckoutSessionData(request)  # Oscar sets it too; needed here first
        address = self.get_shipping_address(request.basket) if request.basket.id else None
        if address is not None and address.country_id and not request.basket.is_empty:
            try:
                currency = currency_for_destination(address.country_id)
            except CheckoutError as refusal:
                # Not sold there now: the shopper may still choose an address the shop ships to.
                messages.error(request, refusal.message)
                self.checkout_session.reset_shipping_data()
                return redirect("checkout:shipping-address")
            choose_currency(request, currency)
            try:
                use_currency(request.basket, currency)
                request.strategy = request.basket.strategy
            except CheckoutError as refusal:
                if not placing_paid_order(request):
                    messages.error(request, refusal.message)
                    return redirect("basket:summary")
        return super().dispatch(request, *args, **kwargs)

    def get_shipping_address(self, basket):
        """Oscar's, with the company it is for (``companies``; Oscar keeps only its own columns): the one
        typed with a new address (kept in the checkout's session beside Oscar's fields), or the saved
        address's."""
        address = super().get_shipping_address(basket)
        if address is None:
            return None
        if self.checkout_session.new_shipping_address_fields():
            companies.attach(address, self.checkout_session._get("shipping", SESSION_COMPANY, ""))
            return address
        saved_id = self.checkout_session.shipping_user_address_id()
        if saved_id:
            companies.attach(address, self._saved_company(saved_id))
        return address

    def _saved_company(self, saved_id):
        """The company of the shopper's saved address ``saved_id``, read once per request (Oscar asks
        for the shipping address several times in one)."""
        read = self.__dict__.setdefault("_saved_companies", {})
        if saved_id not in read:
            read[saved_id] = companies.of_saved_address(saved_id)
        return read[saved_id]

    def check_basket_is_valid(self, request):
        """Oscar's check, its refusals naming the products in the shopper's language."""
        try:
            super().check_basket_is_valid(request)
        except oscar_exceptions.FailedPreCondition as refusal:
            products = [line.product for line in request.basket.all_lines()]
            raise oscar_exceptions.FailedPreCondition(
                url=refusal.url, messages=[named_in_language(str(m), products) for m in refusal.messages]) from None

    def get_shipping_method(self, basket, shipping_address=None, **kwargs):
        code = self.checkout_session.shipping_method_code(basket)
        for method in ParcelRepository().get_shipping_methods(basket, shipping_addr=shipping_address):
            if method.code == code:
                return method
        return None


class ShippingAddressView(MarketplaceCheckoutMixin, oscar_views.ShippingAddressView):
    form_class = MarketplaceShippingAddressForm

    def get_available_addresses(self):
        return super().get_available_addresses().select_related(companies.RELATED)  # each shown with its company

    def get_initial(self):
        initial = super().get_initial()
        if initial:  # the new address typed before, its company with it
            initial[address_forms.COMPANY] = self.checkout_session._get("shipping", SESSION_COMPANY, "")
        return initial

    def form_valid(self, form):
        response = super().form_valid(form)  # Oscar keeps the address's own fields in the session
        self.checkout_session._set("shipping", SESSION_COMPANY, companies.company_of(form.instance))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Said before the shopper picks a country: what cannot leave Thailand.
        context["domestic_only"] = [line.product for line in self.request.basket.all_lines()
                                    if not can_ship_abroad(line.product)]
        return context


class UserAddressUpdateView(oscar_views.UserAddressUpdateView):
    """The checkout's "Edit address" of a saved address: the address book's form (the address rule, the
    countries shipped to, the company), not Oscar's plain one."""

    form_class = MarketplaceUserAddressForm


class ShippingMethodView(MarketplaceCheckoutMixin, oscar_views.ShippingMethodView):
    def get_available_shipping_methods(self):
        return ParcelRepository().get_shipping_methods(
            self.request.basket, shipping_addr=self.get_shipping_address(self.request.basket))

    def get(self, request, *args, **kwargs):
        address = self.get_shipping_address(request.basket)
        if address is not None:
            problems = {shipping_problem(line.product, address.country_id) for line in request.basket.all_lines()}
            problems.discard(None)
            if problems:
                for problem in sorted(problems):
                    messages.error(request, problem)
                return redirect("checkout:shipping-address")
        return super().get(request, *args, **kwargs)


class PaymentMethodView(MarketplaceCheckoutMixin, oscar_views.PaymentMethodView):
    pass


class PaymentDetailsView(MarketplaceCheckoutMixin, oscar_views.PaymentDetailsView):
    """Card through Stripe.js (or PromptPay in baht); the order is placed once Stripe has the money."""

    template_name = "oscar/checkout/payment_details.html"

    def get_pre_conditions(self, request):
        conditions = super().get_pre_conditions(request)
        if placing_paid_order(request):
            return [name for name in conditions if name != "check_basket_is_valid"]
        return conditions

    def get(self, request, *args, **kwargs):
        if self.preview:
            return redirect("checkout:payment-details")
        return super().get(request, *args, **kwargs)

    def _total(self):
        basket = self.request.basket
        address = self.get_shipping_address(basket)
        _method, _charge, total = quote_checkout(basket, address.country_id)
        return total

    def _payment(self, method):
        total = self._total()
        return intents.start_payment(self.request.basket, amount=total.incl_tax, currency=total.currency,
                                     method=method), total

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        method = self.request.GET.get("method", PaymentMethodType.CARD)
        try:
            payment, total = self._payment(method)
            if payment.method == PaymentMethodType.PROMPTPAY:
                context["promptpay_qr"] = intents.promptpay_qr(payment, self._email())
        except intents.gateway.GatewayError as failure:
            logger.error("Payment page without a payment: %s", failure)  # the detail is for staff
            context["payment_error"] = failure.shopper_message
            return context
        except (intents.PaymentError, CheckoutError) as refusal:
            context["payment_error"] = getattr(refusal, "message", str(refusal))
            return context
        context.update(payment=payment, stripe_total=total, promptpay_available=total.currency == THB,
                       stripe_publishable_key=settings.STRIPE_PUBLISHABLE_KEY, stripe_js_url=settings.STRIPE_JS_URL,
                       # Stripe's test keys (and the demo's localstripe): no money moves; say so, with the card to use.
                       payment_test_mode=intents.gateway.in_test_mode())
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        payment = StripePayment.objects.filter(basket=request.basket, order__isnull=True,
                                               intent_id=request.POST.get("payment_intent", "")).first()
        if payment is None:
            messages.error(request, _("Your payment session expired; please pay again."))
            return redirect("checkout:payment-details")
        if action == "pay":
            return self._pay(payment, request.POST.get("payment_method", ""))
        if action == "status":
            return self._status(payment)
        return self._place_order(payment)

    def _pay(self, payment, payment_method):
        """Attach the card Stripe.js tokenised in the browser and confirm (JSON for the page's script)."""
        try:
            total = self._total()
            # after a declined card, a new intent (``intents.next_attempt``): the page then uses its id
            payment = intents.next_attempt(payment, amount=total.incl_tax, currency=total.currency)
            intent = intents.pay_with(payment, payment_method, amount=total.incl_tax, currency=total.currency)
        except intents.gateway.GatewayError as failure:
            logger.warning("Payment not started: %s", failure)  # the detail is for staff
            return JsonResponse({"error": failure.shopper_message}, status=402)
        except (intents.PaymentError, CheckoutError) as refusal:
            return JsonResponse({"error": refusal.message}, status=402)
        return JsonResponse({"status": intent.status, "client_secret": payment.client_secret,
                             "payment_intent": payment.intent_id})

    def _status(self, payment):
        """Has the PromptPay transfer arrived? (JSON for the page's script, which then places the order.)"""
        try:
            paid = intents.is_paid(payment)
        except intents.gateway.GatewayError as failure:
            logger.warning("Payment status of %s unknown: %s", payment.intent_id, failure)  # for staff
            return JsonResponse({"paid": False, "status": "unknown"})
        return JsonResponse({"paid": paid, "status": payment.status})

    def _email(self):
        request = self.request
        return request.user.email if request.user.is_authenticated else self.checkout_session.get_guest_email()

    def _place_order(self, payment):
        request, basket = self.request, self.request.basket
        email = self._email()
        try:
            order = complete_checkout(basket, payment=payment, shipping_address=self.get_shipping_address(basket),
                                      email=email, user=request.user if request.user.is_authenticated else None,
                                      request=request, remember=(remembered.SHIPPING,))  # Oscar's checkout does
        except CheckoutError as refusal:
            # The money went back if it had been taken; the message says so.
            messages.error(request, refusal.message)
            return redirect("checkout:payment-details")
        self.checkout_session.flush()
        request.session["checkout_order_id"] = order.pk
        return redirect(reverse("checkout:thank-you"))
