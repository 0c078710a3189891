"""Oscar's add-to-basket, refusing what the listing rule does not list: an unlisted product is
never sold (``marketplace.catalog.listing``), even when its form is posted directly. The refusal
names the product only to those who may see it (staff, its producer's users); to anyone else an
unlisted product and one that does not exist get the same message.

Oscar's basket page, whose warnings about lines (no longer available, price changed) name the
products in the shopper's language (``catalog/names.py``). Oscar's messages rendered from
templates (added, saved for later, moved back) are in storefront_theme's
``oscar/basket/messages/``."""
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from oscar.apps.basket.views import BasketAddView, BasketView
from oscar.core.loading import get_model

from marketplace.catalog.listing import can_view, is_listable
from marketplace.catalog.names import named_in_language, product_name

Product = get_model("catalogue", "Product")


class ListedBasketAddView(BasketAddView):
    def post(self, request, *args, **kwargs):
        product = Product.objects.filter(pk=kwargs["pk"]).first()
        if product is None or not can_view(request.user, product):
            messages.error(request, _("This product is not available for purchase."))
            return redirect("basket:summary")
        if not is_listable(product):
            messages.error(request, _("%(product)s is not on sale.") % {"product": product_name(product)})
            return redirect("basket:summary")
        return super().post(request, *args, **kwargs)


class NamedBasketView(BasketView):
    def get_basket_warnings(self, basket):
        products = [line.product for line in basket.all_lines()]
        return [named_in_language(str(warning), products) for warning in super().get_basket_warnings(basket)]
