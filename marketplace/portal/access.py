"""Who may open a producer's portal pages: the one check every ``/producer/<producer_slug>/…`` view uses.

A signed-in user acts for the producers whose Oscar partner lists them (``Producer.objects.for_user``).
Any other producer's slug is a 404, not a 403: whether it exists is not theirs to know, and two
producers of the same name in different provinces have different slugs.
"""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils.translation import gettext as _

from marketplace.producers.models import Producer


def producer_for(user, slug):
    """The producer with ``slug`` that ``user`` acts for; Http404 otherwise."""
    producer = Producer.objects.for_user(user).select_related("province", "partner").filter(slug=slug).first()
    if producer is None:
        raise Http404(_("No producer of yours has this address."))
    return producer


class ProducerPortalMixin(LoginRequiredMixin):
    """Login required; ``self.producer`` from the URL's ``producer_slug`` among the user's
    producers (404 otherwise); ``producer`` in the template context."""

    producer_url_kwarg = "producer_slug"
    portal_section = None  # "products", "orders" or "sales": the nav item shown as current

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.producer = producer_for(request.user, kwargs[self.producer_url_kwarg])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["producer"] = self.producer
        context["portal_section"] = self.portal_section
        return context
