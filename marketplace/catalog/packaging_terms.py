"""Packaging descriptions in the other language. A programme file has one packaging column,
written in Thai or in English (``กล่องกระดาษคราฟท์``, ``kraft paper box``), and the programme's
files describe packaging with a small vocabulary: a description this list knows is read in the
other language too; one it does not know falls back to the language it was written in.

``Packaging.description`` is the one reader (``in_language``): pages, the API and search all
read it there.
"""
from marketplace.core.thai import normalize

# Thai, English: the packaging the programme's records describe.
TERMS = (
    ("กล่องกระดาษคราฟท์", "kraft paper box"),
    ("ถุงซิปล็อคตั้งได้", "stand-up zip pouch"),
    ("ขวดแก้วฝาเกลียว", "glass jar with screw cap"),
    ("ถุงผ้าฝ้าย", "cotton drawstring bag"),
    ("กล่องของขวัญพิมพ์ลาย", "printed gift box"),
    ("กล่องลูกฟูกกันกระแทก", "corrugated box with protective insert"),
    ("ขวดแก้ว", "glass bottle"),
    ("ขวดพลาสติก PET", "PET bottle"),
    ("กล่องไม้สน", "pine wood box"),
    ("กระป๋องสังกะสี", "tin can"),
    ("กระบอกไม้ไผ่", "bamboo tube"),
)


def _key(text: str) -> str:
    return " ".join(normalize(text or "").casefold().split())


_IN = {
    "en": {_key(thai): english for thai, english in TERMS},
    "th": {_key(english): thai for thai, english in TERMS},
}


def translated(text: str, language: str) -> str:
    """``text`` (a description in the other language) in ``language``, or "" when not known."""
    return _IN.get(language, {}).get(_key(text), "")


def in_language(description_th: str, description_en: str, language: str) -> str:
    """The packaging description a reader of ``language`` sees: the one written in it, else the
    other one read through the vocabulary, else the other one as written."""
    own, other = (description_th, description_en) if language == "th" else (description_en, description_th)
    if own:
        return own
    return translated(other, language) or other or ""


def both(description_th: str, description_en: str) -> tuple[str, str]:
    """The description in Thai and in English as readers see them (for search, which finds a
    product by either)."""
    return (in_language(description_th, description_en, "th"), in_language(description_th, description_en, "en"))


def written_language(text: str) -> str:
    """The field a description from a programme file belongs in: Latin letters only are English."""
    return "en" if text and text.isascii() else "th"
