"""Slugs for imported products and producers: the project's slug function
(``marketplace.core.slugs.slugify``, Oscar's OSCAR_SLUG_FUNCTION) applied to each Thai word.

Transliterating a Thai name costs about a millisecond, and a national catalog has thousands
of distinct producer names; split into words (search's segmentation, ``search.text.thai_words``:
the dictionary search loads anyway, where PyThaiNLP's own took a second more to load per
import) they share a few hundred,
so transliterating each word once keeps the import fast. Words are joined with hyphens, which
also makes the slugs easier to read (klum-maeban-ban-wang-kaeo).
"""
import re
from functools import lru_cache

from marketplace.core.slugs import slugify
from marketplace.search.text import thai_words

MAX_LENGTH = 200
_THAI_RUN = re.compile(r"([\u0e00-\u0e7f]+)")


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
    pieces = []
    for i, piece in enumerate(_THAI_RUN.split(text)):  # odd pieces are the Thai runs
        if i % 2:
            pieces.extend(thai_words(piece))
        elif piece:
            pieces.append(piece)
    return "-".join(s for s in map(_word, pieces) if s)


def slug_for(*parts: str) -> str:
    words = [_run(word) for part in parts for word in str(part).split()]
    return "-".join(w for w in words if w)[:MAX_LENGTH].strip("-") or "item"
