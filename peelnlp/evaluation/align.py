"""Align predicted statements to gold statements by their words.

Predicted and gold statements rarely match as strings (a dropped quote, a
repaired letter, a different split), so both sides are turned into one word
sequence each and aligned with :class:`difflib.SequenceMatcher`. Boundary
scores and statement matches are read off that alignment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..charmap import CharMap

_WORD = re.compile(r"[a-z0-9]+(?:['.,/-][a-z0-9]+)*")
_QUOTES = CharMap({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def words(text: str) -> list[str]:
    """Lower-cased words of ``text``; punctuation and bullets are ignored."""
    return _WORD.findall(_QUOTES(text).lower())


@dataclass
class Alignment:
    gold_owner: list[int]            # gold word -> gold statement index
    pred_owner: list[int]            # pred word -> pred statement index
    gold_to_pred: dict[int, int]     # aligned word pairs
    n_gold: int
    n_pred: int
    #: gold statement index -> matched pred statement index (or None)
    matches: list[int | None] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return len(self.gold_to_pred) / len(self.gold_owner) if self.gold_owner else 1.0

    def boundary_scores(self) -> dict[str, float]:
        """Precision, recall and F1 of statement starts, in gold word positions."""
        gold_starts = {i for i, s in enumerate(self.gold_owner) if i == 0 or self.gold_owner[i - 1] != s}
        pred_to_gold = {p: g for g, p in self.gold_to_pred.items()}
        pred_starts = set()
        unmatched = 0
        for j, s in enumerate(self.pred_owner):
            if j == 0 or self.pred_owner[j - 1] != s:
                if j in pred_to_gold:
                    pred_starts.add(pred_to_gold[j])
                else:
                    unmatched += 1
        tp = len(gold_starts & pred_starts)
        n_pred = len(pred_starts) + unmatched
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / len(gold_starts) if gold_starts else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1}


def align(gold_texts: list[str], pred_texts: list[str]) -> Alignment:
    gold_words, gold_owner = [], []
    for i, t in enumerate(gold_texts):
        w = words(t)
        gold_words += w
        gold_owner += [i] * len(w)
    pred_words, pred_owner = [], []
    for j, t in enumerate(pred_texts):
        w = words(t)
        pred_words += w
        pred_owner += [j] * len(w)
    matcher = SequenceMatcher(None, gold_words, pred_words, autojunk=False)
    mapping = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = b + k
    # Each gold statement matches the predicted statement holding most of its words.
    votes: list[dict[int, int]] = [dict() for _ in gold_texts]
    for g, p in mapping.items():
        counts = votes[gold_owner[g]]
        counts[pred_owner[p]] = counts.get(pred_owner[p], 0) + 1
    matches = [max(v, key=v.get) if v else None for v in votes]
    return Alignment(gold_owner, pred_owner, mapping, len(gold_texts), len(pred_texts), matches)


def concatenate(alignments: list[Alignment]) -> Alignment:
    """One alignment of several documents, each aligned on its own, as if
    their statements stood one after another (no word of one document can
    pair with another's, and the cost stays that of each document alone)."""
    gold_owner: list[int] = []
    pred_owner: list[int] = []
    mapping: dict[int, int] = {}
    matches: list[int | None] = []
    n_gold = n_pred = 0
    for a in alignments:
        gold_words, pred_words = len(gold_owner), len(pred_owner)
        gold_owner += [s + n_gold for s in a.gold_owner]
        pred_owner += [s + n_pred for s in a.pred_owner]
        mapping.update({g + gold_words: p + pred_words for g, p in a.gold_to_pred.items()})
        matches += [None if m is None else m + n_pred for m in a.matches]
        n_gold, n_pred = n_gold + a.n_gold, n_pred + a.n_pred
    return Alignment(gold_owner, pred_owner, mapping, n_gold, n_pred, matches)
