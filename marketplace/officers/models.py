"""Programme officers: a role, not a kind of user.

A programme officer is a staff user (``is_staff`` so the import dashboard works) with a
``ProgrammeOfficer`` row naming the provinces whose programme they run. What the role may see
and do is decided in ``marketplace/officers/access.py``.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeOfficer(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_officer",
                                verbose_name=_("user"))
    provinces = models.ManyToManyField("provinces.Province", related_name="programme_officers",
                                       verbose_name=_("provinces"))
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme officer")
        verbose_name_plural = _("programme officers")

    def __str__(self):
        return self.user.get_username()
