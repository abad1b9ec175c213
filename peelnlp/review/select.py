"""Which statements a person should review first.

The type model's ``type_score`` is calibrated (README: right about 92% of the
time at >= 0.9, about 60% below), so the least confident statements are the
likeliest to be wrong. Taken by score alone they bunch up: one hard report, one
muddled section or one confusable type fills the budget, and the corrections
then teach the model one thing many times. So the choice is greedy, and each
pick lowers the priority of the statements that share its document, its
section and its predicted type, by ``(1 + n) ** -weight`` where ``n`` is how
many of them are already chosen.
"""
from __future__ import annotations

import numpy as np

from ..labels import BOX_TYPES

#: how strongly a pick pushes back its document, section and predicted type
DOC_WEIGHT, SECTION_WEIGHT, CLASS_WEIGHT = 1.0, 0.5, 0.5


def candidates(records) -> list[int]:
    """Positions of the records worth reviewing: titles and graded judgements
    are "other" by rule and a box's cause of concern, innovative practice or
    method ("About the inspection", other) is its type by rule (GUIDELINES
    s.1, s.2), so their score is the rule's, not
    the model's doubt, and a correction would not change them; a statement
    with no score has no model behind it."""
    return [i for i, r in enumerate(records)
            if r.get("kind") != "title" and r.get("type_score") is not None
            and not r.get("grade") and r.get("box") not in BOX_TYPES]


def _codes(values) -> np.ndarray:
    index: dict = {}
    return np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64, count=len(values))


def select(records, budget: int, doc_weight: float = DOC_WEIGHT, section_weight: float = SECTION_WEIGHT,
           class_weight: float = CLASS_WEIGHT, uncertainty=None) -> list[int]:
    """Positions (into ``records``) of up to ``budget`` statements to review,
    in the order chosen (most valuable first).

    ``records`` are tagged statement records (``doc``, ``kind``, ``section``,
    ``type``, ``type_score``); ``uncertainty``, if given, replaces
    ``1 - type_score`` (one value per record). The weights set how much a pick
    lowers the priority of its document, its section (within the document) and
    its predicted type; all zero gives plain lowest-score-first.
    """
    records = list(records)
    pool = candidates(records)
    if budget <= 0 or not pool:
        return []
    if uncertainty is None:
        base = np.array([1.0 - float(records[i]["type_score"]) for i in pool])
    else:
        base = np.asarray(uncertainty, dtype=float)[pool]
    # A tiny floor: a pool of sure statements still gets spread out.
    base = np.clip(base, 1e-6, None)
    doc = _codes([records[i].get("doc") for i in pool])
    section = _codes([(records[i].get("doc"), records[i].get("section")) for i in pool])
    cls = _codes([records[i].get("type") for i in pool])
    taken = {name: np.zeros(codes.max() + 1) for name, codes in (("doc", doc), ("section", section), ("cls", cls))}
    chosen = np.zeros(len(pool), dtype=bool)
    order: list[int] = []
    for _ in range(min(budget, len(pool))):
        priority = (base * (1 + taken["doc"][doc]) ** -doc_weight
                    * (1 + taken["section"][section]) ** -section_weight
                    * (1 + taken["cls"][cls]) ** -class_weight)
        priority[chosen] = -1.0
        k = int(np.argmax(priority))  # ties: the earlier statement, so the choice is deterministic
        chosen[k] = True
        taken["doc"][doc[k]] += 1
        taken["section"][section[k]] += 1
        taken["cls"][cls[k]] += 1
        order.append(pool[k])
    return order
