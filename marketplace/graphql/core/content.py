"""Bilingual content as Saleor serves it: base fields in the shop's language (Thai), a
``translation(languageCode)`` for Thai and English, and descriptions as Editor.js JSON."""
import html
import re

from django.conf import settings

from marketplace.core.i18n import LANGUAGES, localized

BASE_LANGUAGE = settings.LANGUAGE_CODE  # "th"
EDITORJS_VERSION = "2.31.0"
_PARAGRAPHS = re.compile(r"\n\s*\n")


def translated_language(language_code) -> str | None:
    """The content language for a LanguageCodeEnum value, or None when the catalogue has none."""
    language = str(getattr(language_code, "value", language_code) or "").split("-")[0].lower()
    return language if language in LANGUAGES else None


def text(obj, field, language=BASE_LANGUAGE) -> str:
    return localized(obj, field, language) if obj is not None else ""


def editorjs(*texts, updated=None):
    """An Editor.js document of paragraphs (HTML-escaped) from plain texts; None when all are empty."""
    blocks = []
    for chunk in texts:
        for paragraph in _PARAGRAPHS.split(chunk or ""):
            paragraph = paragraph.strip()
            if paragraph:
                blocks.append({"id": f"p{len(blocks) + 1}", "type": "paragraph",
                               "data": {"text": html.escape(paragraph).replace("\n", "<br>")}})
    if not blocks:
        return None
    return {"time": int(updated.timestamp() * 1000) if updated else 0, "blocks": blocks, "version": EDITORJS_VERSION}


def plain_summary(*texts, limit=300) -> str:
    joined = " ".join(" ".join((t or "").split()) for t in texts if t)
    return joined if len(joined) <= limit else joined[: limit - 1].rstrip() + "…"
