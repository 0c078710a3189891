"""The producer portal's own pages: the chooser at ``/producer/``, a producer's products with
their state and why, and a product's price per channel and stock (applied at once)."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic
from oscar.core.loading import get_model

from marketplace.catalog import listing, stock
from marketplace.certification.models import Certification
from marketplace.channels import availability, pricing
from marketplace.channels.models import Channel
from marketplace.core.errors import DomainError
from marketplace.portal.access import ProducerPortalMixin
from marketplace.portal.forms import PriceStockForm
from marketplace.producers.models import Producer

Product = get_model("catalogue", "Product")


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


class ProducerProductsMixin(ProducerPortalMixin):
    """The products of the page's producer that the user manages (``listing.managed_by``)."""

    portal_section = "products"

    def producer_products(self):
        own = Product.objects.filter(profile__producer=self.producer)
        return listing.managed_by(self.request.user, own).select_related("profile").prefetch_related(
            "stockrecords", "channel_listings",
            Prefetch("certifications", queryset=Certification.objects.prefetch_related("standards")))


class ProductsView(ProducerProductsMixin, generic.ListView):
    """Each product with its state and why (the listing rule's own explanation) and warnings."""

    template_name = "portal/products.html"
    context_object_name = "products"
    paginate_by = 50

    def get_queryset(self):
        return self.producer_products().order_by("profile__name_th", "profile__name_en", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        products = context["products"]
        explained = listing.explain([product.pk for product in products])
        for product in products:
            product.state = explained[product.pk]
            product.available = stock.quantity_available(product)
            product.price_thb = pricing.base_price(product)
        return context


class PricesView(ProducerProductsMixin, generic.FormView):
    """A product's price in each channel and its stock: applied at once, through the rule homes
    (``channels.pricing.set_price``, ``catalog.stock.set_stock``). Certification, star level and
    programme code are shown, not changed."""

    template_name = "portal/prices.html"
    form_class = PriceStockForm

    def get_product(self):
        if not hasattr(self, "product"):
            products = self.producer_products().select_related("profile__producer")
            self.product = get_object_or_404(products, pk=self.kwargs["pk"])
        return self.product

    def channels(self):
        product = self.get_product()
        return [(channel, availability.is_sold_in(product, channel))
                for channel in Channel.objects.filter(is_active=True).order_by("position", "pk")]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "product": self.get_product(), "channels": self.channels()}

    def form_valid(self, form):
        product = self.get_product()
        changed = form.changed_values()  # what the producer changed on the page, not what others did since
        try:
            with transaction.atomic():
                if "stock" in changed:
                    stock.set_stock(product, changed["stock"], by=self.request.user)
                pricing.set_prices(product, [(channel, changed[name]) for channel, name in form.price_fields
                                             if name in changed], by=self.request.user)
        except DomainError as refused:  # e.g. a channel stopped selling the product meanwhile: nothing applied
            form.add_error(None, refused.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: shoppers see the new prices and stock now."))
        return redirect("portal:prices", producer_slug=self.producer.slug, pk=product.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.get_product()
        certifications = list(product.certifications.all())
        context.update(
            product=product, certification=certifications[0] if certifications else None,
            state=listing.explain([product.pk])[product.pk],
            record=stock.selling_record(product), available=stock.quantity_available(product),
        )
        return context
