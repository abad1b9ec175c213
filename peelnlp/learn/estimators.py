"""Statement classifiers with scikit-learn's estimator API.

Both models are a multinomial logistic regression over hashed features (no
vocabulary is stored, so a model file holds numbers only), with probabilities
calibrated by temperature scaling on out-of-fold predictions. Models save to
and load from plain arrays (``.npz`` without pickle) and JSON: loading a model
file cannot run code.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from ..labels import AREAS, BOX_AREAS, BOX_TYPES, DEFAULT_FRAMEWORK, TYPES
from .features import (EVIDENCE, FEATURES_VERSION, Bag, StatementInput, area_feature_parts, lines_view,
                       type_feature_parts)


_HASH_CACHES: dict[int, dict[str, int]] = {}


def _hash_cache(n_features: int) -> dict[str, int]:
    cache = _HASH_CACHES.setdefault(n_features, {})
    if len(cache) > 500_000:  # bounded: new documents keep bringing new words
        cache.clear()
    return cache


_NAME, _VALUE = itemgetter(0), itemgetter(1)  # of a (name, value) feature


def _hash(name: str, n_features: int) -> int:
    return _hash32(name) % n_features


def _hash32(name: str) -> int:
    return _murmurhash()(name, seed=0, positive=True)


@lru_cache(maxsize=None)
def _murmurhash():
    from sklearn.utils import murmurhash3_32  # imported once, not per new feature name

    return murmurhash3_32


#: prefix -> word -> 32-bit hash of prefix + word (bounded like the others)
_WORD_HASHES: dict[str, dict[str, int]] = {}
_MIX1, _MIX2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9)


# Keyed by the bag's value (a tuple: no weak reference to it can be taken): the
# feature functions return the same Bag for the same words, and the type and area
# models share a statement's bag, so each is hashed once.
@lru_cache(maxsize=20_000)
def _word_hashes(bag: Bag) -> list[int]:
    """The 32-bit hashes of a bag's ``prefix + word``s (callers must not change the list)."""
    table = _WORD_HASHES.get(bag.prefix)
    if table is None or len(table) > 500_000:
        table = _WORD_HASHES[bag.prefix] = {}
    found = list(map(table.get, bag.words))
    if None in found:
        for word in bag.words:
            if word not in table:
                table[word] = _hash32(bag.prefix + word)
        found = list(map(table.__getitem__, bag.words))
    return found


# Keyed by the part's value: the feature functions return the same tuple for a
# part that recurs (a heading's, a cue group's), so it is hashed once per model size.
@lru_cache(maxsize=20_000)
def _part_columns(part: tuple, n_features: int) -> tuple[list[int], list[float]]:
    """Columns and values of a tuple of (name, value) features (callers must not change them)."""
    return _hash_names(part, n_features), list(map(_VALUE, part))


def _hash_names(feats, n_features: int) -> list[int]:
    """Column of each (name, value) feature. Names repeat a lot (cue
    groups, layout), so their columns are cached."""
    names = _hash_cache(n_features)
    index = list(map(names.get, map(_NAME, feats)))
    if None in index:
        for name, _ in feats:
            if name not in names:
                names[name] = _hash(name, n_features)
        index = list(map(names.__getitem__, map(_NAME, feats)))
    return index


def _bag_columns(bags: list[tuple[int, Bag]], n_features: int):
    """COO triples (rows, columns, values) of ``(row, bag)`` pairs. A word's
    column is the hash of prefix + word, as for any named feature; a bigram's
    is mixed from its two words' hashes in numpy, so no string is built per
    feature (a new report brings mostly new bigrams)."""
    bags = [(row, bag) for row, bag in bags if bag.words]
    if not bags:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    hashes = [_word_hashes(bag) for _, bag in bags]
    lengths = np.fromiter(map(len, hashes), dtype=np.int64, count=len(hashes))
    h = np.fromiter(chain.from_iterable(hashes), dtype=np.uint64, count=int(lengths.sum()))
    rows = np.fromiter((row for row, _ in bags), dtype=np.int64, count=len(bags))
    weight = np.fromiter((bag.scale for _, bag in bags), dtype=np.float64, count=len(bags)) / np.sqrt(lengths)
    # A bigram starts at every word but a bag's last, in bags that have bigrams.
    starts = np.repeat(np.fromiter((bag.bigrams for _, bag in bags), dtype=bool, count=len(bags)), lengths)
    starts[np.cumsum(lengths) - 1] = False
    first = np.flatnonzero(starts)
    mixed = h[first] * _MIX1 + h[first + 1]  # wraps around: uint64 arithmetic is modular
    mixed ^= mixed >> np.uint64(31)
    mixed *= _MIX2
    mixed ^= mixed >> np.uint64(29)
    per_word = np.repeat(np.arange(len(bags)), lengths)
    return (np.concatenate([rows[per_word], rows[per_word[first]]]),
            np.concatenate([h, mixed]) % np.uint64(n_features),
            np.concatenate([weight[per_word], weight[per_word[first]]]))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class _Untitled(NamedTuple):
    """The layout of a document's statements that no title placed (TypeClassifier._untitled_layout)."""

    opening: list  # the area's judgement row, for a statement of its opening
    boxed: list[int]  # rows of findings in the area's boxes
    main: list[int]  # rows after the sentence opening the main findings
    recommended: dict  # row of a recommendation list (or of the concern it answers) -> the row introducing it


def _overrule(proba: np.ndarray, classes, labels, confidence: float) -> np.ndarray:
    """Where a rule names a label (not None), give it ``confidence`` and
    share the rest among the other classes."""
    index = {c: i for i, c in enumerate(classes)}
    rows, cols = [], []
    for row, label in enumerate(labels):
        if label is not None and label in index:
            rows.append(row)
            cols.append(index[label])
    proba[rows] = (1 - confidence) / max(len(classes) - 1, 1)
    proba[rows, cols] = confidence
    return proba


class HashedLogisticClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression over hashed statement features.

    Parameters
    ----------
    n_features: size of the hashed feature space.
    C: inverse regularisation strength.
    structure_dropout: also train on copies with the layout removed, and on
        copies with only the finding headings kept (as the ``lines`` reader
        finds them), so the model works on bare lines too.
    calibrate: fit a temperature on out-of-fold predictions.
    class_weight: passed to LogisticRegression.
    random_state: seed for the calibration folds.
    """

    kind = "base"
    #: whether the training copies of bare lines end a finding at a graded
    #: judgement, as the pipeline's inputs do (see features._assemble)
    _lines_cut_at_judgement = True
    labels: tuple[str, ...] = ()

    def __init__(self, n_features: int = 2 ** 18, C: float = 4.0, structure_dropout: bool = True,
                 calibrate: bool = True, class_weight: str | None = "balanced", random_state: int = 0):
        self.n_features = n_features
        self.C = C
        self.structure_dropout = structure_dropout
        self.calibrate = calibrate
        self.class_weight = class_weight
        self.random_state = random_state

    # -- features -----------------------------------------------------------
    def feature_parts(self, x: StatementInput) -> list:
        """The features of ``x`` in parts (see learn.features): bags of words,
        tuples that recur (cached by the feature functions, hashed once) and
        lists (hashed every time)."""
        raise NotImplementedError

    def _columns(self, X) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hashed features of the statements X as COO triples (rows, columns,
        values). A named part seen before (the same tuple) is looked up, other
        names through a cache of their hashes; the bags are hashed together
        (see _bag_columns)."""
        n_features = self.n_features
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        bags = []
        for row, x in enumerate(X):
            n = len(cols)
            for part in self.feature_parts(x):
                kind = type(part)
                if kind is Bag:
                    bags.append((row, part))
                elif kind is tuple:
                    part_cols, part_values = _part_columns(part, n_features)
                    cols += part_cols
                    values += part_values
                else:
                    cols += _hash_names(part, n_features)
                    values += map(_VALUE, part)
            rows += [row] * (len(cols) - n)
        bag_rows, bag_cols, bag_values = _bag_columns(bags, self.n_features)
        return (np.concatenate([np.array(rows, dtype=np.int64), bag_rows]),
                np.concatenate([np.array(cols, dtype=np.int64), bag_cols.astype(np.int64)]),
                np.concatenate([np.array(values, dtype=np.float64), bag_values]))

    def _matrix(self, X):
        """Hashed feature matrix (rows: statements, duplicates summed), for fitting."""
        from scipy.sparse import coo_matrix

        rows, cols, values = self._columns(X)
        return coo_matrix((values, (rows, cols)), shape=(len(X), self.n_features)).tocsr()

    def _set_coef(self, coef: np.ndarray, intercept: np.ndarray) -> None:
        """Set ``coef_`` and ``intercept_`` and, from them, the weights prediction
        reads (fitted attributes too, built here in fit/load, never in predict):
        ``weight_rows_`` maps a hashed column to a row of ``compact_coef_``
        ((used columns + one zero row) x classes)."""
        self.coef_, self.intercept_ = coef, intercept
        coef = np.asarray(coef, dtype=np.float64)
        used = np.flatnonzero(np.any(coef != 0, axis=0))
        row_of = np.full(coef.shape[1], len(used), dtype=np.int64)  # unused -> the zero row
        row_of[used] = np.arange(len(used))
        self.weight_rows_ = row_of
        self.compact_coef_ = np.vstack([coef[:, used].T, np.zeros((1, coef.shape[0]))])

    def _fit_lr(self, H, y, sample_weight=None):
        """Fit on the used columns only (fast), then widen back to the hash space."""
        from sklearn.linear_model import LogisticRegression

        H = H.tocsr()
        cols = np.unique(H.indices)
        lr = LogisticRegression(C=self.C, max_iter=1000, class_weight=self.class_weight)
        lr.fit(H[:, cols], y, sample_weight=sample_weight)
        coef = np.zeros((lr.coef_.shape[0], H.shape[1]))
        coef[:, cols] = lr.coef_
        lr.coef_ = coef
        return lr

    # -- estimator API -------------------------------------------------------
    def fit(self, X: list[StatementInput], y, sample_weight=None, groups=None):
        """``groups``: the document of each statement, X in document order.
        It keeps a document on one side of the calibration folds, and a second
        stage that reads a statement's neighbours needs it."""
        X, y = list(X), np.asarray(list(y))
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        # Without groups every statement is its own group for the folds, X is
        # one document for the lines view, and there is no context stage (it
        # reads a statement's neighbours in its document).
        self._documents_known = groups is not None
        runs = [(0, len(X))] if groups is None else _runs(groups)
        groups = np.arange(len(X)) if groups is None else np.asarray(groups)
        if self.structure_dropout:
            lines = [x for a, b in runs for x in lines_view(X[a:b], self._lines_cut_at_judgement)]
            if len(lines) != len(X):
                raise ValueError("structure_dropout needs X without titles (as training rows are)")
            copy = self._copy_weights(X)
            X = X + [x.without_structure() for x in X] + lines
            y = np.concatenate([y, y, y])
            groups = np.concatenate([groups, groups, groups])  # a statement and its copies stay together
            base = np.ones(len(copy)) if weights is None else weights
            if weights is not None or (copy != 1).any():
                weights = np.concatenate([base, base * copy, base * copy])
        H = self._matrix(X)
        lr = self._fit_lr(H, y, weights)
        # Every label gets a column, also those the corpus lacks, so that rules
        # (boxes, sections) can still name them.
        self.classes_ = np.array(sorted(set(self.labels) | set(lr.classes_)), dtype=object)
        index = {c: i for i, c in enumerate(self.classes_)}
        coef = np.zeros((len(self.classes_), H.shape[1]))
        intercept = np.full(len(self.classes_), -30.0)
        fitted_coef, fitted_icpt = _multinomial(lr)
        for k, c in enumerate(lr.classes_):
            coef[index[c]] = fitted_coef[k]
            intercept[index[c]] = fitted_icpt[k]
        self._set_coef(coef, intercept)
        # A second stage calibrates itself; then the first needs no temperature.
        own = self.calibrate and not self._has_second_stage(groups)
        self.temperature_ = self._fit_temperature(H, y, weights, groups) if own else 1.0
        self._fit_context(X, H, y, weights, groups)
        return self

    def _has_second_stage(self, groups) -> bool:
        return False

    def _copy_weights(self, X) -> np.ndarray:
        """The weight of each statement's copies without layout (``structure_dropout``)."""
        return np.ones(len(X))

    def _fit_context(self, X, H, y, weights, groups) -> None:
        """A second stage fitted on the first's out-of-fold predictions (none here)."""

    def _oof_logits(self, H, y, weights, groups, folds: int, missing: float = -30.0):
        """First-stage logits of every row of ``H``, each predicted by a model
        that did not see its group (document); ``missing`` for the classes a
        fold's training part lacks. None when the groups can't make two folds
        that each hold two classes."""
        def fit(train):
            return self._fit_lr(H[train], y[train], None if weights is None else weights[train])

        return _grouped_oof_logits(fit, H, y, groups, folds, self.classes_, missing)

    def _oof_proba(self, H, y, weights, groups, folds: int) -> np.ndarray:
        """First-stage probabilities of every row, out of fold (see _oof_logits)."""
        logits = self._oof_logits(H, y, weights, groups, folds)
        return _softmax(logits if logits is not None else np.zeros((len(y), len(self.classes_))))

    def _fit_temperature(self, H, y, weights, groups) -> float:
        """Temperature minimising the log loss of out-of-fold predictions;
        folds split by group, as new documents will be."""
        logits = self._oof_logits(H, y, weights, groups, folds=3, missing=-1e3)
        if logits is None:
            return 1.0
        index = {c: i for i, c in enumerate(self.classes_)}
        return _best_temperature(logits, np.array([index[c] for c in y]))

    def decision_function(self, X) -> np.ndarray:
        # Each feature's weighted row of the compact weights, summed per
        # statement: no sparse matrix to build for a few thousand entries.
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, ["coef_", "compact_coef_"])
        X = list(X)
        rows, cols, values = self._columns(X)
        row_of, compact = self.weight_rows_, self.compact_coef_
        contributions = compact[row_of[cols]] * values[:, None]
        logits = np.empty((len(X), compact.shape[1]))
        for k in range(compact.shape[1]):
            logits[:, k] = np.bincount(rows, weights=contributions[:, k], minlength=len(X))
        return logits + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        return _softmax(self.decision_function(X) / self.temperature_)

    def predict(self, X) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "coef_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    # -- persistence -----------------------------------------------------------
    def save(self, folder) -> list[Path]:
        """Write the model into ``folder`` as .npy arrays and JSON (no pickle,
        byte-for-byte reproducible). Returns the files written."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        cols = np.flatnonzero(np.any(self.coef_ != 0, axis=0))
        arrays = {
            "columns": cols.astype(np.int64),
            "coef": np.ascontiguousarray(self.coef_[:, cols], dtype=np.float32),
            "intercept": np.asarray(self.intercept_, dtype=np.float64),
        }
        arrays.update(self._extra_arrays())
        written = []
        for key, value in arrays.items():
            np.save(folder / f"{key}.npy", value, allow_pickle=False)
            written.append(folder / f"{key}.npy")
        spec = {"kind": self.kind, "params": self.get_params(), "classes": [str(c) for c in self.classes_],
                "temperature": self.temperature_, "features_version": FEATURES_VERSION,
                "arrays": sorted(arrays), **self._extra_spec()}
        (folder / "model.json").write_text(json.dumps(spec, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(folder / "model.json")
        return written

    @classmethod
    def load(cls, folder):
        folder = Path(folder)
        spec = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        if spec.get("kind") != cls.kind:
            raise ValueError(f"{folder}: holds a {spec.get('kind')!r} model, not {cls.kind!r}")
        if spec.get("features_version") != FEATURES_VERSION:
            raise ValueError(
                f"{folder}: trained on features version {spec.get('features_version')}, this peelnlp "
                f"computes version {FEATURES_VERSION}; retrain it with `peelnlp train`")
        model = cls(**_checked_params(cls, spec.get("params"), folder))
        arrays = {k: np.load(folder / f"{k}.npy", allow_pickle=False) for k in ("columns", "coef", "intercept")}
        model.classes_ = np.asarray(spec["classes"], dtype=object)
        coef = np.zeros((len(model.classes_), model.n_features), dtype=np.float32)
        coef[:, arrays["columns"]] = arrays["coef"]
        model._set_coef(coef, arrays["intercept"])
        model.temperature_ = float(spec["temperature"])
        extra = [k for k in spec.get("arrays", ()) if k not in arrays]
        model._load_extra({k: np.load(folder / f"{k}.npy", allow_pickle=False) for k in extra}, spec)
        return model

    def _extra_arrays(self) -> dict:
        return {}

    def _extra_spec(self) -> dict:
        return {}

    def _load_extra(self, arrays: dict, spec: dict) -> None:
        pass


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
    skips the context stage.
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
        if getattr(self, "context_coef_", None) is None:
            return {}
        return {"context_temperature": self.context_temperature_}

    def _load_extra(self, arrays: dict, spec: dict) -> None:
        self.context_coef_ = arrays.get("context_coef")
        self.context_intercept_ = arrays.get("context_intercept")
        self.context_temperature_ = float(spec.get("context_temperature", 1.0))

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

#: a list item's marker: a bullet, a number or a letter
_BULLET = re.compile(r"^\s*(?:[•·▪●◦*\-–]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")

_STAY_KEYS = ("summary_heading", "summary_other", "section_heading", "section_other")


def _stay_key(x: StatementInput, graded: bool) -> str:
    """Which stay rate applies on the way into statement ``x``."""
    return f"{'section' if graded else 'summary'}_{'heading' if x.kind == 'finding_heading' else 'other'}"


#: bounds on the saved parameters a model file may set (a file asking for 2**36
#: hashed features would ask for terabytes)
_PARAM_BOUNDS = {"n_features": (2 ** 8, 2 ** 24), "C": (1e-6, 1e6), "context_C": (1e-6, 1e6),
                 "context_folds": (2, 20), "rule_confidence": (0.0, 1.0), "explain_weight": (0.0, 100.0),
                 "heading_weight": (0.0, 100.0), "boxed_copy_weight": (0.0, 100.0),
                 "excerpt_weight": (0.0, 100.0)}


#: estimator parameters that only change how a model is fitted
_TRAINING_ONLY = {"boxed_copy_weight", "excerpt_weight"}
#: an excerpt's rows in the context stage's training (see _excerpt_rows): the
#: statements read, and the first ones whose context the cut changed
_EXCERPT_SPAN, _EXCERPT_ROWS = 12, 3

#: parameters added after models were saved without them, with the value
#: that predicts as those models did
_ADDED_LATER = {"summary_words": False, "run_context": False, "untitled_boxes": False,
                "concern_runs": False, "unboxed_findings": False, "recommendation_lists": False,
                "concern_status": False, "formal_concerns": False,
                "practice_findings": False}


def _checked_params(cls, params, folder) -> dict:
    """The estimator's saved parameters, refused if unknown, missing or out of bounds."""
    if not isinstance(params, dict):
        raise ValueError(f"{folder}: model.json has no parameters")
    known = set(cls().get_params())
    # A parameter may be missing from a model saved before it existed: one that
    # only shapes training (the model predicts the same without it), or one in
    # _ADDED_LATER, set to the value that predicts as the model did.
    params = {**{k: v for k, v in _ADDED_LATER.items() if k in known}, **params}
    unknown, missing = sorted(set(params) - known), sorted(known - set(params) - _TRAINING_ONLY)
    if unknown or missing:
        raise ValueError(f"{folder}: model.json parameters don't fit a {cls.__name__} "
                         f"(unknown: {unknown or 'none'}; missing: {missing or 'none'})")
    for name, (low, high) in _PARAM_BOUNDS.items():
        value = params.get(name)
        if name in params and not (isinstance(value, (int, float)) and low <= value <= high):
            raise ValueError(f"{folder}: model.json parameter {name}={value!r} is outside {low}..{high}")
    return params


def _multinomial(lr) -> tuple[np.ndarray, np.ndarray]:
    """A fitted LogisticRegression's weights as one row per class (scikit-learn
    keeps a single row for two classes)."""
    if len(lr.classes_) > 2:
        return lr.coef_, lr.intercept_
    return (np.vstack([-lr.coef_[0] / 2, lr.coef_[0] / 2]),
            np.array([-lr.intercept_[0] / 2, lr.intercept_[0] / 2]))


def _grouped_oof_logits(fit, M, y, groups, folds: int, classes, missing: float = -30.0):
    """Logits of every row of ``M`` from ``fit(train_rows)`` (a fitted
    LogisticRegression) on the other groups' rows; ``missing`` for the classes
    a fold's training part lacks. None when there are fewer than two groups or
    a fold's training part holds one class only."""
    from sklearn.model_selection import GroupKFold

    folds = min(folds, len(np.unique(groups)))
    if folds < 2:
        return None
    index = {c: i for i, c in enumerate(classes)}
    logits = np.full((len(y), len(classes)), missing)
    for train, test in GroupKFold(n_splits=folds).split(M, y, groups):
        if len(np.unique(y[train])) < 2:
            return None
        lr = fit(train)
        coef, intercept = _multinomial(lr)
        logits[test[:, None], [index[c] for c in lr.classes_]] = M[test] @ coef.T + intercept
    return logits


def _runs(groups) -> list[tuple[int, int]]:
    """(start, end) of each run of equal consecutive values: the documents."""
    groups = np.asarray(groups)
    cuts = np.flatnonzero(groups[1:] != groups[:-1]) + 1
    bounds = np.concatenate([[0], cuts, [len(groups)]])
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))


def _best_temperature(logits: np.ndarray, target: np.ndarray) -> float:
    best, best_nll = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.25), np.log(8.0), 60)):
        p = _softmax(logits / t)[np.arange(len(target)), target]
        nll = -np.mean(np.log(np.clip(p, 1e-12, None)))
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


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
            if x.kind == "list_item" and X[i - 1].kind == "list_item" and not _BULLET.match(x.text):
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
