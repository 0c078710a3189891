"""The producer portal's own pages: the chooser at ``/producer/`` and a producer's products."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views import generic

from marketplace.portal.access import ProducerPortalMixin
from marketplace.producers.models import Producer


class ChooserView(LoginRequiredMixin, generic.TemplateView):
    """``/producer/``: the producers the user acts for; straight to the one when there is one."""

    template_name = "portal/chooser.html"

    def get(self, request, *args, **kwargs):
        self.producers = list(Producer.objects.for_user(request.user).select_related("province"))
        if len(self.producers) == 1:
            return redirect("portal:products", producer_slug=self.producers[0].slug)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(producers=self.producers, **kwargs)


class ProducerHomeView(ProducerPortalMixin, generic.View):
    """``/producer/<slug>/``: the products page is where a producer starts."""

    def get(self, request, *args, **kwargs):
        return redirect("portal:products", producer_slug=self.producer.slug)


class ProductsView(ProducerPortalMixin, generic.TemplateView):
    template_name = "portal/products.html"
