"""The policing-area model: the shared hashed logistic regression
(learn.linear), with the section deciding inside an area's own section and,
on text with no sections, the areas read along the document."""
from __future__ import annotations

import re

import numpy as np

from ..labels import AREAS, BOX_AREAS, DEFAULT_FRAMEWORK
from ..text import bullet_pattern
from .features import StatementInput, area_feature_parts
from .linear import HashedLogisticClassifier, _overrule, _runs

#: an ordered list item's number or letter ("3.", "b)", "iv."), as the HTML
#: reader writes them; every other marker is ``text.bullet_pattern``'s
_ORDINAL = re.compile(r"^\s*\(?(?:\d{1,3}|[a-z]|[ivxl]{2,4})[.)]\s")


def _has_marker(text: str) -> bool:
    """Does the list item open with its own marker (else it continues the one before)?"""
    return bool(bullet_pattern().match(text) or _ORDINAL.match(text))


_STAY_KEYS = ("summary_heading", "summary_other", "section_heading", "section_other")


def _stay_key(x: StatementInput, graded: bool) -> str:
    """Which stay rate applies on the way into statement ``x``."""
    return f"{'section' if graded else 'summary'}_{'heading' if x.kind == 'finding_heading' else 'other'}"


#: how far a finding heading's words reach on text with no titles: the
#: longest finding in the corpus when it was set; with the sixth round's
#: findings of up to 14 statements, a reach of 11 or 14 read 0.818 of the dev
#: report's lines right against 0.831 at 8 (README, "Areas on text without titles")
UNTITLED_REACH = 8


def _cut_reach(X: list[StatementInput]) -> list[StatementInput]:
    """On text with no titles nothing closes a finding but the next heading,
    so the last heading of one section would reach into the next: there a
    heading's reach ends at a graded judgement (it opens an area's section)
    or after UNTITLED_REACH statements. Prediction only: training keeps the
    heading's words at every distance, which teach what a heading is about
    (cutting them in training cost area on structured text)."""
    out, cut = [], False
    for x in X:
        if x.kind == "finding_heading":
            cut = False
        elif x.anchor is not None:
            cut = True
        if x.heading and x.kind != "finding_heading" and (cut or (x.position or 0) > UNTITLED_REACH):
            x = x._replace(heading=None)
        out.append(x)
    return out


class AreaClassifier(HashedLogisticClassifier):
    """Policing area: the section decides inside an area's own section, and
    the inspection's method and data are general wherever they stand
    (``section_rules``); elsewhere the statement's words and its heading's.
    ``summary_words``: a second copy of the words for statements in a summary
    (outside any area's section), where the area is what the content is about
    rather than where it stands, so the model can learn how a summary's words
    differ from a section's ("vulnerability at first contact" is responding).
    ``sequence``: on text with no sections (bare lines), cut each heading's
    reach (_cut_reach) and read the areas along the document (forward-backward)."""

    kind = "area"
    labels = AREAS
    # The heading's words at every distance teach what a heading is about;
    # cut in training (here at a judgement, as by _cut_reach), they cost area
    # on structured text (dev sections cross-validated: 0.981 -> 0.965).
    # Prediction still cuts (_cut_reach).
    _lines_cut_at_judgement = False

    def __init__(self, n_features: int = 2 ** 18, C: float = 4.0, structure_dropout: bool = True,
                 calibrate: bool = True, class_weight: str | None = None, random_state: int = 0,
                 section_rules: bool = True, framework: str = DEFAULT_FRAMEWORK, heading_weight: float = 0.0,
                 sequence: bool = True, summary_words: bool = True):
        super().__init__(n_features, C, structure_dropout, calibrate, class_weight, random_state)
        self.summary_words = summary_words
        self.section_rules = section_rules
        self.heading_weight = heading_weight
        self.framework = framework
        self.sequence = sequence

    # -- areas along the document, for text with no sections -------------------
    def _fit_context(self, X, H, y, weights, groups) -> None:
        """How often the area stays the same from one statement to the next
        (titles left out), in the corpus: at a finding heading or elsewhere,
        before the report's first graded judgement (its summary, where areas
        change often) or after it (the area sections)."""
        same = {key: [0, 0] for key in _STAY_KEYS}
        for a, b in _runs(groups):
            rows = [i for i in range(a, b) if X[i].kind != "title"]
            graded = False
            for i, j in zip(rows, rows[1:]):
                graded = graded or X[i].anchor is not None
                tally = same[_stay_key(X[j], graded)]
                tally[0] += y[i] == y[j]
                tally[1] += 1
        # Add-one smoothing: a corpus without headings still gives a probability.
        self.stay_ = {key: (n_same + 1) / (n + 2) for key, (n_same, n) in same.items()}

    def _extra_spec(self) -> dict:
        return {"stay": getattr(self, "stay_", None)}

    def _load_extra(self, arrays: dict, spec: dict) -> None:
        self.stay_ = spec.get("stay")

    def _along_document(self, X, proba) -> np.ndarray:
        """Forward-backward over the statements (titles aside): each
        statement's area probability given every statement's evidence and the
        corpus's rate of staying in one area. Used only where no section is
        known, as on bare lines: sections cover long runs of statements."""
        rows = [i for i, x in enumerate(X) if x.kind != "title"]
        if len(rows) < 2:
            return proba
        k = proba.shape[1]
        prior = np.full(k, 1.0 / k)
        E = np.clip(proba[rows], 1e-9, None)
        # A graded judgement's area is known (its phrasing names it): an anchor.
        index = {c: n for n, c in enumerate(self.classes_)}
        stay, graded = [], False
        for t, i in enumerate(rows):
            stay.append(self.stay_.get(_stay_key(X[i], graded), 0.5))
            if X[i].anchor in index:
                E[t] = 0.01 / k
                E[t, index[X[i].anchor]] = 1.0
                graded = True
        stay = np.array(stay)
        fwd = np.empty_like(E)
        fwd[0] = E[0] / E[0].sum()
        for t in range(1, len(rows)):
            f = (stay[t] * fwd[t - 1] + (1 - stay[t]) * prior) * E[t]
            fwd[t] = f / f.sum()
        bwd = np.ones_like(E)
        for t in range(len(rows) - 2, -1, -1):
            b = E[t + 1] * bwd[t + 1]
            b = stay[t + 1] * b + (1 - stay[t + 1]) * (prior @ b)
            bwd[t] = b / b.sum()
        post = fwd * bwd
        out = proba.copy()
        out[rows] = post / post.sum(axis=1, keepdims=True)
        return out

    def feature_parts(self, x):
        return area_feature_parts(x, self.framework, self.summary_words)

    def _follow_headings(self, X, proba) -> np.ndarray:
        """A finding's sentences are about what its heading is about: lean
        each statement towards its heading's area. X in document order.
        Off by default (``heading_weight=0``): the model already reads the
        heading's words, and leaning on its prediction as well lost area
        accuracy on bare lines (README, 3.2.0)."""
        rows, heads = [], []
        heading_row = None
        for i, x in enumerate(X):
            if x.kind == "finding_heading":
                heading_row = i
            elif heading_row is not None and x.heading == X[heading_row].text:
                rows.append(i)
                heads.append(heading_row)
        out = proba.copy()
        out[rows] = (proba[rows] + self.heading_weight * proba[heads]) / (1 + self.heading_weight)
        return out

    def _follow_bullets(self, X, proba) -> np.ndarray:
        """The second sentence of a bullet (a list item without a marker) is
        part of that bullet (GUIDELINES s.1): it takes the bullet's area."""
        out = proba.copy()
        for i in range(1, len(X)):
            x = X[i]
            if x.kind == "list_item" and X[i - 1].kind == "list_item" and not _has_marker(x.text):
                out[i] = out[i - 1]
        return out

    def predict_proba(self, X) -> np.ndarray:
        X = list(X)
        untitled = self.sequence and not any(x.section for x in X)
        proba = super().predict_proba(_cut_reach(X) if untitled else X)
        if self.heading_weight:
            proba = self._follow_headings(X, proba)
        proba = self._follow_bullets(X, proba)
        if untitled and getattr(self, "stay_", None):
            proba = self._along_document(X, proba)
        if not self.section_rules:
            return proba
        return _overrule(proba, self.classes_, (BOX_AREAS.get(x.box, x.section_area) for x in X), 1.0)
