from django.http import Http404
from django.views.generic import ListView
from oscar.core.loading import get_model

from marketplace.catalog.queries import product_cards
from marketplace.catalog.views import PAGE_SIZE
from marketplace.producers.models import Producer

Product = get_model("catalogue", "Product")


class ProducerDetailView(ListView):
    """A producer's story and its certified products. Inactive producers are not shown to shoppers."""

    template_name = "otop/producer_detail.html"
    context_object_name = "products"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        producers = Producer.objects.select_related("province")
        user = request.user
        try:
            self.producer = producers.get(slug=kwargs["slug"])
        except Producer.DoesNotExist as exc:
            raise Http404("No such producer") from exc
        own = self.producer.partner.users.filter(pk=user.pk).exists() if user.is_authenticated else False
        if not (self.producer.active or user.is_staff or own):
            raise Http404("No such producer")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return product_cards(Product.objects.filter(profile__producer=self.producer)).order_by("-date_created", "-pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["producer"] = self.producer
        return ctx
