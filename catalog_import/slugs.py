"""Slugs for imported products and producers, made by the project's slug function
(``marketplace.core.slugs.slugify``, Oscar's OSCAR_SLUG_FUNCTION) one word at a time.

Transliterating Thai costs about half a millisecond per name; a catalog of 20,000 records has
only a few thousand distinct words, so caching per word keeps the import fast and gives the
same slug as slugifying the whole name.
"""
from functools import lru_cache

from marketplace.core.slugs import slugify

MAX_LENGTH = 200


@lru_cache(maxsize=50_000)
def _word(word: str) -> str:
    slug = slugify(word)
    # slugify answers "item" for a word with nothing to keep, such as "(" or "-"
    return "" if slug == "item" and "item" not in word.lower() else slug


def slug_for(*parts: str) -> str:
    words = [_word(word) for part in parts for word in str(part).split()]
    return "-".join(w for w in words if w)[:MAX_LENGTH].strip("-") or "item"
