"""A producer's page: who they are, their story and their certified products."""
from django.http import Http404
from django.views.generic import ListView
from oscar.core.loading import get_model

from marketplace.catalog.queries import product_cards
from marketplace.catalog.views import PAGE_SIZE
from marketplace.producers.models import Producer

Product = get_model("catalogue", "Product")


class ProducerDetailView(ListView):
    """Inactive producers are not shown to shoppers; staff and the producer's own users see the
    page and every product of it, unlisted ones marked."""

    template_name = "otop/producer_detail.html"
    context_object_name = "products"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        user = request.user
        try:
            self.producer = Producer.objects.visible_to(user).select_related("province").get(slug=kwargs["slug"])
        except Producer.DoesNotExist as exc:
            raise Http404("No such producer") from exc
        self.is_insider = user.is_staff or (
            user.is_authenticated and self.producer.partner.users.filter(pk=user.pk).exists())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        products = Product.objects.filter(profile__producer=self.producer)
        user = self.request.user if self.is_insider else None
        return product_cards(products, user=user).order_by("-date_created", "-pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["producer"] = self.producer
        return ctx
