"""Oscar's checkout gateway (``/checkout/``: continue as a guest, or sign in as a returning customer)
with its sign-in form given the request, as Django's login forms are, so that the sign-in throttle
(``throttle``) counts and refuses its attempts like every other sign-in's.

Oscar's address book pages (/accounts/addresses/add/ and /accounts/addresses/<pk>/) with the
checkout's address form, so that an address saved there follows the Thai address rule (a province
from the list, no "state", the postcode checked) like one typed at the checkout."""
from oscar.apps.customer import views as oscar_customer_views
from oscar.core.loading import get_class

from marketplace.orders.address_forms import MarketplaceUserAddressForm

OscarGatewayView = get_class("checkout.views", "IndexView")


class CheckoutGatewayView(OscarGatewayView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class AddressCreateView(oscar_customer_views.AddressCreateView):
    form_class = MarketplaceUserAddressForm


class AddressUpdateView(oscar_customer_views.AddressUpdateView):
    form_class = MarketplaceUserAddressForm
