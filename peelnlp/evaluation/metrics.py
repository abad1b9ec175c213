"""Metrics for predicted statements against gold (GUIDELINES.md).

Pure functions over plain lists and dicts. :func:`score` is the whole
evaluation of one document: predicted statements are aligned to gold ones by
their words (:mod:`peelnlp.evaluation.align`), then

* ``type`` and ``area`` are compared on every gold statement that is not a
  title (titles aren't scored for either, GUIDELINES section 1), against the
  predicted statement the gold one was matched to. A gold statement with no
  match, or whose match has no label, counts as predicted :data:`MISSING`:
  wrong, and against recall, but in no class's precision.
* ``grade``: a predicted grade is correct when a gold statement matched to
  that predicted statement has the same grade; recall is counted over the gold
  graded statements.
* segmentation: statement-start precision/recall/F1 and word coverage.
* numeric claims: :func:`peelnlp.evaluation.claims.score_claims` over the
  groups of gold and predicted statements that share aligned words, so that a
  statement split in two or two statements merged into one still have their
  claims compared with each other.

Per-class precision, recall, F1 and support, accuracy and the confusion
matrix are scikit-learn's (``precision_recall_fscore_support``, ``accuracy_score``,
``confusion_matrix``). Averages: ``macro`` averages the classes that occur in the gold or the
predictions (as scikit-learn does when no label list is given), so a class
absent from both neither helps nor hurts; ``micro`` pools the counts of all
classes (with missing predictions micro precision and recall differ).
Undefined ratios (nothing predicted, no support) are 0.0.

``type`` and ``area`` also carry an ``interval``: 95 percent bootstrap
intervals of accuracy (and, for type, of the mission classes' macro F1) that
resample the report's findings rather than its statements
(:func:`block_intervals`), so that a reader can tell a real difference from
the luck of one report.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence

from .align import align, concatenate
from .claims import score_claims

MISSING = "(missing)"
#: a gold statement without a label: in no class's support, and never equal to a MISSING prediction
_NO_GOLD = "(no gold label)"

from ..labels import AREAS, GRADES, MISSION as MISSION_TYPES, TYPES  # noqa: F401  (re-exported)


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _norm(label) -> str:
    return MISSING if label is None or label == "" else str(label)


def _labels(gold: Sequence, labels: Sequence[str] | None) -> list[str]:
    """``labels`` (or the sorted gold labels), plus any other gold label, in order."""
    out = list(labels) if labels is not None else sorted({_norm(g) for g in gold} - {MISSING, _NO_GOLD})
    for g in gold:
        g = _norm(g)
        if g not in (MISSING, _NO_GOLD) and g not in out:
            out.append(g)
    return out


def _gold_pred(gold: Sequence, pred: Sequence) -> tuple[list[str], list[str]]:
    """Normalised label lists; a missing gold label never equals a missing prediction."""
    if len(gold) != len(pred):
        raise ValueError(f"gold and pred differ in length ({len(gold)} != {len(pred)})")
    return [_NO_GOLD if _norm(g) == MISSING else _norm(g) for g in gold], [_norm(p) for p in pred]


def per_class(gold: Sequence, pred: Sequence, labels: Sequence[str] | None = None) -> dict[str, dict]:
    """``{label: {"precision", "recall", "f1", "support", "predicted", "tp"}}``.

    ``gold`` and ``pred`` are parallel label lists; ``None`` in ``pred`` is
    :data:`MISSING` (wrong, counted in no class's precision).
    """
    from sklearn.metrics import multilabel_confusion_matrix, precision_recall_fscore_support

    gold, pred = _gold_pred(gold, pred)
    labels = _labels(gold, labels)
    if not gold:  # scikit-learn refuses empty input; every ratio is undefined, so 0.0
        return {label: {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "predicted": 0, "tp": 0}
                for label in labels}
    # MISSING is not among ``labels``: scikit-learn leaves it out of every class's counts.
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, pred, labels=labels, average=None, zero_division=0)
    counts = multilabel_confusion_matrix(gold, pred, labels=labels)  # [[tn, fp], [fn, tp]] per label
    return {
        label: {"precision": float(precision[k]), "recall": float(recall[k]), "f1": float(f1[k]),
                "support": int(support[k]), "predicted": int(counts[k, 1, 1] + counts[k, 0, 1]),
                "tp": int(counts[k, 1, 1])}
        for k, label in enumerate(labels)
    }


def macro_average(classes: dict[str, dict], labels: Sequence[str] | None = None) -> dict[str, float]:
    """Unweighted mean of precision, recall and F1 over ``labels`` (default: all
    of ``classes``), leaving out classes with neither support nor predictions."""
    # Not scikit-learn's average="macro": given a label list it counts absent classes as 0.
    names = [name for name in (labels if labels is not None else classes)
             if name in classes and (classes[name]["support"] or classes[name]["predicted"])]
    if not names:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "classes": 0}
    n = len(names)
    return {
        "precision": sum(classes[c]["precision"] for c in names) / n,
        "recall": sum(classes[c]["recall"] for c in names) / n,
        "f1": sum(classes[c]["f1"] for c in names) / n,
        "classes": n,
    }


def micro_average(classes: dict[str, dict]) -> dict[str, float]:
    """Precision, recall and F1 from the pooled counts of all ``classes``."""
    tp = sum(c["tp"] for c in classes.values())
    predicted = sum(c["predicted"] for c in classes.values())
    support = sum(c["support"] for c in classes.values())
    precision, recall = _ratio(tp, predicted), _ratio(tp, support)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def accuracy(gold: Sequence, pred: Sequence) -> float:
    """Share of positions where the labels agree (a missing prediction is wrong)."""
    from sklearn.metrics import accuracy_score

    gold, pred = _gold_pred(gold, pred)
    return float(accuracy_score(gold, pred)) if gold else 0.0


def confusion_matrix(gold: Sequence, pred: Sequence, labels: Sequence[str] | None = None) -> dict:
    """Counts with gold labels as rows and predicted labels as columns.

    Returns ``{"labels": rows, "columns": columns, "matrix": [[int]]}``; the
    columns are ``labels``, then any other predicted label, then
    :data:`MISSING` when some prediction is missing.
    """
    from sklearn.metrics import confusion_matrix as sk_confusion

    gold, pred = _gold_pred(gold, pred)
    rows = _labels(gold, labels)
    columns = list(rows)
    for p in pred:
        if p != MISSING and p not in columns:
            columns.append(p)
    if MISSING in pred:
        columns.append(MISSING)
    pairs = [(g, p) for g, p in zip(gold, pred) if g != _NO_GOLD]  # a row for no gold label: none
    if not pairs:
        return {"labels": rows, "columns": columns, "matrix": [[0] * len(columns) for _ in rows]}
    # scikit-learn's matrix is square over one label list; the rows are its first len(rows).
    with warnings.catch_warnings():  # its warning about a 1x1 matrix is for callers that pass no labels
        warnings.filterwarnings("ignore", "A single label was found", UserWarning)
        matrix = sk_confusion(*zip(*pairs), labels=columns)[: len(rows)]
    return {"labels": rows, "columns": columns, "matrix": matrix.tolist()}


def classification(gold: Sequence, pred: Sequence, labels: Sequence[str]) -> dict:
    """Per-class scores, macro and micro averages, accuracy and confusion matrix."""
    classes = per_class(gold, pred, labels)
    return {
        "per_class": classes,
        "macro": macro_average(classes),
        "micro": micro_average(classes),
        "accuracy": accuracy(gold, pred),
        "confusion": confusion_matrix(gold, pred, labels),
    }


def calibration(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> dict:
    """Expected calibration error of ``type_score``: the gap between stated
    confidence and accuracy, averaged over equal-width confidence bins."""
    n = len(confidences)
    if n == 0:
        return {"ece": None, "mean_confidence": None, "accuracy": None, "n": 0}
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        members = [k for k, c in enumerate(confidences) if lo < c <= hi or (b == 0 and c == 0)]
        if members:
            conf = sum(confidences[k] for k in members) / len(members)
            acc = sum(1 for k in members if correct[k]) / len(members)
            ece += len(members) / n * abs(conf - acc)
    return {"ece": ece, "mean_confidence": sum(confidences) / n, "accuracy": sum(map(bool, correct)) / n, "n": n}


def finding_blocks(gold_rows: Sequence[dict], doc_starts=()) -> list[int]:
    """A block number for each gold statement: a block starts at every title
    and finding heading, so a finding (its heading and the sentences under it)
    is one block, and so is each box's run of items; and at each index in
    ``doc_starts`` (where one report's statements follow another's)."""
    starts = set(doc_starts)
    block, out = -1, []
    for k, r in enumerate(gold_rows):
        if r.get("kind") in ("title", "finding_heading") or block < 0 or k in starts:
            block += 1
        out.append(block)
    return out


def _block_draws(n_blocks: int, resamples: int, seed: int):
    """How often each of ``n_blocks`` blocks is drawn in each bootstrap
    resample (resamples x blocks), drawn with replacement."""
    import numpy as np

    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_blocks, size=(resamples, n_blocks)) + n_blocks * np.arange(resamples)[:, None]
    return np.bincount(draws.ravel(), minlength=resamples * n_blocks).reshape(resamples, n_blocks)


def _block_index(blocks: Sequence) -> dict:
    """Each distinct block's row, in order of first appearance."""
    return {b: k for k, b in enumerate(dict.fromkeys(blocks))}


def _interval(values, level: float) -> list[float]:
    """The central ``level`` percentile interval of bootstrap ``values``."""
    import numpy as np

    return [float(np.percentile(values, 100 * (1 - level) / 2)), float(np.percentile(values, 100 * (1 + level) / 2))]


def paired_difference(correct_a: Sequence[bool], correct_b: Sequence[bool], blocks: Sequence,
                      level: float = 0.95, resamples: int = 1000, seed: int = 0) -> dict | None:
    """Accuracy of B less accuracy of A on the same statements, with a
    percentile bootstrap interval that resamples whole blocks (findings; see
    :func:`block_intervals`), both sides drawn together. None with fewer than
    two blocks."""
    import numpy as np

    if not (len(correct_a) == len(correct_b) == len(blocks)):
        raise ValueError("correct_a, correct_b and blocks differ in length")
    ids = _block_index(blocks)
    if len(ids) < 2:
        return None
    counts = np.zeros((len(ids), 2))
    for a, b, block in zip(correct_a, correct_b, blocks):
        counts[ids[block]] += (int(b) - int(a), 1)
    sums = _block_draws(len(ids), resamples, seed) @ counts
    return {"difference": float(counts[:, 0].sum() / counts[:, 1].sum()),
            "interval": _interval(sums[:, 0] / sums[:, 1], level),
            "gained": sum(1 for a, b in zip(correct_a, correct_b) if b and not a),
            "lost": sum(1 for a, b in zip(correct_a, correct_b) if a and not b),
            "level": level, "blocks": len(ids)}


def block_intervals(gold: Sequence, pred: Sequence, blocks: Sequence[int], mission: Sequence[str],
                    level: float = 0.95, resamples: int = 1000, seed: int = 0) -> dict | None:
    """Percentile bootstrap intervals of accuracy and of macro F1 over
    ``mission``, resampling whole blocks (:func:`finding_blocks`).

    Statements of one finding are not independent: its sentences follow its
    heading, and a model that misreads the heading often misreads them all.
    Resampling findings, not statements, keeps that, so the interval is as
    wide as the report's real uncertainty. None with fewer than two blocks.
    Deterministic for a given ``seed``."""
    import numpy as np

    gold, pred = _gold_pred(gold, pred)
    ids = _block_index(blocks)
    if len(ids) < 2:
        return None
    # Per block: right answers, statements, and per mission class tp, predicted, support.
    counts = np.zeros((len(ids), 2 + 3 * len(mission)))
    for g, p, b in zip(gold, pred, blocks):
        row = counts[ids[b]]
        row[0] += g == p
        row[1] += 1
        for c, name in enumerate(mission):
            row[2 + 3 * c] += g == p == name
            row[3 + 3 * c] += p == name
            row[4 + 3 * c] += g == name
    sums = _block_draws(len(ids), resamples, seed) @ counts  # resamples x columns
    acc = sums[:, 0] / sums[:, 1]
    tp, predicted, support = (sums[:, 2 + k::3][:, :len(mission)] for k in range(3))
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(support > 0, tp / support, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    present = (predicted > 0) | (support > 0)  # as macro_average: a class absent from both is left out
    macro = np.where(present.any(axis=1), (f1 * present).sum(axis=1) / np.maximum(present.sum(axis=1), 1), 0.0)
    return {
        "level": level, "resamples": resamples, "blocks": len(ids),
        "accuracy": _interval(acc, level),
        "macro_f1": _interval(macro, level) if mission else None,
    }


def _claim_groups(alignment, n_gold: int, n_pred: int) -> list[tuple[list[int], list[int]]]:
    """Groups ``(gold indices, pred indices)`` of statements linked by aligned
    words (connected components); statements with no aligned word stand alone."""
    parent = list(range(n_gold + n_pred))  # gold i -> i, pred j -> n_gold + j

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for gw, pw in alignment.gold_to_pred.items():
        a, b = find(alignment.gold_owner[gw]), find(n_gold + alignment.pred_owner[pw])
        if a != b:
            parent[b] = a
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for x in range(n_gold + n_pred):
        g, p = groups.setdefault(find(x), ([], []))
        (g if x < n_gold else p).append(x if x < n_gold else x - n_gold)
    return list(groups.values())


def _claims(row: dict) -> list[dict]:
    return [c for c in (row.get("numeric_claims") or []) if isinstance(c, dict) and "value" in c]


def score(gold_rows: Sequence[dict], pred_rows: Sequence[dict]) -> dict:
    """Everything :mod:`peelnlp.evaluation` reports for one document.

    ``gold_rows`` are gold statements (``text``, ``kind``, ``type``, ``area``,
    ``grade``, ``numeric_claims``), ``pred_rows`` prediction records of
    ``peelnlp tag`` (the same fields), both in document order.
    """
    return score_documents([(gold_rows, pred_rows)])


def _pooled(documents):
    """Gold rows, predicted rows, their alignment (each document aligned on
    its own) and the index of each document's first gold row."""
    gold_rows, pred_rows, alignments, doc_starts = [], [], [], []
    for gold, pred in documents:
        gold, pred = list(gold), list(pred)
        doc_starts.append(len(gold_rows))
        alignments.append(align([r.get("text") or "" for r in gold], [r.get("text") or "" for r in pred]))
        gold_rows += gold
        pred_rows += pred
    alignment = alignments[0] if len(alignments) == 1 else concatenate(alignments)  # none: empty
    return gold_rows, pred_rows, alignment, doc_starts


def compare_documents(documents: Sequence[tuple[Sequence[dict], Sequence[dict], Sequence[dict]]]) -> dict:
    """Two sets of predictions for the same gold: ``(gold_rows, pred_a,
    pred_b)`` per document. For ``type`` and ``area``, B's accuracy less A's
    on the scored gold statements, with the paired interval over findings of
    :func:`paired_difference` (None with fewer than two findings)."""
    results = []
    for side in (1, 2):
        gold_rows, pred_rows, alignment, doc_starts = _pooled([(d[0], d[side]) for d in documents])
        matches = alignment.matches
        scored = [i for i, r in enumerate(gold_rows) if r.get("kind") != "title"]
        results.append({
            field: [matches[i] is not None and _norm(pred_rows[matches[i]].get(field)) == _norm(gold_rows[i].get(field))
                    and _norm(gold_rows[i].get(field)) != MISSING for i in scored]
            for field in ("type", "area")})
        blocks = finding_blocks(gold_rows, doc_starts)
        results[-1]["blocks"] = [blocks[i] for i in scored]
    a, b = results
    return {field: paired_difference(a[field], b[field], a["blocks"]) for field in ("type", "area")}


def score_documents(documents: Sequence[tuple[Sequence[dict], Sequence[dict]]]) -> dict:
    """:func:`score` of several documents together: ``(gold_rows, pred_rows)``
    per document, each aligned on its own; no finding runs from one document
    into the next in the intervals' blocks."""
    gold_rows, pred_rows, alignment, doc_starts = _pooled(documents)
    matches = alignment.matches

    def matched(i: int) -> dict | None:
        return pred_rows[matches[i]] if matches[i] is not None else None

    scored = [i for i, r in enumerate(gold_rows) if r.get("kind") != "title"]
    gold_type = [gold_rows[i].get("type") for i in scored]
    pred_type = [(matched(i) or {}).get("type") for i in scored]
    gold_area = [gold_rows[i].get("area") for i in scored]
    pred_area = [(matched(i) or {}).get("area") for i in scored]

    type_scores = classification(gold_type, pred_type, TYPES)
    type_scores["macro_f1_mission"] = macro_average(type_scores["per_class"], MISSION_TYPES)["f1"]
    confidences = [(matched(i) or {}).get("type_score") for i in scored]
    type_scores["calibration"] = calibration(
        [c for c in confidences if c is not None],
        [g == p for g, p, c in zip(gold_type, pred_type, confidences) if c is not None])
    area_scores = classification(gold_area, pred_area, AREAS)
    blocks = finding_blocks(gold_rows, doc_starts)
    scored_blocks = [blocks[i] for i in scored]
    type_scores["interval"] = block_intervals(gold_type, pred_type, scored_blocks, MISSION_TYPES)
    area_scores["interval"] = block_intervals(gold_area, pred_area, scored_blocks, ())

    # Grades: a predicted grade is right when a gold statement matched to it has that grade.
    gold_by_pred: dict[int, list[int]] = {}
    for i, j in enumerate(matches):
        if j is not None:
            gold_by_pred.setdefault(j, []).append(i)
    graded_pred = [j for j, r in enumerate(pred_rows) if r.get("grade")]
    right_pred = sum(
        1 for j in graded_pred
        if any(gold_rows[i].get("grade") == pred_rows[j]["grade"] for i in gold_by_pred.get(j, ()))
    )
    graded_gold = [i for i, r in enumerate(gold_rows) if r.get("grade")]
    found = [i for i in graded_gold if matched(i) is not None and matched(i).get("grade") == gold_rows[i]["grade"]]
    found_area = [i for i in found if matched(i).get("area") == gold_rows[i].get("area")]
    g_precision, g_recall = _ratio(right_pred, len(graded_pred)), _ratio(len(found), len(graded_gold))
    grade_scores = {
        "precision": g_precision, "recall": g_recall, "f1": _f1(g_precision, g_recall),
        "predicted": len(graded_pred), "correct": right_pred,
        "gold": len(graded_gold), "found": len(found),
        "graded_judgements_found_with_right_area": {"found": len(found_area), "of": len(graded_gold)},
    }

    segmentation = dict(alignment.boundary_scores())
    segmentation["coverage"] = alignment.coverage

    claim_pairs = []
    for gold_idx, pred_idx in _claim_groups(alignment, len(gold_rows), len(pred_rows)):
        gold_claims = [c for i in sorted(gold_idx) for c in _claims(gold_rows[i])]
        pred_claims = [c for j in sorted(pred_idx) for c in _claims(pred_rows[j])]
        claim_pairs.append((gold_claims, pred_claims))
    claim_scores = score_claims(claim_pairs)

    n_matched = sum(1 for j in matches if j is not None)
    return {
        "counts": {
            "gold_statements": len(gold_rows),
            "pred_statements": len(pred_rows),
            "scored": len(scored),
            "matched": n_matched,
            "unmatched_gold": len(gold_rows) - n_matched,
            "scored_unmatched": sum(1 for i in scored if matches[i] is None),
        },
        "type": type_scores,
        "area": area_scores,
        "grade": grade_scores,
        "segmentation": segmentation,
        "claims": claim_scores,
    }
