"""A producer's proposed change to a product's content, waiting for a programme officer.

One ``ContentChange`` per product may be open (``pending``) at a time; a producer who submits
again while it waits adds to it (``changes.submit``). It holds the proposed values of the
moderated fields (``fields``: field key -> value, see ``changes.FIELDS``) and the photo
operations (``PhotoOperation``, applied in ``seq`` order). Shoppers see none of it until
``changes.approve`` writes it to ``ProductProfile``, ``Packaging`` and ``ProductImage``.
"""
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.json_fields import JSONField

PENDING_PHOTO_FOLDER = "moderation/pending"
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ContentChange(models.Model):
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="content_changes",
                                verbose_name=_("product"))
    status = models.CharField(_("status"), max_length=16, choices=ChangeStatus.choices,
                              default=ChangeStatus.PENDING)
    # field key (changes.FIELDS) -> proposed value (text, a decimal as text, an integer or None)
    fields = JSONField(_("proposed values"), default=dict, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("content change")
        verbose_name_plural = _("content changes")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["product"], condition=Q(status="pending"),
                                    name="moderation_one_pending_change_per_product"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="moderation_queue")]

    def __str__(self):
        return f"change {self.pk} of product {self.product_id} ({self.status})"

    @property
    def is_pending(self):
        return self.status == ChangeStatus.PENDING


class PhotoAction(models.TextChoices):
    ADD = "add", _("add photo")
    DELETE = "delete", _("delete photo")
    ALT = "alt", _("change alt text")
    REORDER = "reorder", _("reorder photos")


def pending_photo_path(operation, filename):
    """An unguessable name under ``moderation/pending/``: these files are served only through the
    portal's checked view, never by their storage URL."""
    suffix = PurePath(filename).suffix.lower()
    return f"{PENDING_PHOTO_FOLDER}/{uuid.uuid4().hex}{suffix if suffix in PHOTO_SUFFIXES else ''}"


class PhotoOperation(models.Model):
    change = models.ForeignKey(ContentChange, on_delete=models.CASCADE, related_name="photo_ops")
    seq = models.PositiveIntegerField(_("order of the operation"))
    action = models.CharField(_("action"), max_length=8, choices=PhotoAction.choices)
    # delete/alt: the existing photo; it may be gone by the time an officer decides (then skipped)
    image = models.ForeignKey("catalogue.ProductImage", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    # add: the new photo, stored through the default storage (S3 when configured)
    upload = models.FileField(_("new photo"), upload_to=pending_photo_path, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    alt_text = models.CharField(_("alt text"), max_length=200, blank=True)
    # reorder: photo references in their new order ("image:<id>" or "new:<operation id>")
    order = JSONField(_("new order"), default=list, blank=True)

    class Meta:
        ordering = ["change", "seq"]
        verbose_name = _("photo operation")
        verbose_name_plural = _("photo operations")

    def __str__(self):
        return f"{self.action} #{self.seq} of change {self.change_id}"
