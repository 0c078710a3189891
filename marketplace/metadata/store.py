"""Reading and changing an object's metadata: string keys to string values, as Saleor keeps them."""
from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.metadata.models import Metadata

MAX_KEY_LENGTH = 256
MAX_VALUE_LENGTH = 10_000
MAX_KEYS = 100


class MetadataErrorCode(StrEnum):
    """What can stop a metadata change (Saleor 3.23's codes)."""

    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    NOT_UPDATED = "NOT_UPDATED"


class MetadataProblem(DomainError):
    code_enum = MetadataErrorCode

    def __init__(self, code, message, field="input"):
        super().__init__(code, message, field)


def _row(obj, create=False):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    lookup = {"content_type": content_type, "object_id": str(obj.pk)}
    if create:
        return Metadata.objects.select_for_update().get_or_create(**lookup)[0]
    return Metadata.objects.filter(**lookup).first()


def read(obj, private=False) -> dict:
    cache_name = "_private_metadata" if private else "_public_metadata"
    if not hasattr(obj, cache_name):
        row = _row(obj)
        setattr(obj, cache_name, dict((row.private if private else row.public) if row else {}))
    return getattr(obj, cache_name)


def check(items):
    """``items`` (key, value) pairs as a dict; a MetadataProblem names the first bad one."""
    checked = {}
    for key, value in items:
        key = (key or "").strip()
        if not key:
            raise MetadataProblem("REQUIRED", _("Metadata key cannot be empty."))
        if len(key) > MAX_KEY_LENGTH or len(value or "") > MAX_VALUE_LENGTH:
            raise MetadataProblem("INVALID", _("Metadata key or value is too long: %(key)s") % {"key": key[:40]})
        checked[key] = value or ""
    return checked


def update(obj, items, private=False) -> dict:
    """Adds or replaces the keys in ``items``; returns the object's metadata afterwards."""
    values = check(items)
    with transaction.atomic():
        row = _row(obj, create=True)
        data = row.private if private else row.public
        data.update(values)
        if len(data) > MAX_KEYS:
            raise MetadataProblem("INVALID",
                                  _("An object keeps at most %(count)d metadata keys.") % {"count": MAX_KEYS})
        row.save(update_fields=["private" if private else "public"])
    setattr(obj, "_private_metadata" if private else "_public_metadata", dict(data))
    return dict(data)


def delete(obj, keys, private=False) -> dict:
    with transaction.atomic():
        row = _row(obj, create=True)
        data = row.private if private else row.public
        for key in keys:
            data.pop(key, None)
        row.save(update_fields=["private" if private else "public"])
    setattr(obj, "_private_metadata" if private else "_public_metadata", dict(data))
    return dict(data)


def copy(source, target) -> None:
    """``target`` (saved) gets ``source``'s metadata, public and private: Saleor copies a checkout's to
    the order it becomes (Saleor's storefront keeps a shopper's marketing consent there)."""
    row = _row(source)
    if row is None or not (row.public or row.private):
        return
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    Metadata.objects.update_or_create(content_type=content_type, object_id=str(target.pk),
                                      defaults={"public": dict(row.public), "private": dict(row.private)})
    for name in ("_public_metadata", "_private_metadata"):
        target.__dict__.pop(name, None)
