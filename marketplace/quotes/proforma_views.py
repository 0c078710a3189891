"""Downloading an accepted quote's pro-forma invoice: its buyer, the users of the quote's producer
and staff (``access``); anyone else gets a 404, as for any object that is not theirs."""
import logging

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from marketplace.quote_orders.models import QuoteOrder

from . import access, proforma

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
