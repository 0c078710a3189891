"""Oscar's add-to-basket, refusing what the listing rule does not list: an unlisted product is
never sold (``marketplace.catalog.listing``), even when its form is posted directly."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from oscar.apps.basket.views import BasketAddView
from oscar.core.loading import get_model

from marketplace.catalog.listing import is_listable

Product = get_model("catalogue", "Product")


class ListedBasketAddView(BasketAddView):
    def post(self, request, *args, **kwargs):
        product = get_object_or_404(Product, pk=kwargs["pk"])
        if not is_listable(product):
            messages.error(request, _("%(product)s is not on sale.") % {"product": product.get_title()})
            return redirect("basket:summary")
        return super().post(request, *args, **kwargs)
