"""Turning text into search terms, the same way for documents and for queries.

Thai is written without spaces between words, so Thai runs are segmented with PyThaiNLP's
``newmm-safe`` over its dictionary plus the glossary and province names (so that OTOP words
such as มัดหมี่ or ผีตาโขน stay whole). A compound that splits into two dictionary words
(ผ้าไหม → ผ้า + ไหม) is indexed with its parts as well, so ``ผ้าทอ`` finds ``ผ้าฝ้ายทอมือ``,
and with its broader words from ``data/broader.txt``.
Latin words are case-folded and lightly stemmed (plural endings). Text is normalised only
through :mod:`marketplace.core.thai`; tone marks and vowels are never stripped.
"""
import re
from functools import lru_cache

from marketplace.core import collector, thai

_THAI = re.compile(r"[\u0e00-\u0e7f]+")
# A run of Thai, or a Latin/digit word: everything else (punctuation, symbols) separates terms.
_RUNS = re.compile(r"[\u0e00-\u0e7f]+|[^\W_]+", re.UNICODE)
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
MAX_TERM_LENGTH = 60


@lru_cache(maxsize=1)
def _dictionary():
    """PyThaiNLP's word list plus the glossary's Thai words and the Thai province names: PyThaiNLP's
    own cached trie of its words (which its transliteration, and so every slug, loads anyway)
    beside a small one of ours, instead of a second trie of 62,000 words (0.6 s per process)."""
    from pythainlp.tokenize import word_dict_trie
    from pythainlp.util import Trie

    from marketplace.search import glossary

    class Dictionary(Trie):
        def __init__(self, base, extra):
            super().__init__(w for w in extra if w.strip() not in base)
            self.base = base

        def prefixes(self, text, start=0):
            found = self.base.prefixes(text, start)
            more = super().prefixes(text, start)
            return sorted(found + more, key=len) if more else found  # shortest first, as a trie gives

        def __contains__(self, word):
            return word in self.base or super().__contains__(word)

        def __iter__(self):
            yield from self.base
            yield from super().__iter__()

        def __len__(self):
            return len(self.base) + super().__len__()

    with collector.paused():  # 180,000 trie nodes: collecting while they are made tripled the time
        return Dictionary(word_dict_trie(), glossary.thai_words())


@lru_cache(maxsize=1)
def _base_words() -> frozenset:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@lru_cache(maxsize=1)
def _proper_names() -> frozenset:
    from marketplace.search import glossary

    return frozenset(p.name_th for p in glossary.provinces())


@lru_cache(maxsize=50_000)
def _segment(run: str) -> tuple:
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(run, custom_dict=_dictionary(), engine="newmm-safe", keep_whitespace=False)
    return tuple(w for w in words if _THAI_LETTER.search(w))


def thai_words(run: str) -> tuple:
    """The words of a run of Thai letters as search cuts them (same dictionary, same cache):
    the import's slugs use it, so one dictionary is loaded per process, not two."""
    return _segment(run)


def stem_latin(word: str) -> str:
    """Plural endings off English words (bowls → bowl, scarves → scarf, crackers → cracker)."""
    if word.isdigit() or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ves") and len(word) > 4:
        return word[:-3] + "f"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_thai(text: str) -> bool:
    return bool(_THAI_LETTER.search(text))


def clean(text) -> str:
    """Normalised (``core.thai``) and case-folded text."""
    return thai.normalize_number_text(text).casefold()


@lru_cache(maxsize=200_000)
def _chunk_terms(chunk: str) -> tuple:
    terms = []
    for run in _RUNS.findall(chunk):
        if _THAI.match(run):
            terms.extend(_segment(run))
        else:
            terms.append(stem_latin(run))
    return tuple(t[:MAX_TERM_LENGTH] for t in terms)


def terms(text) -> list:
    """The search terms of ``text`` in order (no compound parts)."""
    return list(_terms(text))


@lru_cache(maxsize=200_000)  # indexing asks again for the same category, place and producer names
def _terms(text) -> tuple:
    result = []
    for chunk in clean(text).split(" "):
        if chunk:
            result.extend(_chunk_terms(chunk))
    return tuple(result)


@lru_cache(maxsize=100_000)
def parts(term: str) -> tuple:
    """The words that make up a Thai compound term (ผ้าไหม → ผ้า, ไหม), or ``()``.

    A glossary word unknown to PyThaiNLP (ชามตราไก่) is split by PyThaiNLP's own dictionary;
    any other compound into the most even pair of dictionary words. Province names stay whole.
    """
    if len(term) < 4 or not _THAI.fullmatch(term) or term in _proper_names():
        return ()
    words = _base_words()
    if term not in words:
        return _fewest_words(term, words)
    best = ()
    for i in range(2, len(term) - 1):
        head, tail = term[:i], term[i:]
        if head in words and tail in words and _THAI_LETTER.match(tail):
            # the most even split: ผ้าพันคอ → ผ้า + พันคอ rather than a one-syllable remainder
            if not best or min(len(head), len(tail)) > min(len(best[0]), len(best[1])):
                best = (head, tail)
    return best


@lru_cache(maxsize=100_000)
def expansions(term: str) -> tuple:
    """What indexing ``term`` adds: the term, its compound parts, and the broader words of
    either (``data/broader.txt``: ขมิ้นชัน is also a สมุนไพร)."""
    from marketplace.search import glossary

    found = (term, *parts(term))
    wider = glossary.broader()
    extra = tuple(w for t in found for w in wider.get(t, ()))
    return tuple(dict.fromkeys(found + extra))


def _fewest_words(term: str, words) -> tuple:
    """``term`` cut into the fewest dictionary words (ชามตราไก่ → ชาม, ตรา, ไก่), or ``()``."""
    best = [()] + [None] * len(term)  # best[i]: the fewest words covering term[:i]
    for end in range(1, len(term) + 1):
        for start in range(max(0, end - 20), end):
            if best[start] is not None and term[start:end] in words:
                candidate = best[start] + (term[start:end],)
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    pieces = best[-1]
    return pieces if pieces and len(pieces) > 1 else ()


@lru_cache(maxsize=200_000)  # a reindex asks again for the same category, place and producer names
def index_terms(text) -> tuple:
    """Terms to index for ``text``: each term followed by its parts and broader words."""
    result = []
    for term in _terms(text):
        result.extend(expansions(term))
    return tuple(result)
