"""Oscar's add-to-basket, refusing what the listing rule does not list: an unlisted product is
never sold (``marketplace.catalog.listing``), even when its form is posted directly. The refusal
names the product only to those who may see it (staff, its producer's users); to anyone else an
unlisted product and one that does not exist get the same message."""
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from oscar.apps.basket.views import BasketAddView
from oscar.core.loading import get_model

from marketplace.catalog.listing import can_view, is_listable

Product = get_model("catalogue", "Product")


class ListedBasketAddView(BasketAddView):
    def post(self, request, *args, **kwargs):
        product = Product.objects.filter(pk=kwargs["pk"]).first()
        if product is None or not can_view(request.user, product):
            messages.error(request, _("This product is not available for purchase."))
            return redirect("basket:summary")
        if not is_listable(product):
            messages.error(request, _("%(product)s is not on sale.") % {"product": product.get_title()})
            return redirect("basket:summary")
        return super().post(request, *args, **kwargs)
