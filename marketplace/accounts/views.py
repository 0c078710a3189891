"""Oscar's checkout gateway (``/checkout/``: continue as a guest, or sign in as a returning customer)
with its sign-in form given the request, as Django's login forms are, so that the sign-in throttle
(``throttle``) counts and refuses its attempts like every other sign-in's."""
from oscar.core.loading import get_class

OscarGatewayView = get_class("checkout.views", "IndexView")


class CheckoutGatewayView(OscarGatewayView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
