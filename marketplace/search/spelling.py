"""Choosing the intended word for a misspelt one: the closest known term by edit distance."""
from dataclasses import dataclass, field


@dataclass
class Fixes:
    terms: dict = field(default_factory=dict)  # misspelt term → known term
    runs: dict = field(default_factory=dict)  # unspaced run → known term or name, for any run
    runs_with_unknown: dict = field(default_factory=dict)  # the same, for runs holding an unknown term
    unknown: set = field(default_factory=set)  # typed terms with no correction


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau–Levenshtein distance (a swap of two neighbours counts once), capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], limit)


def allowed_distance(term: str) -> int:
    """How many edits a correction of ``term`` may make: none for one character, since every other
    single character (a letter, a digit) is one edit away and none of them is likelier meant."""
    if len(term) <= 1:
        return 0
    return 1 if len(term) <= 6 else 2


def best_correction(term: str, candidates) -> str | None:
    """The first of ``candidates`` (most similar first) within the allowed edit distance,
    preferring the smallest distance."""
    best, best_distance = None, allowed_distance(term) + 1
    for candidate in candidates:
        if candidate == term:
            return None
        distance = edit_distance(term, candidate)
        if distance < best_distance:
            best, best_distance = candidate, distance
    return best
