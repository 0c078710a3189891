"""Slugs that keep Thai names readable and URL-safe.

Django's ``slugify(allow_unicode=True)`` drops Thai vowels and tone marks (สวัสดี → สวสด) and
Oscar's URL patterns accept only ``[\\w-]``, which Thai combining marks are not part of, so
Thai is transliterated deliberately (Royal Thai General System) before slugifying.
"""
import re

from django.utils.text import slugify as django_slugify
from pythainlp.transliterate import romanize

from marketplace.core.thai import normalize, thai_digits_to_arabic

_THAI_RUN = re.compile("[\u0e00-\u0e7f]+")


def slugify(value, allow_unicode=False) -> str:  # signature Oscar calls with
    text = thai_digits_to_arabic(normalize(value))
    text = _THAI_RUN.sub(lambda m: " " + romanize(m.group(0), engine="royin") + " ", text)
    return django_slugify(text)[:200].strip("-") or "item"
