"""The longest e-mail address the shop keeps: 254 characters, the width of every column holding one
(Django's ``User.email``, Oscar's ``Order.guest_email``, the API's ``Checkout.email``) and RFC 5321's
limit on an address. Django's form ``EmailField`` and ``validate_email`` take up to 320, so a longer
address passed the checkout's e-mail step and broke the order's write after the card was charged.
Every place that takes an address from a shopper to keep it asks ``refusal`` (or holds a form field
to the limit with ``hold_to_limit``), before anything is written or paid."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _

MAX_LENGTH = 254


def refusal(email) -> str | None:
    """Why ``email`` is too long to keep, or None."""
    length = len(email or "")
    if length <= MAX_LENGTH:
        return None
    return _("An e-mail address has at most %(limit)d characters (this one has %(length)d).") % {
        "limit": MAX_LENGTH, "length": length}


class _LengthValidator(MaxLengthValidator):
    def __call__(self, value):
        message = refusal(value)
        if message is not None:
            raise ValidationError(message, code="max_length")


def hold_to_limit(field):
    """A form's e-mail field refuses, with ``refusal``'s message on the field, an address too long to keep."""
    field.max_length = MAX_LENGTH
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)] + [
        _LengthValidator(MAX_LENGTH)]
    field.widget.attrs["maxlength"] = str(MAX_LENGTH)
    return field
