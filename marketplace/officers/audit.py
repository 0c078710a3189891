"""The audit log: who changed what and when on products, prices, stock, certifications and
moderation decisions, kept by django-auditlog in its one table (``auditlog.LogEntry``).

``register()`` (called once from ``OfficersConfig.ready``) registers the models; the actor comes
from the request through auditlog's middleware. ``history_of(product)`` is what staff read on a
product's History page. Bulk writes (the programme-record import's ``bulk_update``) send no
signals, so they leave no entry here: each import is recorded as its ``ImportRun`` instead.
"""
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

# (app label, model name, the path from that model to its product: "" for the product itself)
AUDITED = (
    ("catalogue", "Product", ""),
    ("otop_catalog", "ProductProfile", "product"),
    ("otop_catalog", "Packaging", "product"),
    ("partner", "StockRecord", "product"),
    ("channels", "ProductChannelListing", "product"),
    ("certification", "Certification", "product"),
)
# Moderation decisions (part "moderation"): registered when that app is installed.
MODERATION = ("moderation", "ContentChange", "product")
# Fields that change on every save without anyone deciding anything.
NOISE = ["date_updated", "updated", "created", "date_created", "rating"]


def audited_models():
    found = [(apps.get_model(label, name), path) for label, name, path in AUDITED]
    label, name, path = MODERATION
    if apps.is_installed("marketplace.moderation"):
        found.append((apps.get_model(label, name), path))
    return found


def register():
    from auditlog.registry import auditlog

    for model, _path in audited_models():
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=NOISE)


def history_of(product):
    """The log entries of ``product`` and of its rows in the audited models, newest first, with
    their actors. Rows deleted since keep their entries, found by the product id they recorded."""
    from auditlog.models import LogEntry

    condition = Q()
    for model, path in audited_models():
        content_type = ContentType.objects.get_for_model(model)
        if not path:
            pks = [product.pk]
        else:
            pks = list(model._default_manager.filter(**{path: product.pk}).values_list("pk", flat=True))
        condition |= Q(content_type=content_type, object_pk__in=[str(pk) for pk in pks])
        if path:  # a deleted row: its delete entry carries the product's id among its old values
            condition |= Q(content_type=content_type, action=LogEntry.Action.DELETE,
                           changes__product__0=str(product.pk))
    return LogEntry.objects.filter(condition).select_related("actor", "content_type").order_by("-timestamp", "-pk")
