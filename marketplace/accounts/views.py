"""Oscar's checkout gateway (``/checkout/``: continue as a guest, or sign in as a returning customer)
with its sign-in form given the request, as Django's login forms are, so that the sign-in throttle
(``throttle``) counts and refuses its attempts like every other sign-in's.

Oscar's address book pages (/accounts/addresses/add/ and /accounts/addresses/<pk>/) with the
checkout's address form, so that an address saved there follows the Thai address rule (a province
from the list, no "state", the postcode checked) like one typed at the checkout.

The language switch, which a signed-in shopper's account remembers (its e-mails' language).

The "Change e-mail address" page and its mailed link (``email_change``: the new address is taken
once it has shown to be the holder's).

Oscar's order history pages, whose "re-order" messages ("… has been added to your basket", "… is no
longer available") name the products in the shopper's language (``catalog/names.py``)."""
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import FormView
from django.views.i18n import set_language as django_set_language

from oscar.apps.customer import views as oscar_customer_views
from oscar.core.loading import get_class, get_model

from marketplace.accounts import address_book, email_change, profile
from marketplace.accounts.errors import AccountError
from marketplace.catalog.names import named_in_language
from marketplace.core import email_addresses, site
from marketplace.orders.address_forms import MarketplaceUserAddressForm
from marketplace.shipping import companies

OscarGatewayView = get_class("checkout.views", "IndexView")
Order = get_model("order", "Order")


class CheckoutGatewayView(OscarGatewayView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_form(self, form_class=None):
        # A guest's e-mail becomes the order's: one too long for its column is refused here, not
        # when the order is written after the card was charged.
        form = super().get_form(form_class)
        email_addresses.hold_to_limit(form.fields["username"])
        return form


class AddressListView(oscar_customer_views.AddressListView):
    def get_queryset(self):  # each address shown with its company (``shipping.companies``): read with it
        return super().get_queryset().select_related(companies.RELATED, "country")


class _SavedOnce:
    """The address book's forms: the same address saved at this moment by another request of the
    shopper's (or an order) is the form's refusal (``address_book.saved_once``), not a server error."""

    def form_valid(self, form):
        try:
            self.object = address_book.saved_once(form.save)
        except AccountError as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        return redirect(self.get_success_url())


class AddressCreateView(_SavedOnce, oscar_customer_views.AddressCreateView):
    form_class = MarketplaceUserAddressForm


class AddressUpdateView(_SavedOnce, oscar_customer_views.AddressUpdateView):
    form_class = MarketplaceUserAddressForm


class _NamingMessages:
    """The request's message storage, naming ``products`` as the shopper reads them in what is added."""

    def __init__(self, storage, products):
        self._storage, self._products = storage, products

    def add(self, level, message, extra_tags=""):
        return self._storage.add(level, named_in_language(str(message), self._products), extra_tags)

    def __getattr__(self, name):
        return getattr(self._storage, name)


@contextmanager
def _messages_naming(request, products):
    storage = request._messages
    request._messages = _NamingMessages(storage, [product for product in products if product is not None])
    try:
        yield
    finally:
        request._messages = storage


class OrderDetailView(oscar_customer_views.OrderDetailView):
    def do_reorder(self, order):
        with _messages_naming(self.request, [line.product for line in order.lines.all()]):
            return super().do_reorder(order)


class OrderLineView(oscar_customer_views.OrderLineView):
    """An order line's "buy again" form. The theme has no page of one line (its order's page shows it):
    anything but the form's own action goes back to the order's page; a line the order does not have
    is a 404 (Oscar's view answered both with an error page)."""

    def get_object(self, queryset=None):
        order = get_object_or_404(Order, user=self.request.user, number=self.kwargs["order_number"])
        return get_object_or_404(order.lines, id=self.kwargs["line_id"])

    def get(self, request, *args, **kwargs):
        self.get_object()
        return redirect("customer:order", self.kwargs["order_number"])

    def do_reorder(self, line):
        with _messages_naming(self.request, [line.product]):
            return super().do_reorder(line)


def set_language(request):
    """Django's language switch (``/i18n/setlang/``); a signed-in shopper's choice also becomes the
    account's language (``profile.remember_page_language``)."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated and response.status_code in (200, 204, 302):
        profile.remember_page_language(request.user, request.POST.get("language"))
    return response


class EmailChangeForm(forms.Form):
    """The storefront's "Change e-mail address": the new address and the password (``email_change``
    checks both)."""
    new_email = forms.CharField(label=gettext_lazy("New e-mail address"), max_length=254,
                                widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label=gettext_lazy("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class EmailChangeView(LoginRequiredMixin, FormView):
    """Asks for the new address and the password, then mails the link (``email_confirm_view``) to the
    new address; the account keeps its address until the link is opened."""
    form_class = EmailChangeForm
    template_name = "otop_accounts/email_change.html"
    extra_context = {"page_title": gettext_lazy("Change e-mail address"), "active_tab": "profile"}

    def form_valid(self, form):
        profile.remember_page_language(self.request.user)  # the mails go in the page's language
        try:
            email = email_change.request_change(
                self.request.user, form.cleaned_data["new_email"], form.cleaned_data["password"],
                site.url(reverse("otop-email-confirm")), own_page=True, request=self.request)
        except AccountError as refusal:
            form.add_error({"password": "password", "newEmail": "new_email"}.get(refusal.field), refusal.message)
            return self.form_invalid(form)
        messages.info(self.request, _("We have e-mailed a link to %(email)s: your account's e-mail address "
                                      "changes when you open it, signed in, within a day.") % {"email": email})
        return redirect("customer:profile-view")


@login_required
def email_confirm_view(request):
    """``/accounts/email/confirm/?token=…``: the link mailed by ``EmailChangeView``."""
    profile.remember_page_language(request.user)  # the old address is told in the page's language
    try:
        user = email_change.confirm_change(request.user, request.GET.get("token"))
    except AccountError as refusal:
        messages.error(request, _("This link does not change your e-mail address: %(reason)s Links work once, "
                                  "within a day, for the account that asked.") % {"reason": refusal.message})
    else:
        messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": user.email})
    return redirect("customer:profile-view")
