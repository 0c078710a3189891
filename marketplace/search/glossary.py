"""The Thai↔English glossary of OTOP product words and the names of provinces and regions.

``data/glossary.txt`` holds groups of words that mean the same to a shopper, one group per
line, comma-separated (the Solr synonym format, so Elasticsearch reads the same file).
Provinces come from ``marketplace/provinces/data/provinces.csv``: each province's Thai and
English names are synonyms of each other. Both engines use this module.
"""
import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marketplace.core import thai

GLOSSARY_FILE = Path(__file__).with_name("data") / "glossary.txt"
PROVINCES_FILE = Path(__file__).resolve().parent.parent / "provinces" / "data" / "provinces.csv"

# Region names as shoppers write them; the codes are those of ``provinces.models.Region``.
REGION_NAMES = {
    "north": ("ภาคเหนือ", "northern Thailand"),
    "northeast": ("ภาคตะวันออกเฉียงเหนือ", "northeastern Thailand"),
    "central": ("ภาคกลาง", "central Thailand"),
    "east": ("ภาคตะวันออก", "eastern Thailand"),
    "west": ("ภาคตะวันตก", "western Thailand"),
    "south": ("ภาคใต้", "southern Thailand"),
}


@dataclass(frozen=True)
class ProvinceName:
    iso_code: str
    name_th: str
    name_en: str
    region: str


@lru_cache(maxsize=1)
def groups() -> tuple:
    """The glossary's synonym groups, each a tuple of normalised, case-folded phrases."""
    result = []
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        phrases = tuple(p for p in (thai.normalize(x).casefold() for x in line.split(",")) if p)
        if len(phrases) > 1:
            result.append(phrases)
    return tuple(result)


@lru_cache(maxsize=1)
def provinces() -> tuple:
    with PROVINCES_FILE.open(encoding="utf-8") as f:
        return tuple(ProvinceName(r["iso_code"], thai.normalize(r["name_th"]), thai.normalize(r["name_en"]),
                                  r["region"]) for r in csv.DictReader(f))


def _is_thai_word(phrase: str) -> bool:
    return " " not in phrase and any("\u0e01" <= ch <= "\u0e2e" for ch in phrase)


@lru_cache(maxsize=1)
def thai_words() -> frozenset:
    """Thai words the segmenter should keep whole: glossary words and province names."""
    words = {p for group in groups() for p in group if _is_thai_word(p)}
    words |= {p.name_th for p in provinces()}
    return frozenset(words)


@lru_cache(maxsize=1)
def phrase_index() -> dict:
    """Term sequences (as the segmenter gives them) → the alternatives they stand for.

    Every alternative is a tuple of terms that must all match. A province name maps to its
    Thai and English names and is marked with the province's ISO code.
    """
    from marketplace.search import text

    index = {}

    def add(phrase_terms, alternatives, province=None):
        if phrase_terms:
            entry = index.setdefault(phrase_terms, {"alternatives": [], "province": None})
            for alternative in alternatives:
                if alternative and alternative not in entry["alternatives"]:
                    entry["alternatives"].append(alternative)
            entry["province"] = entry["province"] or province

    for group in groups():
        alternatives = [tuple(text.terms(p)) for p in group]
        for alternative in alternatives:
            add(alternative, alternatives)
    for p in provinces():
        alternatives = [tuple(text.terms(p.name_th)), tuple(text.terms(p.name_en))]
        for alternative in alternatives:
            add(alternative, alternatives, province=p.iso_code)
    return index


@lru_cache(maxsize=1)
def longest_phrase() -> int:
    return max(len(k) for k in phrase_index())


@lru_cache(maxsize=1)
def vocabulary() -> frozenset:
    """Every term the glossary and the province names know (spelling suggestions use them too)."""
    return frozenset(t for key in phrase_index() for t in key)


BROADER_FILE = Path(__file__).with_name("data") / "broader.txt"


@lru_cache(maxsize=1)
def broader() -> dict:
    """Narrower word → the broader words a product named with it is also found by."""
    result = {}
    for line in BROADER_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        if ">" not in line:
            continue
        narrow, wide = (tuple(p for p in (thai.normalize(x).casefold() for x in side.split(",")) if p)
                        for side in line.split(">", 1))
        for word in narrow:
            result.setdefault(word, [])
            result[word].extend(w for w in wide if w not in result[word])
    return {k: tuple(v) for k, v in result.items()}
