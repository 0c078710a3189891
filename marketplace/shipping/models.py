"""Shipping zones, the countries in each and the rate table per zone, kept as data staff edit.

Rates are per producer's parcel by chargeable weight band, in baht; the data migration seeds
them from ``data/rates.csv`` and ``data/zones.csv``. ``pricing.py`` is the one place that turns
them into a price.
"""
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.i18n import bilingual


class ShippingZone(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=128)
    name_en = models.CharField(_("name (English)"), max_length=128)
    is_domestic = models.BooleanField(_("domestic"), default=False)

    name = bilingual("name")

    class Meta:
        ordering = ["-is_domestic", "code"]
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")

    def __str__(self):
        return self.name_en or self.code


class ZoneCountry(models.Model):
    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="countries")
    # ISO 3166-1 alpha-2; a country belongs to one zone.
    country = models.CharField(_("country code"), max_length=2, unique=True)

    class Meta:
        ordering = ["country"]
        verbose_name = _("country of a zone")
        verbose_name_plural = _("countries of a zone")

    def __str__(self):
        return f"{self.country} → {self.zone.code}"


class ShippingRate(models.Model):
    """The price of one parcel whose chargeable weight is at most ``max_weight_g``."""

    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="rates")
    max_weight_g = models.PositiveIntegerField(_("up to chargeable weight (g)"), validators=[MinValueValidator(1)])
    price_thb = models.DecimalField(_("price (THB)"), max_digits=10, decimal_places=2,
                                    validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["zone", "max_weight_g"]
        verbose_name = _("shipping rate")
        verbose_name_plural = _("shipping rates")
        constraints = [models.UniqueConstraint(fields=["zone", "max_weight_g"], name="shipping_rate_band_unique")]

    def __str__(self):
        return f"{self.zone.code} ≤ {self.max_weight_g} g: ฿{self.price_thb}"


class PackagingAllowance(models.Model):
    """What packing adds to a product's net weight when its packed (gross) weight is not recorded:
    ``percent`` of the net weight plus ``grams``. One row, edited by staff; the estimate is
    said on the product page (``reach.py``)."""

    percent = models.DecimalField(_("allowance (percent of net weight)"), max_digits=5, decimal_places=1, default=15,
                                  validators=[MinValueValidator(0)])
    grams = models.PositiveIntegerField(_("allowance (g per item)"), default=100)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("packaging allowance")
        verbose_name_plural = _("packaging allowance")

    def __str__(self):
        return f"+{self.percent}% + {self.grams} g"

    @classmethod
    def current(cls):
        """The staff's allowance (the defaults until they change it)."""
        return cls.objects.order_by("pk").first() or cls()


class AddressCompany(models.Model):
    """The company an address is for (Saleor's ``companyName``: a business buying through the shop,
    a hotel receiving for a guest), which Oscar's address models have no column for: a row beside
    one shopper's saved address or one order's shipping or billing address, deleted with it.
    ``shipping.companies`` reads and writes it."""

    user_address = models.OneToOneField("address.UserAddress", on_delete=models.CASCADE, null=True, blank=True,
                                        related_name="otop_company")
    shipping_address = models.OneToOneField("order.ShippingAddress", on_delete=models.CASCADE, null=True,
                                            blank=True, related_name="otop_company")
    billing_address = models.OneToOneField("order.BillingAddress", on_delete=models.CASCADE, null=True, blank=True,
                                           related_name="otop_company")
    name = models.CharField(_("company"), max_length=255)

    class Meta:
        verbose_name = _("address's company")
        verbose_name_plural = _("addresses' companies")
        constraints = [models.CheckConstraint(
            condition=(models.Q(user_address__isnull=False, shipping_address__isnull=True, billing_address__isnull=True)
                   | models.Q(user_address__isnull=True, shipping_address__isnull=False, billing_address__isnull=True)
                   | models.Q(user_address__isnull=True, shipping_address__isnull=True, billing_address__isnull=False)),
            name="address_company_of_one_address")]

    def __str__(self):
        return self.name
