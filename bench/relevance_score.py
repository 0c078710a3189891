"""nDCG@10, P@10 and the zero-result rate of ranked search results against graded judgments
(2: what the shopper asked for, 1: related), the measures of ``../shared/search-relevance``,
kept here so that the project's benches need nothing outside the repository to score.

A judgments file is JSON lines ``{"query": str, "relevant": {code: grade}}``; this project's own
ones (``data/search-kind.queries.jsonl``) name kinds of product instead, ``"relevant_kinds":
{archetype: grade}``, turned into codes with the catalog's truth facts (``with_codes``).
"""
import json
import math


def load_judgments(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def with_codes(judgments, truth):
    """Judgments by kind of product as judgments by code; ``truth`` maps code → archetype."""
    result = []
    for judgment in judgments:
        grades = judgment.get("relevant_kinds")
        if grades is None:
            result.append(judgment)
            continue
        relevant = {code: grades[kind] for code, kind in truth.items() if kind in grades}
        result.append({"query": judgment["query"], "relevant": relevant})
    return result


def _gain(grade):
    return 2 ** grade - 1


def _discounted(grades):
    return sum(_gain(g) / math.log2(rank + 2) for rank, g in enumerate(grades))


def ndcg(ranked, relevant, k=10):
    best = _discounted(sorted(relevant.values(), reverse=True)[:k])
    return _discounted([relevant.get(code, 0) for code in ranked[:k]]) / best if best else 0.0


def score(results, judgments, k=10):
    """results: {query: [codes, best first]} → the mean measures and each query's nDCG."""
    per_query, total, precision, empty = {}, 0.0, 0.0, 0
    for judgment in judgments:
        ranked, relevant = results.get(judgment["query"], []), judgment["relevant"]
        value = ndcg(ranked, relevant, k)
        per_query[judgment["query"]] = round(value, 3)
        total += value
        precision += sum(1 for code in ranked[:k] if relevant.get(code, 0) > 0) / k
        empty += not ranked
    n = len(judgments) or 1
    return {"ndcg@10": round(total / n, 3), "p@10": round(precision / n, 3),
            "zero_result_rate": round(empty / n, 3), "per_query": per_query}
