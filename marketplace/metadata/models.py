"""One row of metadata per object: ``public`` is what any client that can see the object reads,
``private`` is what only the shop's own code reads (e.g. an account's language)."""
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.json_fields import JSONField


class Metadata(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    # Text, because the objects' keys differ: numbers for users, UUIDs elsewhere.
    object_id = models.CharField(max_length=64)
    public = JSONField(default=dict, blank=True)
    private = JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("metadata")
        verbose_name_plural = _("metadata")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_metadata_per_object")]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}"
