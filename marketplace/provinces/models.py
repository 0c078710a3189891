"""Thailand's 77 provinces (ISO 3166-2:TH), loaded by a data migration."""
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.core.i18n import bilingual


class Region(models.TextChoices):
    NORTH = "north", _("North")
    NORTHEAST = "northeast", _("Northeast")
    CENTRAL = "central", _("Central")
    EAST = "east", _("East")
    WEST = "west", _("West")
    SOUTH = "south", _("South")


class Province(models.Model):
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=64, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=64, unique=True)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices)
    slug = models.SlugField(max_length=64, unique=True)

    name = bilingual("name")

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return f"{self.name_th} ({self.name_en})"

    def get_absolute_url(self):
        return reverse("provinces:detail", kwargs={"slug": self.slug})
