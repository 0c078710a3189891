"""The producer portal's Sales page: the producer's figures (``figures``) as charts and tables."""
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from marketplace.portal.access import ProducerPortalMixin

from . import figures


class SalesView(ProducerPortalMixin, TemplateView):
    template_name = "sales/sales.html"
    portal_section = "sales"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = figures.by_month(self.producer)
        products = figures.by_product(self.producer)
        chart = figures.chart_data(months, products)
        # The charts' words, in the page's language (the script has none of its own).
        chart["labels"] = [dateformat.format(month.month, "M Y") for month in months]
        chart["text"] = {"revenue": _("Revenue (THB)"), "orders": _("Orders"), "units": _("Units"),
                         "page_views": _("Page views")}
        context.update(months=months, products=products, chart_data=chart,
                       has_sales=any(month.orders for month in months))
        return context
