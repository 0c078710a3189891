"""Bilingual content as Saleor serves it: base fields in the shop's language (Thai), a
``translation(languageCode)`` for Thai and English, and descriptions as Editor.js JSON."""
import html
import re

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

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


STORY_BLOCK_PREFIX = "story-"


def editorjs(*texts, updated=None, story=None):
    """An Editor.js document of paragraphs (HTML-escaped) from plain texts; None when all are empty.
    The paragraphs of ``story`` come last, their block ids ``story-1``, ``story-2`` … (how a client
    writing the document back says which paragraphs are the story: ``paragraphs``)."""
    blocks = []
    for chunk, prefix in [(chunk, "p") for chunk in texts] + [(story, STORY_BLOCK_PREFIX)]:
        for paragraph in _PARAGRAPHS.split(chunk or ""):
            paragraph = paragraph.strip()
            if paragraph:
                number = len(blocks) + 1 if prefix == "p" else sum(b["id"].startswith(prefix) for b in blocks) + 1
                blocks.append({"id": f"{prefix}{number}", "type": "paragraph",
                               "data": {"text": html.escape(paragraph).replace("\n", "<br>")}})
    if not blocks:
        return None
    return {"time": int(updated.timestamp() * 1000) if updated else 0, "blocks": blocks, "version": EDITORJS_VERSION}


def plain_summary(*texts, limit=300) -> str:
    joined = " ".join(" ".join((t or "").split()) for t in texts if t)
    return joined if len(joined) <= limit else joined[: limit - 1].rstrip() + "…"


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def paragraphs(document) -> tuple[str, str]:
    """(description, story) as plain text from an Editor.js document a client sends: the blocks whose
    id begins with ``story-`` are the story, the others the description; each block's text (a list's
    items one a line) with its HTML tags dropped and entities read, paragraphs apart by a blank line.
    ``ValueError`` when ``document`` is not an Editor.js document."""
    if document is None:
        return "", ""
    if not isinstance(document, dict) or not isinstance(document.get("blocks"), list):
        raise ValueError(_("an Editor.js document is a JSON object with a list of `blocks`"))
    parts = {"description": [], "story": []}
    for block in document["blocks"]:
        if not isinstance(block, dict) or not isinstance(block.get("data", {}), dict):
            raise ValueError(_("each block is a JSON object with a `data` object"))
        data = block.get("data") or {}
        items = data.get("items") if isinstance(data.get("items"), list) else [data.get("text", "")]
        lines = [item.get("content", "") if isinstance(item, dict) else item for item in items]
        if not all(isinstance(line, str) for line in lines):
            raise ValueError(_("a block's text is a string"))
        text = "\n".join(html.unescape(strip_tags(_BREAK.sub("\n", line))).strip() for line in lines).strip()
        if text:
            story = str(block.get("id", "")).startswith(STORY_BLOCK_PREFIX)
            parts["story" if story else "description"].append(text)
    return "\n\n".join(parts["description"]), "\n\n".join(parts["story"])
