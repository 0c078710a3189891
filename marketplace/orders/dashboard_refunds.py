"""Oscar's dashboard order page with staff's refund of the whole order or of one producer's parcel
(``refunds``): the page offers "Refund the order" only when the order may be refunded, and "Refund
this parcel" beside each parcel that may be refunded alone, with what goes back; the forms post
the ``refund_order`` and ``refund_parcel`` actions, confirmed by a tick box (the page runs no
inline script).

Oscar's class loader (``marketplace.core.oscar_classes``) puts this view in place of Oscar's own;
no fork of the dashboard app. The dashboard is staff's alone (``producers.dashboard_lock``); the
action checks it again rather than rely on the middleware.
"""
from django.contrib import messages
from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _

from marketplace.producers.dashboard_lock import may_use_oscar_dashboard

from . import refunds


def refundable_order_detail_view(oscar_view):
    """Oscar's ``OrderDetailView`` with the ``refund_order`` and ``refund_parcel`` actions, and
    ``refundable`` and ``refundable_parcels`` in its context."""

    class OrderDetailView(oscar_view):
        order_actions = (*oscar_view.order_actions, "refund_order", "refund_parcel")

        def get_context_data(self, **kwargs):
            context = super().get_context_data(**kwargs)
            staff = may_use_oscar_dashboard(self.request.user)
            context["refundable"] = staff and refunds.refusal(self.object) is None
            context["refund_amount"] = refunds.rest_to_refund(self.object)
            context["refundable_parcels"] = refunds.refundable_parcels(self.object) if staff else []
            return context

        def refund_parcel(self, request, order):
            if not may_use_oscar_dashboard(request.user):
                return HttpResponseForbidden()
            parcel = order.producer_shipments.filter(pk=_number(request.POST.get("parcel"))).first()
            if parcel is None:
                return self.reload_page(error=_("This order has no such parcel."))
            if request.POST.get("confirm") != "yes":
                return self.reload_page(error=_("Tick the box to confirm the refund."))
            try:
                refunds.refund_parcel(order, parcel, by=request.user)
            except refunds.RefundRefused as refused:
                return self.reload_page(error=refused.message)
            messages.success(request, _("%(producer)s's parcel of order %(number)s is being refunded: it is cancelled "
                                        "and its stock is back on sale. Stripe gives the money back in a moment, and "
                                        "the buyer is told by e-mail; the rest of the order still goes.")
                             % {"producer": parcel.partner.name, "number": order.number})
            return self.reload_page()

        def refund_order(self, request, order):
            if not may_use_oscar_dashboard(request.user):
                return HttpResponseForbidden()
            if request.POST.get("confirm") != "yes":
                return self.reload_page(error=_("Tick the box to confirm the refund."))
            try:
                refunds.refund(order, by=request.user)
            except refunds.RefundRefused as refused:
                return self.reload_page(error=refused.message)
            messages.success(request, _("Order %(number)s is being refunded: its parcels are cancelled and its stock "
                                        "is back on sale. Stripe gives the money back in a moment, and the buyer is "
                                        "told by e-mail.") % {"number": order.number})
            return self.reload_page()

    OrderDetailView.__module__ = __name__
    return OrderDetailView


def _number(value):
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19 else None
