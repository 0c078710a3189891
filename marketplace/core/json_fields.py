"""The project's JSON columns, as their forms (Django's admin) read them.

Django's form field for a JSON column takes what ``json.loads`` takes, so the admin saved a
record's ``extra`` as ``5`` (which code reading it as an object then trips on), as ``NaN`` or
``1e400`` (which PostgreSQL refuses: a 500), and a box left empty as SQL NULL in a column that
may not hold it (a 500 too). Here a column whose default is an object or a list holds only that
kind of value, a number must be finite (JSON has no NaN or Infinity), and an empty box is the
column's default (NULL only where the column allows it). Each refusal is a message beside the box.
"""
import json
import math

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

KINDS = {dict: _("a JSON object, such as {}"), list: _("a JSON list, such as []")}


def _finite(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


class JSONFormField(forms.JSONField):
    default_error_messages = {
        "not_finite": _("“%(value)s” holds a number JSON cannot hold (NaN, Infinity, or one too large)."),
        "kind": _("Enter %(kind)s."),
    }

    def __init__(self, kind=None, empty=None, **kwargs):
        self.kind, self.empty = kind, empty
        super().__init__(**kwargs)

    def to_python(self, value):
        if not self.disabled and value in self.empty_values:
            return self.empty() if callable(self.empty) else self.empty
        converted = super().to_python(value)
        if self.disabled:
            return converted
        if not _finite(converted):
            raise ValidationError(self.error_messages["not_finite"], code="not_finite",
                                  params={"value": str(value)[:40]})
        if self.kind is not None and converted is not None and not isinstance(converted, self.kind):
            raise ValidationError(self.error_messages["kind"], code="kind", params={"kind": KINDS[self.kind]})
        return converted


class JSONField(models.JSONField):
    """``models.JSONField`` with :class:`JSONFormField` as its form field: the kind of value its
    default is (object or list), finite numbers, and its default for an empty box."""

    def formfield(self, **kwargs):
        default = self.get_default() if self.has_default() else None
        kind = type(default) if isinstance(default, (dict, list)) else None
        empty = None if self.null or not self.has_default() else self._get_default
        return super().formfield(**{"form_class": JSONFormField, "kind": kind, "empty": empty, **kwargs})
