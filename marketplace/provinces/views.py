"""Province pages: an index grouped by region, and each province's certified products."""
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView
from oscar.core.loading import get_model
from pythainlp.util import collate

from marketplace.catalog import listing
from marketplace.catalog.queries import product_cards
from marketplace.catalog.views import PAGE_SIZE
from marketplace.core.i18n import current_language
from marketplace.provinces.models import Province, Region

Product = get_model("catalogue", "Product")


class ProvinceListView(TemplateView):
    """Every province under its region, with how many certified products it lists."""

    template_name = "otop/province_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        counts = dict(
            listing.listable()
            .values_list("profile__producer__province")
            .annotate(count=Count("pk", distinct=True))
            .values_list("profile__producer__province", "count")
        )
        by_region = {region: [] for region in Region.values}
        for province in Province.objects.all():
            province.listed_count = counts.get(province.pk, 0)
            by_region.setdefault(province.region, []).append(province)
        ctx["regions"] = [
            {"code": code, "label": Region(code).label, "provinces": _in_name_order(provinces)}
            for code, provinces in by_region.items() if provinces
        ]
        return ctx


def _in_name_order(provinces):
    """Alphabetical by the name shown; Thai needs its own collation (leading vowels such as
    เ and แ are written first but sort after the consonant)."""
    if current_language() == "th":
        by_name = {province.name: province for province in provinces}
        return [by_name[name] for name in collate(list(by_name))]
    return sorted(provinces, key=lambda province: province.name.casefold())


class ProvinceDetailView(ListView):
    """The certified products made by a province's producers."""

    template_name = "otop/province_detail.html"
    context_object_name = "products"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.province = get_object_or_404(Province, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        in_province = Product.objects.filter(profile__producer__province=self.province)
        return product_cards(in_province).order_by("-date_created", "-pk")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.listing_context()}

    def listing_context(self) -> dict:
        """What the page shows besides its products (also ``search.browse``'s filtered page)."""
        return {"province": self.province}
