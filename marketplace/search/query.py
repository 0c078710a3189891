"""What a shopper's query asks for, as *concepts* the engines match and score.

A concept is one thing the shopper named (a product word, a material, a place). It matches
a document when any one of its alternatives does, and an alternative matches when all its
terms do: ``rooster bowl`` is one concept with the alternatives (rooster, bowl) and
(ชามตราไก่); ``ผ้าไหม`` has (ผ้าไหม), (ไหม), (silk) and its parts (ผ้า, ไหม). A province
name is a concept that also carries the province's ISO code, so engines can prefer
products made there over products that merely mention it.
"""
from dataclasses import dataclass, field
from functools import lru_cache

from marketplace.search import glossary, text

MAX_QUERY_LENGTH = 200  # characters, after normalisation: longer input is not a search
MAX_CONCEPTS = 10
PREFIX_MARK = "*"  # on a term: match it as the start of a word (``roost*`` finds rooster)
_ENGLISH_STOPWORDS = frozenset("a an and or the of for from in on with by to at made".split())


@dataclass(frozen=True)
class Concept:
    label: str
    alternatives: tuple  # of tuples of terms
    province: str | None = None

    def terms(self) -> set:
        return {t for alternative in self.alternatives for t in alternative}


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    concepts: tuple = ()
    too_long: bool = False
    corrections: dict = field(default_factory=dict)  # misspelt term → the term used instead

    def __bool__(self):
        return bool(self.concepts)

    @property
    def provinces(self) -> list:
        return [c.province for c in self.concepts if c.province]

    @property
    def phrase(self) -> str:
        """The query as typed without the places it names (ผ้าฝ้ายทอมือลำพูน → ผ้าฝ้ายทอมือ)."""
        phrase = self.text
        for concept in self.concepts:
            if concept.province:
                phrase = phrase.replace(concept.label, " ")
        return " ".join(phrase.split()) or self.text


@lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | _ENGLISH_STOPWORDS


def _with_parts(alternatives) -> tuple:
    result = list(alternatives)
    for alternative in alternatives:
        if len(alternative) == 1:
            pieces = text.parts(alternative[0])
            if pieces and pieces not in result:
                result.append(pieces)
    return tuple(result)


def _significant(terms: list) -> list:
    """Terms without stop words (ของ, ที่, the …), unless the glossary knows the word (เลย is
    also a province) or nothing else is left."""
    index = glossary.phrase_index()
    kept = [t for t in terms if t not in _stopwords() or (t,) in index]
    return kept or terms


def _completions(term: str, most=5) -> tuple:
    """For a word being typed (``bow*``), the glossary words it begins and their synonyms."""
    if not term.endswith(PREFIX_MARK):
        return ()
    stem, found = term[:-1], []
    for key, entry in glossary.phrase_index().items():
        if len(key) == 1 and key[0].startswith(stem) and len(found) < most:
            found.extend(a for a in entry["alternatives"] if a not in found)
    return tuple(found)


def concepts_of(terms: list) -> tuple:
    """Group terms into concepts: the longest glossary phrase first, else the term alone."""
    index = glossary.phrase_index()
    longest = glossary.longest_phrase()
    result, i = [], 0
    while i < len(terms):
        for length in range(min(longest, len(terms) - i), 0, -1):
            key = tuple(terms[i:i + length])
            entry = index.get(key)
            if entry:
                alternatives = (key,) + tuple(a for a in entry["alternatives"] if a != key)
                result.append(Concept(" ".join(key), _with_parts(alternatives), entry["province"]))
                i += length
                break
        else:
            result.append(Concept(terms[i], _with_parts(((terms[i],),) + _completions(terms[i]))))
            i += 1
    # the same concept typed twice counts once
    unique = list({c.alternatives: c for c in result}.values())
    return tuple(unique[:MAX_CONCEPTS])


def parse(raw) -> ParsedQuery:
    cleaned = text.clean(raw or "")
    if len(cleaned) > MAX_QUERY_LENGTH:
        return ParsedQuery(cleaned[:MAX_QUERY_LENGTH], too_long=True)
    terms = _significant(text.terms(cleaned))
    return ParsedQuery(cleaned, concepts_of(terms))


def corrected(parsed: ParsedQuery, terms: dict, runs: dict | None = None) -> ParsedQuery:
    """``parsed`` with misspellings replaced: ``runs`` maps whole space-separated chunks
    (``{"ขาวแต๋น": "ข้าวแต๋น"}``), ``terms`` single terms (``{"bwol": "bowl"}``)."""
    if not terms and not runs:
        return parsed
    cleaned = " ".join((runs or {}).get(chunk, chunk) for chunk in parsed.text.split(" "))
    fixed = [terms.get(t, t) for t in text.terms(cleaned)]
    spelled = {wrong: right for wrong, right in terms.items() if not right.endswith(PREFIX_MARK)}
    shown = " ".join(_fixed_chunk(chunk, spelled) for chunk in cleaned.split(" "))
    return ParsedQuery(shown, concepts_of(_significant(fixed)), corrections={**terms, **(runs or {})})


def _fixed_chunk(chunk: str, terms: dict) -> str:
    words = text.terms(chunk)
    if not any(w in terms for w in words):
        return chunk
    joiner = "" if text.is_thai(chunk) else " "
    return joiner.join(terms.get(w, w) for w in words)
