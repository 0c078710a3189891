"""Producers: OTOP groups, community enterprises and small firms, each tied to an Oscar partner.

The partner carries Oscar's stock records and the users who may act for the producer
(``partner.users``); the producer carries who they are and where.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from marketplace.core.i18n import bilingual


class ProducerType(models.TextChoices):
    COMMUNITY = "community", _("Community producer")
    COMMUNITY_ENTERPRISE = "community_enterprise", _("Community enterprise")
    SINGLE_OWNER = "single_owner", _("Single-owner community producer")
    SME = "sme", _("SME")


class ProducerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_user(self, user):
        """The producers a signed-in user may act for."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(partner__users=user)

    def visible_to(self, user):
        """The producers ``user`` may see, on the pages and through the API alike: active ones,
        and inactive ones too for staff and for the users of that producer."""
        if getattr(user, "is_staff", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.active()
        # A subquery, not an OR across the partner's users: that join would repeat producers.
        return self.filter(models.Q(active=True) | models.Q(pk__in=Producer.objects.for_user(user).values("pk")))


class Producer(models.Model):
    partner = models.OneToOneField("partner.Partner", on_delete=models.PROTECT, related_name="producer")
    name_th = models.CharField(_("name (Thai)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    # Normalised name: with the province, what makes two records the same producer.
    name_key = models.CharField(max_length=255, editable=False, db_index=True)
    slug = models.SlugField(max_length=255, unique=True)
    producer_type = models.CharField(_("type"), max_length=32, choices=ProducerType.choices, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    subdistrict = models.CharField(_("subdistrict"), max_length=128, blank=True)
    district = models.CharField(_("district"), max_length=128, blank=True)
    province = models.ForeignKey("provinces.Province", on_delete=models.PROTECT, related_name="producers",
                                 verbose_name=_("province"))
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    story_th = models.TextField(_("story (Thai)"), blank=True)
    story_en = models.TextField(_("story (English)"), blank=True)
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    monthly_capacity = models.PositiveIntegerField(_("monthly capacity (units)"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ProducerQuerySet.as_manager()

    name = bilingual("name")
    story = bilingual("story")

    class Meta:
        ordering = ["name_th", "name_en"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        constraints = [
            models.UniqueConstraint(fields=["name_key", "province"], name="producer_unique_name_per_province",
                                    violation_error_message=_("A producer of this name is already in this province "
                                                              "(names are compared as the import compares them)."),
                                    violation_error_code="duplicate_name"),
        ]

    def __str__(self):
        return self.name_th or self.name_en

    def _key_name(self):
        from marketplace.core.thai import identity_key

        self.name_key = identity_key(self.name_th or self.name_en)

    def validate_constraints(self, exclude=None):
        """A form (the admin's) leaves ``name_key`` out, being worked out from the name: checked
        all the same whenever the name and the province are, so a second producer of one name in one
        province is a message beside the name, not the database's refusal (a 500)."""
        exclude = set(exclude or ())
        if not exclude & {"name_th", "name_en", "province"}:
            self._key_name()
            exclude.discard("name_key")
        super().validate_constraints(exclude=exclude)

    def save(self, *args, **kwargs):
        self._key_name()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("producers:detail", kwargs={"slug": self.slug})

    @property
    def shown_district(self):
        """The district (kept in Thai only) as the page's language can show it: as written on Thai
        pages; elsewhere the province's capital district by the province's English name ("Mueang
        Lampang", as the districts are officially named), any other district not at all, since no
        English name is known (a machine romanisation read หางดง as "Ang Dong"); the province is
        shown beside it in every language."""
        from marketplace.core.i18n import current_language

        if current_language() == "th":
            return self.district
        if self.district and self.district == f"เมือง{self.province.name_th}":
            return f"Mueang {self.province.name_en}"
        return ""

class Invitation(models.Model):
    """An invitation to act for a producer, sent by e-mail to one address (``invitations.py`` is
    the rule). Only a hash of the link's token is kept; the token itself exists in the e-mail alone.
    A resend replaces the hash (the old link is dead at once) and counts a new ``generation``."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="invitations",
                                 verbose_name=_("producer"))
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    generation = models.PositiveIntegerField(default=0, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=pgettext_lazy("invitation", "invited by"))
    created = models.DateTimeField(pgettext_lazy("invitation", "invited"), auto_now_add=True)
    sent_at = models.DateTimeField(pgettext_lazy("invitation", "last sent"), null=True, blank=True)
    expires_at = models.DateTimeField(pgettext_lazy("invitation", "expires"))
    accepted_at = models.DateTimeField(pgettext_lazy("invitation", "accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=pgettext_lazy("invitation", "accepted by"))
    revoked_at = models.DateTimeField(pgettext_lazy("invitation", "revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("producer invitation")
        verbose_name_plural = _("producer invitations")

    def __str__(self):
        return f"{self.email} → {self.producer}"
