"""The statement type model: the shared hashed logistic regression
(learn.linear), a context pass over a statement's finding (learn.context),
and the report's boxes as rules on top, including where no title names them
(bare lines)."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..labels import BOX_TYPES, TYPES
from .context import context_matrix
from .features import EVIDENCE, StatementInput, type_feature_parts
from .linear import (HashedLogisticClassifier, _best_temperature, _grouped_oof_logits, _multinomial,
                     _overrule, _runs, _softmax)

class _Untitled(NamedTuple):
    """The layout of a document's statements that no title placed (TypeClassifier._untitled_layout)."""

    opening: list  # the area's judgement row, for a statement of its opening
    boxed: list[int]  # rows of findings in the area's boxes
    main: list[int]  # rows after the sentence opening the main findings
    recommended: dict  # row of a recommendation list (or of the concern it answers) -> the row introducing it


#: an excerpt's rows in the context stage's training (see _excerpt_rows): the
#: statements read, and the first ones whose context the cut changed
_EXCERPT_SPAN, _EXCERPT_ROWS = 12, 3

class TypeClassifier(HashedLogisticClassifier):
    """Statement type, with the report's boxes as rules on top.

    The first stage reads the statement alone (its words, cues, heading and
    layout). A second stage (``context=True``, the default; README's ablation
    table measures it) reads the first stage's probabilities
    for the statement, its neighbours, its finding heading and the rest of its
    finding: a statement's type depends on the finding it belongs to (an
    example case under a deficit heading is a shortfall). It is fitted on
    out-of-fold first-stage predictions, so it learns how far to trust them
    on documents the first stage has not seen. ``run_context`` (models since
    3.5.0) gives it, on text with no titles, the run of the finding so far as
    well: the most each type was predicted before the statement (see
    ``_run_blocks``).

    ``box_rules``: statements in a "Cause of concern" / "Recommendations" box
    are causes of concern, those in an "Innovative practice" box innovative
    practice; graded judgements and titles are "other" (GUIDELINES s.2).
    ``boxed_copy_weight``: the training weight of those boxed statements'
    copies without layout (``structure_dropout``), whose words alone often
    read as any shortfall or strength.
    ``untitled_boxes`` (models since 3.7.0): where no title names the boxes
    (bare lines), a strength found in them is innovative practice (see
    ``_boxed_practice``).
    ``concern_runs`` (models since 3.8.1): where no title names the boxes, a
    cause of concern runs on to the area's first finding (see
    ``_concern_runs``).
    ``unboxed_findings`` (models since 3.10.0): where no title names the
    boxes, a statement after the sentence opening an area's main findings
    stands in no box, so innovative practice read there is a strength (see
    ``_unboxed_practice``).
    ``recommendation_lists`` (models since 3.10.0): where no title names the
    boxes, a list of what the force should do and the sentence introducing it
    are a cause of concern's recommendations, and start its run (see
    ``_as_concern``).
    ``concern_status`` (models since 3.11.0): a sentence that says a cause of
    concern is still open is that cause of concern's text, outside the boxes
    too (see ``_open_concerns``).
    ``practice_findings`` (models since 3.14.0): where no title names the
    boxes, a boxed finding whose heading reads as innovative practice is
    innovative practice throughout (see ``_practice_findings``).
    ``formal_concerns`` (models since 3.14.0): where no title names the
    boxes, a region of an area (its opening, boxed or main findings) holds a
    cause of concern only if one of its statements bears a formal cause of
    concern's mark; elsewhere a shortfall read as one is an area for
    improvement (see ``_informal_concerns``).
    ``excerpt_weight`` (models since 3.13.0; training only): the weight of the
    context stage's rows for the first statements of excerpts cut from text
    with no titles, so that a text that starts mid-report is not read as a
    report's front matter (see ``_excerpt_rows``). A statement given alone
    skips the context stage; models since 3.16.0 weigh its first-stage reading
    by how common each type was in training (``class_prior_``), as the
    balanced class weights did not.
    """

    kind = "type"
    labels = TYPES

    def __init__(self, n_features: int = 2 ** 18, C: float = 16.0, structure_dropout: bool = True,
                 calibrate: bool = True, class_weight: str | None = "balanced", random_state: int = 0,
                 box_rules: bool = True, rule_confidence: float = 0.97, explain_weight: float = 1.0,
                 context: bool = True, context_folds: int = 3, context_C: float = 0.5,
                 evidence: tuple = EVIDENCE, boxed_copy_weight: float = 0.25, run_context: bool = True,
                 untitled_boxes: bool = True, concern_runs: bool = True, unboxed_findings: bool = True,
                 recommendation_lists: bool = True, concern_status: bool = True,
                 excerpt_weight: float = 0.5, formal_concerns: bool = True,
                 practice_findings: bool = True):
        super().__init__(n_features, C, structure_dropout, calibrate, class_weight, random_state)
        self.excerpt_weight = excerpt_weight
        self.evidence = tuple(evidence)
        self.boxed_copy_weight = boxed_copy_weight
        self.box_rules = box_rules
        self.explain_weight = explain_weight
        self.rule_confidence = rule_confidence
        self.context = context
        self.context_folds = context_folds
        self.context_C = context_C
        self.run_context = run_context
        self.untitled_boxes = untitled_boxes
        self.concern_runs = concern_runs
        self.unboxed_findings = unboxed_findings
        self.recommendation_lists = recommendation_lists
        self.concern_status = concern_status
        self.formal_concerns = formal_concerns
        self.practice_findings = practice_findings

    def feature_parts(self, x):
        return type_feature_parts(x, self.evidence)

    # -- the context stage -------------------------------------------------------
    def _has_second_stage(self, groups) -> bool:
        return self.context and self._documents_known and len(np.unique(groups)) >= 2

    def _fit_context(self, X, H, y, weights, groups) -> None:
        # How common each type is in training: the first stage learnt with
        # balanced class weights, as if all five were, and a statement given
        # alone has no context pass to say otherwise (see predict_proba).
        self.class_prior_ = np.array([np.mean(y == c) for c in self.classes_])
        self.context_coef_ = None
        if not self._has_second_stage(groups):
            return
        from sklearn.linear_model import LogisticRegression

        P = self._oof_proba(H, y, weights, groups, self.context_folds)
        Z = np.vstack([context_matrix(X[a:b], P[a:b], self.run_context) for a, b in _runs(groups)])
        parts = [(Z, y, np.ones(len(y)) if weights is None else weights)]
        parts += self._excerpt_rows(X, P, y, weights, groups)
        lr = LogisticRegression(C=self.context_C, max_iter=500)
        lr.fit(*(np.concatenate(columns) for columns in zip(*parts)))
        index = {c: i for i, c in enumerate(self.classes_)}
        coef = np.zeros((len(self.classes_), Z.shape[1]))
        intercept = np.full(len(self.classes_), -30.0)
        fitted_coef, fitted_icpt = _multinomial(lr)
        for k, c in enumerate(lr.classes_):
            coef[index[c]], intercept[index[c]] = fitted_coef[k], fitted_icpt[k]
        # The second stage's own temperature, on its out-of-fold predictions.
        logits = _grouped_oof_logits(
            lambda train: LogisticRegression(C=self.context_C, max_iter=500).fit(Z[train], y[train]),
            Z, y, groups, 3, self.classes_)
        self.context_temperature_ = (1.0 if logits is None else
                                     _best_temperature(logits, np.array([index[c] for c in y])))
        self.context_coef_, self.context_intercept_ = coef, intercept

    def _excerpt_rows(self, X, P, y, weights, groups):
        """Context rows, weighted ``excerpt_weight``, for the first statements
        of excerpts: one part of each document with no titles (bare lines and
        the lines view) in ten statements, cut at a random statement, read as
        if nothing came before it, as a text cut from a report is. A whole
        report's first statements are its front matter; an excerpt's first
        statement may be anything, and its missing predecessors must not say
        otherwise. A list of (rows, labels, weights), one an excerpt."""
        if not self.excerpt_weight:
            return []
        rng = np.random.default_rng(self.random_state)
        out = []
        for a, b in _runs(groups):
            if b - a < 4 or any(x.section is not None for x in X[a:b]):
                continue  # structured text: a title starts every part of it
            for start in rng.choice(np.arange(a + 1, b - 1), size=max(1, (b - a) // 10), replace=False):
                end = min(b, start + _EXCERPT_SPAN)
                z = context_matrix(X[start:end], P[start:end], self.run_context)[:_EXCERPT_ROWS]
                rows = slice(start, start + len(z))
                base = np.ones(len(z)) if weights is None else weights[rows]
                out.append((z, y[rows], base * self.excerpt_weight))
        return out

    def _extra_arrays(self) -> dict:
        if getattr(self, "context_coef_", None) is None:
            return {}
        return {"context_coef": np.asarray(self.context_coef_, dtype=np.float64),
                "context_intercept": np.asarray(self.context_intercept_, dtype=np.float64)}

    def _extra_spec(self) -> dict:
        prior = getattr(self, "class_prior_", None)  # None: a model from before 3.16.0, saved as it was
        spec = {} if prior is None else {"class_prior": [float(p) for p in prior]}
        if getattr(self, "context_coef_", None) is not None:
            spec["context_temperature"] = self.context_temperature_
        return spec

    def _load_extra(self, arrays: dict, spec: dict) -> None:
        self.context_coef_ = arrays.get("context_coef")
        self.context_intercept_ = arrays.get("context_intercept")
        self.context_temperature_ = float(spec.get("context_temperature", 1.0))
        # models before 3.16.0 have none, and read a statement alone as they did
        prior = spec.get("class_prior")
        if prior is not None and (len(prior) != len(self.classes_) or not all(0 <= p <= 1 for p in prior)):
            raise ValueError("model.json: class_prior must hold one value in [0, 1] for each class")
        self.class_prior_ = None if prior is None else np.asarray(prior, dtype=float)

    def _explained(self, X, proba) -> np.ndarray:
        """A sentence that only explains why a finding matters ("This means
        ...") takes the type of the finding it explains (GUIDELINES s.2): lean
        it towards its predecessor's prediction. X must be in document order."""
        from .features import explains

        out = proba.copy()
        for i in range(1, len(X)):
            x = X[i]
            if x.prev is not None and X[i - 1].text == x.prev and explains(x.text):
                out[i] = (out[i] + self.explain_weight * out[i - 1]) / (1 + self.explain_weight)
        return out

    def _copy_weights(self, X) -> np.ndarray:
        # A box decides its statements' type (a cause of concern's supporting
        # findings read like any shortfall); without the box their words alone
        # would teach that ordinary shortfalls may be causes of concern.
        if not self.box_rules:
            return np.ones(len(X))
        boxed = np.fromiter((x.box in BOX_TYPES for x in X), dtype=bool, count=len(X))
        return np.where(boxed, self.boxed_copy_weight, 1.0)

    def rule(self, x: StatementInput) -> str | None:
        if not self.box_rules:
            return None
        if x.kind == "title" or x.grade:
            return "other"
        return BOX_TYPES.get(x.box)

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities for the statements of one document, in document order."""
        X = list(X)
        layout = self._untitled_layout(X)
        boxed = layout.boxed if self.untitled_boxes else []
        main = layout.main if self.unboxed_findings else []
        recommended = layout.recommended if self.recommendation_lists else {}
        # A statement given alone has no context to read: the context pass
        # learnt from whole reports, where a statement with no neighbours is
        # the front matter's, and would read it as context.
        alone = sum(x.kind != "title" for x in X) < 2
        if getattr(self, "context_coef_", None) is not None and not alone:
            first = _softmax(self.decision_function(X))
            # Before the context pass too, so that a boxed finding's heading
            # and neighbours read as the innovative practice they are.
            first = self._boxed_practice(X, first, boxed)
            Z = context_matrix(X, first, self.run_context)
            proba = _softmax((Z @ self.context_coef_.T + self.context_intercept_) / self.context_temperature_)
        else:
            proba = super().predict_proba(X)
            if alone and getattr(self, "class_prior_", None) is not None:
                # The first stage's balanced weights read a rare type (a cause
                # of concern, innovative practice) as often as a common one;
                # with no box or finding around the statement, restore the
                # prior (model history, 3.16.0).
                proba = proba * self.class_prior_
                proba /= proba.sum(axis=1, keepdims=True)
            if self.explain_weight:
                proba = self._explained(X, proba)
        # Only after the context pass: before it, the main findings' neighbours
        # moved with them (corpus CV, bare lines: 14 statements mended, none
        # broken, against 15 mended and others moved).
        proba = self._unboxed_practice(X, self._boxed_practice(X, proba, boxed), main)
        if self.practice_findings:
            proba = self._practice_findings(X, proba, boxed)
        concerns = recommended.keys() | (self._open_concerns(X) if self.concern_status else set())
        proba = self._as_concern(proba, concerns)
        if self.concern_runs:
            proba = self._concern_runs(X, proba, layout.opening, set(recommended.values()))
        if self.formal_concerns:
            proba = self._informal_concerns(X, proba, layout, concerns)
        return _overrule(proba, self.classes_, map(self.rule, X), self.rule_confidence)

    @staticmethod
    def _untitled_layout(X) -> _Untitled:
        """The layout of the statements no title placed: their openings,
        boxed and main-findings rows (frameworks.place.untitled_layout, one
        pass) and recommendation lists (frameworks.place.recommendation_lists)."""
        from ..frameworks.place import recommendation_lists, untitled_layout

        untitled = [x.section is None and x.box is None for x in X]
        # A title ends every span, so the statements up to the first title
        # after the last untitled one decide the layout: in structured text,
        # only the front matter before the first section's title.
        n = max((i + 1 for i, u in enumerate(untitled) if u), default=0)
        while n < len(X) and X[n].kind != "title":
            n += 1
        kinds, texts = [x.kind for x in X[:n]], [x.text for x in X[:n]]
        layout = untitled_layout(kinds, texts, [x.grade for x in X[:n]])
        opening = [s if u else None for s, u in zip(layout.opening, untitled)] + [None] * (len(X) - n)
        recommended = {i: r for i, (r, u) in enumerate(zip(recommendation_lists(kinds, texts), untitled))
                       if r is not None and u}
        # In an area's opening, the statement just before the recommendations
        # is the cause of concern they answer ("The force isn't doing enough
        # to ...", often with no formal words); in the area's first finding,
        # that finding is, from its heading on.
        for r in set(recommended.values()):
            if r > 0 and opening[r] is not None and opening[r - 1] == opening[r]:
                recommended[r - 1] = r
            elif layout.first[r] is not None:
                recommended.update((k, r) for k in range(layout.first[r], r) if untitled[k])
        return _Untitled(opening,
                         [i for i, (b, u) in enumerate(zip(layout.boxed, untitled)) if b and u],
                         [i for i, (m, u) in enumerate(zip(layout.main, untitled)) if m and u],
                         recommended)

    def _boxed_practice(self, X, proba, rows=None) -> np.ndarray:
        """Where no title names a box (bare lines), a finding that reads as a
        strength between an area's judgement and the sentence opening its main
        findings stands in that area's boxes, and the only box of good practice
        is innovative practice. ``rows``: _untitled_layout(X)'s, when already found."""
        if rows is None:
            rows = self._untitled_layout(X).boxed
        return self._moved(proba, rows, "strength", "innovative_practice")

    def _practice_findings(self, X, proba, rows) -> np.ndarray:
        """Where no title names a box (bare lines), the sentences of a boxed
        finding (``rows``: _untitled_layout(X).boxed) whose heading reads as
        innovative practice are that practice too: an "Innovative practice"
        box's rule types its heading and every sentence so (GUIDELINES s.2),
        while a sentence's own words often read as context ("Other forces are
        now looking at the model."). Their probability of a strength or of
        ``other`` moves to innovative practice. In the gold reports of the
        corpora and the dev report, all 352 sentences of such findings are
        innovative practice."""
        if not rows:
            return proba
        practice = list(self.classes_).index("innovative_practice")
        boxed, moved, head = set(rows), [], None
        for i in rows:
            if i - 1 not in boxed:
                head = None
            if X[i].kind == "finding_heading":
                head = i
            elif head is not None and proba[head].argmax() == practice:
                moved.append(i)
        return self._moved(self._moved(proba, moved, "other", "innovative_practice"),
                           moved, "strength", "innovative_practice")

    def _unboxed_practice(self, X, proba, rows=None) -> np.ndarray:
        """Where no title names a box (bare lines), a statement after the
        sentence that opens an area's main findings, before the next
        judgement, stands in no box, and innovative practice stands only in
        its box: what reads as innovative practice there is a strength (in
        every gold report of the corpora and the dev report, no innovative
        practice stands there). ``rows``: _untitled_layout(X)'s, when
        already found."""
        if rows is None:
            rows = self._untitled_layout(X).main
        return self._moved(proba, rows, "innovative_practice", "strength")

    def _moved(self, proba, rows, source: str, target: str) -> np.ndarray:
        """``proba`` with the ``rows``' probability of ``source`` moved to ``target``."""
        if not rows:
            return proba
        index = {c: i for i, c in enumerate(self.classes_)}
        src, dst = index[source], index[target]
        out = proba.copy()
        out[rows, dst] += out[rows, src]
        out[rows, src] = 0.0
        return out

    def _without(self, proba, rows, source: str, fallback: str) -> np.ndarray:
        """``proba`` with the ``rows``' probability of ``source`` taken away and
        the rest scaled back to 1; a row that held nothing else moves to
        ``fallback`` (its rest would divide by zero)."""
        if not rows:
            return proba
        src = list(self.classes_).index(source)
        out = self._moved(proba, [i for i in rows if proba[i, src] >= 1.0], source, fallback).copy()
        out[rows, src] = 0.0
        out[rows] /= out[rows].sum(axis=1, keepdims=True)
        return out

    def _as_concern(self, proba, rows) -> np.ndarray:
        """``proba`` with the ``rows`` typed a cause of concern at the rules'
        confidence, as a "Cause of concern" or "Recommendations" box types its
        statements. The rows are those of a text's causes of concern that no
        title names: a recommendation list and the sentence introducing it,
        with the concern just before them in an area's opening
        (``_untitled_layout(X).recommended``: on bare lines every such list in
        the gold reports is a cause of concern's, GUIDELINES s.2), and the
        sentences that say a cause of concern is still open
        (``_open_concerns``)."""
        if not rows:
            return proba
        labels = ["cause_of_concern" if i in rows else None for i in range(len(proba))]
        return _overrule(proba.copy(), self.classes_, labels, self.rule_confidence)

    def _open_concerns(self, X) -> set[int]:
        """The rows of sentences that say a cause of concern is still open
        ("the previous cause of concern is unmet and remains in place"): that
        cause of concern's text (GUIDELINES s.2), wherever it stands, except
        where a box's rule decides. Their formal words then start the
        concern's run on text with no titles (_concern_runs)."""
        from ..frameworks.place import states_open_concern

        # The text first: few statements name a concern at all.
        return {i for i, x in enumerate(X) if x.kind != "list_item" and states_open_concern(x.text)
                and self.rule(x) is None}

    def _concern_runs(self, X, proba, spans=None, starts=frozenset()) -> np.ndarray:
        """Where no title names the boxes (bare lines), the statements after
        the one that states a cause of concern in an area's opening (between
        its judgement and its first finding, frameworks.place.untitled_layout)
        are that cause of concern's: its recommendations and supporting
        findings read like any shortfall or context, and a cause of concern's
        box comes before the area's other boxes and findings. The run starts
        at a statement read as a cause of concern in its formal words (the
        cue group ``concern_formal``: "cause of concern", "recommendations",
        "should take immediate steps"), not at any statement read so: a crime
        recording section opens with estimates that may. Each statement after
        it takes at least its probability of a cause of concern, the other
        types scaled down to make room. ``starts``: rows that start a run
        whatever their words (the sentences introducing recommendations).
        ``spans``: _untitled_layout(X)'s, when already found."""
        if spans is None:
            spans = self._untitled_layout(X).opening
        if all(s is None for s in spans):
            return proba
        concern = list(self.classes_).index("cause_of_concern")
        out = proba.copy()
        span, first = None, None
        for i, (x, s) in enumerate(zip(X, spans)):
            if s is None:
                span, first = None, None
                continue
            if s != span:
                span, first = s, None
            if first is None:
                if out[i].argmax() == concern and (
                        i in starts or _in_formal_words(x.text)):
                    first = out[i, concern]
                continue
            p, rest = max(out[i, concern], first), 1.0 - out[i, concern]
            out[i] *= (1.0 - p) / rest if rest > 0 else 0.0
            out[i, concern] = p
        return out

    def _informal_concerns(self, X, proba, layout: _Untitled, marked=frozenset()) -> np.ndarray:
        """Where no title names the boxes (bare lines), a region of the text
        with no mark of a formal cause of concern holds none: a cause of
        concern is formal (GUIDELINES s.2), and a shortfall outside one is an
        area for improvement. The regions (``layout``: _untitled_layout(X)'s)
        are an area's opening (between its judgement and its first finding),
        its run of boxed findings and its run of main findings (after the
        sentence that opens them: an ungraded area's cause of concern stands
        there). So an unmarked region's statements are read as not a cause
        of concern: that probability is taken away and the rest scaled back to
        1 (moving it all to an area for improvement turned a crime recording
        section's estimates, which its concern run had pulled towards a cause
        of concern, into shortfalls). The marks: the formal words of the cue
        group ``concern_formal`` ("cause of concern", "within six months"), a
        recommendation with a deadline (frameworks.place.states_deadline), and
        ``marked``, the rows of recommendation lists and of sentences that say
        a concern is still open. In the gold reports (corpora, held-out and
        dev report) every region that holds a cause of concern bears a mark:
        68 of 110 openings, 15 of 273 runs of boxed findings and 4 of 528 runs
        of main findings hold one. Call-handling or
        recording shortfalls in an area's box of areas for improvement often
        read as one without it."""
        from ..frameworks.place import states_deadline

        concern = list(self.classes_).index("cause_of_concern")
        unmarked = [
            i for rows in _regions(X, layout)
            if any(proba[i].argmax() == concern for i in rows)
            and not any(i in marked or _in_formal_words(X[i].text) or states_deadline(X[i].text)
                        for i in rows)
            for i in rows]
        return self._without(proba, unmarked, "cause_of_concern", "area_for_improvement")


def _in_formal_words(text: str) -> bool:
    """Does the statement speak of a cause of concern in its formal words (the
    type cues' group ``concern_formal``: "cause of concern", "within six
    months")? Such a statement starts a concern's run and marks its region."""
    from .features import cue_counts, type_cues

    return bool(cue_counts(text, type_cues()).get("concern_formal"))


def _regions(X, layout: _Untitled) -> list[list[int]]:
    """The statements no title placed, in runs by their place in an area
    (TypeClassifier._informal_concerns): the opening and the boxed findings
    after its graded judgement, and the main findings after the sentence that
    opens them. Other statements are in no region: before any judgement, text
    may start inside a cause of concern's box (an excerpt, a statement alone)
    whose mark it cut off."""
    boxed, main = set(layout.boxed), set(layout.main)
    regions, last = [], None
    for i, x in enumerate(X):
        key = (None if x.section is not None or x.box is not None
               else ("opening", layout.opening[i]) if layout.opening[i] is not None
               else "boxed" if i in boxed else "main" if i in main else None)
        if key is not None and key != last:
            regions.append([])
        if key is not None:
            regions[-1].append(i)
        last = key
    return regions
