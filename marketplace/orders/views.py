"""Producer-facing order pages: the list of their parcels to ship and the ship action."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views import generic

from . import fulfilment


class ProducerShipmentListView(LoginRequiredMixin, generic.ListView):
    template_name = "otop_orders/shipment_list.html"
    context_object_name = "shipments"
    paginate_by = 50

    def get_queryset(self):
        return fulfilment.shipments_for(self.request.user)


class ProducerShipmentDetailView(LoginRequiredMixin, generic.DetailView):
    template_name = "otop_orders/shipment_detail.html"
    context_object_name = "shipment"

    def get_object(self, queryset=None):
        # Another producer's shipment is a 404, not a 403: its existence is not theirs to know.
        return get_object_or_404(fulfilment.shipments_for(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = fulfilment.lines_of(self.object)
        return context

    def post(self, request, *args, **kwargs):
        shipment = self.get_object()
        try:
            fulfilment.mark_shipped(shipment, request.POST.get("tracking_number"))
        except fulfilment.FulfilmentError as refusal:
            messages.error(request, str(refusal))
        return redirect("otop_orders:shipment-detail", pk=shipment.pk)
