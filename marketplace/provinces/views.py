from django.shortcuts import get_object_or_404
from django.views.generic import ListView
from oscar.core.loading import get_model

from marketplace.catalog.queries import product_cards
from marketplace.catalog.views import PAGE_SIZE
from marketplace.provinces.models import Province

Product = get_model("catalogue", "Product")


class ProvinceListView(ListView):
    template_name = "otop/province_list.html"
    context_object_name = "provinces"
    queryset = Province.objects.all()


class ProvinceDetailView(ListView):
    """A province's certified products (certified by, or made in, that province)."""

    template_name = "otop/province_detail.html"
    context_object_name = "products"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.province = get_object_or_404(Province, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return product_cards(Product.objects.filter(profile__producer__province=self.province)).order_by(
            "-date_created", "-pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["province"] = self.province
        return ctx
