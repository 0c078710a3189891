"""Product page views, counted per product and day: no visitor, session, address or time is kept."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductPageViews(models.Model):
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="page_views")
    day = models.DateField(_("day"))  # in the shop's time zone (Asia/Bangkok)
    count = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("product page views")
        verbose_name_plural = _("product page views")
        constraints = [models.UniqueConstraint(fields=["product", "day"], name="one_view_counter_per_product_day")]

    def __str__(self):
        return f"{self.product_id} {self.day}: {self.count}"
