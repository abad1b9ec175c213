"""Score numeric claims against gold (GUIDELINES section 5).

Claims are matched by value within one statement: a predicted claim is correct
when its value equals that of a gold claim of the same statement not yet
matched; recall is counted the same way from the gold side. Kinds and texts are
not part of the match (they are reported separately by :func:`score_claims` as
``kind_accuracy`` over the matched pairs).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable


def values_equal(a: float, b: float, rel: float = 1e-6) -> bool:
    """Whether two claim values are the same number (up to float noise)."""
    a, b = float(a), float(b)
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def match_claims(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs ``(gold_index, pred_index)`` of equal values, in
    text order (a predicted claim takes the first unmatched gold claim with its value)."""
    used: set[int] = set()
    pairs = []
    for pi, p in enumerate(pred):
        for gi, g in enumerate(gold):
            if gi not in used and values_equal(g["value"], p["value"]):
                used.add(gi)
                pairs.append((gi, pi))
                break
    return pairs


def score_claims(pairs: Iterable[tuple[list[dict], list[dict]]]) -> dict:
    """Precision, recall and F1 of predicted claims over ``(gold, pred)`` pairs,
    one pair per statement.

    Returns ``{"tp", "fp", "fn", "precision", "recall", "f1", "kind_accuracy",
    "statements"}``. With nothing predicted precision is 1.0; with no gold
    claims recall is 1.0.
    """
    tp = fp = fn = same_kind = n = 0
    for gold, pred in pairs:
        n += 1
        matched = match_claims(gold, pred)
        tp += len(matched)
        fp += len(pred) - len(matched)
        fn += len(gold) - len(matched)
        same_kind += sum(1 for gi, pi in matched if gold[gi].get("kind") == pred[pi].get("kind"))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp, "fp": fp, "fn": fn,
        "precision": precision, "recall": recall, "f1": f1,
        "kind_accuracy": same_kind / tp if tp else 1.0,
        "statements": n,
    }


def evaluate_extractor(rows: Iterable[dict], extract: Callable[[str], list[dict]]) -> dict:
    """Score ``extract`` (text -> claims) on gold rows."""
    return score_claims((row.get("numeric_claims") or [], extract(row["text"])) for row in rows)


def claim_errors(rows: Iterable[dict], extract: Callable[[str], list[dict]]) -> list[dict]:
    """The statements where ``extract`` misses or adds a claim: for error analysis."""
    out = []
    for row in rows:
        gold = row.get("numeric_claims") or []
        pred = extract(row["text"])
        matched = match_claims(gold, pred)
        gi_m = {gi for gi, _ in matched}
        pi_m = {pi for _, pi in matched}
        missed = [g for gi, g in enumerate(gold) if gi not in gi_m]
        extra = [p for pi, p in enumerate(pred) if pi not in pi_m]
        if missed or extra:
            out.append({"id": row.get("id"), "text": row["text"], "missed": missed, "extra": extra})
    return out
