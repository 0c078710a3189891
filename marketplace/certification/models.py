"""Certifications: the star level a provincial committee gave a product in a selection year,
and the standards it held. A product keeps every certification as its history; the newest
one decides whether it may be listed (see ``marketplace.catalog.listing``).
"""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificationStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class StandardType(models.TextChoices):
    MPC = "mpc", _("Thai Community Product Standard (มผช.)")
    FDA = "fda", _("Thai FDA (อย.)")
    HALAL = "halal", _("Halal")
    GI = "gi", _("Geographical Indication (GI)")
    GMP = "gmp", _("GMP")
    TIS = "tis", _("Thai Industrial Standard (มอก.)")
    ORGANIC = "organic", _("Organic")
    OTHER = "other", _("Other")


class Certification(models.Model):
    # No index of its own: the unique (product, selection_year) one serves lookups by product, and a
    # product's newest year first (read backwards); a third index only cost every import row a write.
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="certifications",
                                verbose_name=_("product"), db_index=False)
    star_level = models.PositiveSmallIntegerField(
        _("star level"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    selection_year = models.PositiveSmallIntegerField(
        _("selection year (CE)"), validators=[MinValueValidator(2001), MaxValueValidator(2100)])
    province = models.ForeignKey("provinces.Province", on_delete=models.PROTECT, related_name="certifications",
                                 verbose_name=_("certifying province"))
    programme = models.CharField(_("programme"), max_length=128, default="OTOP Product Champion")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=16, choices=CertificationStatus.choices,
                              default=CertificationStatus.CURRENT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-selection_year", "-valid_from", "-id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.UniqueConstraint(fields=["product", "selection_year"], name="one_certification_per_year"),
            models.CheckConstraint(condition=models.Q(star_level__gte=1, star_level__lte=5), name="star_level_1_to_5"),
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")),
                                   name="validity_period_ordered"),
        ]

    def __str__(self):
        return f"{self.product_id}: {self.star_level}★ {self.selection_year}"

    @property
    def selection_year_be(self):
        return self.selection_year + 543


class Standard(models.Model):
    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="standards")
    type = models.CharField(_("type"), max_length=16, choices=StandardType.choices)
    number = models.CharField(_("number"), max_length=128, blank=True)

    class Meta:
        ordering = ["type", "number"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self):
        return f"{self.get_type_display()} {self.number}".strip()


class ExpiryNotice(models.Model):
    """That a certification's producer and the programme office were told it ends in ``days``
    days (90, 30 or 7): each threshold is announced once, whatever night the job runs."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="expiry_notices")
    days = models.PositiveSmallIntegerField(_("days ahead"))
    created = models.DateTimeField(auto_now_add=True)
    producer_sent_at = models.DateTimeField(_("sent to the producer"), null=True, blank=True)
    office_sent_at = models.DateTimeField(_("sent to the programme office"), null=True, blank=True)

    class Meta:
        verbose_name = _("expiry notice")
        verbose_name_plural = _("expiry notices")
        constraints = [models.UniqueConstraint(fields=["certification", "days"], name="one_notice_per_threshold")]

    def __str__(self):
        return f"{self.certification_id}: {self.days}"
