"""Accepting a quote from its request's page (``acceptance.accept``), and downloading an accepted
quote's pro-forma invoice: its buyer, the users of the quote's producer and staff (``access``);
anyone else gets a 404, as for any object that is not theirs."""
import logging

from django.contrib.auth.views import redirect_to_login
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from marketplace.quote_orders.models import QuoteOrder

from . import acceptance, access, proforma
from .models import Quote
from .views import _Action

logger = logging.getLogger(__name__)


def proforma_download(request, number):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    link = (QuoteOrder.objects.select_related("order", "quote__producer__province", "quote__current_version",
                                              "quote__request__buyer__trade_buyer")
            .filter(order__number=number).first())
    if link is None or not access.quotes_for(request.user, link.quote.request).filter(pk=link.quote_id).exists():
        raise Http404(_("No such pro-forma invoice."))
    try:
        pdf = proforma.render(proforma.for_quote_order(link))
    except proforma.ProformaFontMissing as missing:
        logger.error("%s", missing)
        return HttpResponse(_("The pro-forma invoice cannot be made at the moment; our staff have been told."),
                            status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse(pdf, content_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="proforma-{link.order.number}.pdf"'})


class AcceptView(_Action):
    """The buyer accepts a quote: the order is made (once), then back to the request's page."""

    def act(self, request, pk):
        quote = get_object_or_404(Quote.objects.filter(request__in=access.requests_for(request.user)), pk=pk)
        self.back = reverse("quotes:request", kwargs={"pk": quote.request_id})
        if not access.is_buyer_of(request.user, quote.request):  # its producer sees it, but does not accept
            raise Http404
        link = acceptance.accept(quote, request.user)  # a QuoteError: its message, back to the page
        messages.success(request, format_html(
            _("Quote accepted: order {number}. Pay the deposit of {deposit} {currency}; "
              "<a href=\"{url}\">download the pro-forma invoice</a>."),
            number=link.order.number, deposit=link.deposit_amount, currency=link.currency,
            url=reverse("quote_order:proforma", kwargs={"number": link.order.number})))
        return self.back
