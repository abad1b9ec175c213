"""The type model's context pass: the input its second stage reads, built
from the first stage's probabilities for a statement, its neighbours, its
finding heading and the rest of its finding (see TypeClassifier)."""
from __future__ import annotations

import numpy as np

from .features import StatementInput

#: blocks of the context stage's input, each one probability row per statement
CONTEXT_BLOCKS = ("self_log", "prev", "prev2", "next", "next2", "heading", "finding", "explained_prev")
#: with ``run_context``: the most each type was predicted so far in the finding
RUN_BLOCKS = ("run_max",)
_KIND_FLAGS = ("finding_heading", "list_item", "sentence")


def _run_blocks(P: np.ndarray, idx: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """Per statement, the highest probability of each type among the earlier
    statements of its finding. On bare lines no box says where a cause of
    concern ends: its recommendations and supporting findings read like any
    shortfall, and only the run they stand in (from the sentence naming the
    concern) tells them apart."""
    Q = P[idx]
    out = np.zeros_like(Q)
    # Findings are contiguous runs of ``segment``: a running max over each,
    # shifted one statement on.
    starts = np.flatnonzero(np.r_[True, segment[1:] != segment[:-1]])
    for a, b in zip(starts, np.r_[starts[1:], len(idx)]):
        out[a + 1:b] = np.maximum.accumulate(Q[a:b - 1], axis=0)
    return out


def context_matrix(X: list[StatementInput], P: np.ndarray, run: bool = False) -> np.ndarray:
    """The context stage's input for the statements X of one document (in
    order, titles included) given first-stage probabilities P. Titles are
    left out of every neighbourhood, as the training rows leave them out.
    The blocks come twice, once for statements with layout and once for bare
    lines, so the two kinds of text get their own weights. ``run`` adds
    RUN_BLOCKS (see _run_blocks) where no title placed the statement."""
    from .features import explains

    n, k = P.shape
    real = np.fromiter((x.kind != "title" for x in X), dtype=bool, count=n)
    idx = np.flatnonzero(real)
    m = len(idx)
    seq = np.vstack([np.zeros((2, k)), P[idx], np.zeros((2, k))])
    heading = np.zeros((m, k))
    segment = np.zeros(m, dtype=np.int64)
    # A statement's finding is the run under its own heading (its ``heading``
    # field, which a title resets): training rows have no titles, so the
    # titles themselves can't be what ends a finding here.
    head_row, seg, last = None, 0, object()
    for j, i in enumerate(idx):
        x = X[i]
        if x.kind == "finding_heading":
            head_row, seg = i, seg + 1
        elif x.grade is not None:
            # A graded judgement opens an area's section: no finding runs
            # across it. The pipeline's inputs already end the heading there
            # (features._assemble); this also splits text with no headings.
            head_row, seg = None, seg + 1
        elif x.heading != last:
            seg += 1
        if x.kind != "finding_heading" and head_row is not None and x.heading == X[head_row].text:
            heading[j] = P[head_row]
        segment[j] = seg
        last = x.heading if x.kind != "finding_heading" else x.text
    sums = np.zeros((seg + 1, k))
    np.add.at(sums, segment, P[idx])
    counts = np.bincount(segment, minlength=seg + 1)[segment][:, None]
    finding_sum = (sums[segment] - P[idx]) / np.maximum(counts - 1, 1)
    expl = np.fromiter((explains(X[i].text) for i in idx), dtype=float, count=m)[:, None]
    flags = np.array([[X[i].kind == f for f in _KIND_FLAGS] + [X[i].heading is not None, 1.0] for i in idx],
                     dtype=float).reshape(m, len(_KIND_FLAGS) + 2)
    blocks = np.hstack([np.log(np.clip(P[idx], 1e-4, None)) / 4, seq[1:m + 1], seq[0:m], seq[3:m + 3], seq[4:m + 4],
                        heading, finding_sum, expl * seq[1:m + 1], flags])
    structured = np.fromiter((X[i].structured for i in idx), dtype=bool, count=m)[:, None]
    parts = [blocks * structured, blocks * ~structured]
    if run:
        # Only where no title placed the statement: with titles, the boxes
        # already say where a cause of concern runs, and a section's opening
        # paragraph is no box.
        untitled = np.fromiter((X[i].section is None for i in idx), dtype=bool, count=m)[:, None]
        parts.append(_run_blocks(P, idx, segment) * untitled if untitled.any() else np.zeros((m, k)))
    Z = np.zeros((n, sum(p.shape[1] for p in parts)))
    Z[idx] = np.hstack(parts)
    return Z
