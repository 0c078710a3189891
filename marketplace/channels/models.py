"""Channels and a product's listing in them.

A channel is a market with one currency: the domestic shop (THB) and the international shop
(USD). A product without any ``ProductChannelListing`` is sold in every active channel (the
programme's products are meant for both markets); once it has listings, it is sold only in
the channels listed. A listing may fix the channel's price; otherwise ``pricing.price_for``
derives it from the THB price.
"""
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.i18n import bilingual

DOMESTIC_CHANNEL_SLUG = "th-thb"
INTERNATIONAL_CHANNEL_SLUG = "intl-usd"


class Channel(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=128)
    name_en = models.CharField(_("name (English)"), max_length=128)
    currency_code = models.CharField(_("currency"), max_length=3)
    # ISO 3166-1 alpha-2 codes this channel ships to; empty means every country.
    countries = models.JSONField(_("countries"), default=list, blank=True)
    default_country = models.CharField(_("default country"), max_length=2)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    name = bilingual("name")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return f"{self.slug} ({self.currency_code})"


class ProductChannelListing(models.Model):
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="product_listings")
    # The price in the channel's currency; empty: derived from the THB price (see pricing.py).
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("product channel listing")
        verbose_name_plural = _("product channel listings")
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="one_listing_per_channel")]

    def __str__(self):
        return f"{self.product_id} in {self.channel_id}"
