"""The producer portal's order pages (``/producer/<producer_slug>/orders/``): the producer's
parcels and the ship and delivered actions, plus the redirects from the old ``/producer/orders/``
addresses; and the shopper's "I have received this parcel" on their order page (a guest's on the
order status page)."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.customer.mixins import AnonymousOrderMixin

from marketplace.portal.access import ProducerPortalMixin
from marketplace.producers.models import Producer

from . import fulfilment
from .models import Carrier


class ProducerShipmentListView(ProducerPortalMixin, generic.ListView):
    template_name = "otop_orders/shipment_list.html"
    context_object_name = "shipments"
    paginate_by = 50
    portal_section = "orders"

    def get_queryset(self):
        return fulfilment.shipments_of(self.producer)


class ProducerShipmentDetailView(ProducerPortalMixin, generic.DetailView):
    template_name = "otop_orders/shipment_detail.html"
    context_object_name = "shipment"
    portal_section = "orders"

    def get_object(self, queryset=None):
        # Another producer's shipment is a 404, not a 403: its existence is not theirs to know.
        return get_object_or_404(fulfilment.shipments_of(self.producer), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = fulfilment.lines_of(self.object)
        context["carriers"] = Carrier.choices
        return context

    def post(self, request, *args, **kwargs):
        shipment = self.get_object()
        try:
            if request.POST.get("action") == "delivered":
                shipment = fulfilment.mark_delivered(shipment)
                done = _("Marked as delivered: the buyer sees it on their order.")
            else:
                shipment = fulfilment.mark_shipped(shipment, request.POST.get("tracking_number"),
                                                   request.POST.get("carrier"))
                done = _("Marked as shipped: the buyer is e-mailed %(carrier)s %(tracking)s and sees it on their order.") % {
                    "carrier": shipment.get_carrier_display(), "tracking": shipment.tracking_number}
        except fulfilment.FulfilmentError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, done)
        return redirect("otop_orders:shipment-detail", producer_slug=self.producer.slug, pk=shipment.pk)


class ParcelReceivedView(LoginRequiredMixin, generic.View):
    """The shopper's "I have received this parcel" (a form on their order page): a parcel of another
    shopper's order is a 404."""

    http_method_names = ["post"]

    def post(self, request, order_number, pk):
        shipment = get_object_or_404(fulfilment.parcels_bought_by(request.user), order__number=order_number, pk=pk)
        _mark_received(request, shipment)
        return redirect("otop-order", order_number=order_number)


class GuestParcelReceivedView(AnonymousOrderMixin, generic.View):
    """A guest's "I have received this parcel", on the order status page they reached by the link of
    their confirmation and their e-mail address (Oscar's check, ``AnonymousOrderMixin``: the link's
    signature and the address given in this session). Without both, or for a parcel of another order, 404."""

    http_method_names = ["post"]

    def post(self, request, order_number, hash, pk):
        order = self.get_object()
        if order is None:
            raise Http404("No such guest order for this link and e-mail")
        shipment = get_object_or_404(fulfilment.parcels_of(order), pk=pk)
        _mark_received(request, shipment)
        return redirect("customer:anon-order", order_number=order.number, hash=hash)


def _mark_received(request, shipment):
    """The buyer's "I have received this parcel" (its producer is told)."""
    try:
        fulfilment.mark_delivered(shipment, by_buyer=True)
    except fulfilment.FulfilmentError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Thank you: the parcel is marked as received."))


class OldShipmentAddressView(LoginRequiredMixin, generic.View):
    """``/producer/orders/`` and ``/producer/orders/<pk>/`` before the portal: to the same page in
    the portal (the list goes to the portal's chooser when the user acts for several producers)."""

    def get(self, request, pk=None):
        if pk is not None:
            shipment = get_object_or_404(fulfilment.shipments_for(request.user).select_related("partner__producer"),
                                         pk=pk)
            return redirect("otop_orders:shipment-detail", producer_slug=shipment.partner.producer.slug, pk=pk)
        producers = list(Producer.objects.for_user(request.user)[:2])
        if not producers:
            raise Http404("Not a producer's user")
        if len(producers) == 1:
            return redirect("otop_orders:shipment-list", producer_slug=producers[0].slug)
        return redirect("portal:chooser")
