"""Slugs for imported products and producers: the project's slug function
(``marketplace.core.slugs.slugify``, Oscar's OSCAR_SLUG_FUNCTION) applied to each Thai word.

Transliterating a Thai name costs about a millisecond, and a national catalog has thousands
of distinct producer names; split into words (PyThaiNLP's tokenizer) they share a few hundred,
so transliterating each word once keeps the import fast. Words are joined with hyphens, which
also makes the slugs easier to read (klum-maeban-ban-wang-kaeo).
"""
from functools import lru_cache

from pythainlp.tokenize import word_tokenize

from marketplace.core.slugs import slugify

MAX_LENGTH = 200


@lru_cache(maxsize=50_000)
def _word(word: str) -> str:
    slug = slugify(word)
    # slugify answers "item" for a word with nothing to keep, such as "(" or "-"
    return "" if slug == "item" and "item" not in word.lower() else slug


@lru_cache(maxsize=50_000)
def _run(text: str) -> str:
    """One run of text without spaces: Thai is cut into words first."""
    if text.isascii():
        return _word(text)
    return "-".join(s for s in (_word(token) for token in word_tokenize(text, keep_whitespace=False)) if s)


def slug_for(*parts: str) -> str:
    words = [_run(word) for part in parts for word in str(part).split()]
    return "-".join(w for w in words if w)[:MAX_LENGTH].strip("-") or "item"
