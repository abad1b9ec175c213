"""The statement models' shared estimator: a multinomial logistic regression
over hashed features (learn.hashing), with scikit-learn's estimator API.

Probabilities are calibrated by temperature scaling on out-of-fold
predictions. Models save to and load from plain arrays (``.npy`` without
pickle) and JSON: loading a model file cannot run code. The two models are
learn.type_model and learn.area_model.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .features import FEATURES_VERSION, Bag, StatementInput, lines_view
from .hashing import VALUE, _bag_columns, _hash_names, _part_columns



def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)



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
                    values += map(VALUE, part)
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


#: bounds on the saved parameters a model file may set (a file asking for 2**36
#: hashed features would ask for terabytes)
_PARAM_BOUNDS = {"n_features": (2 ** 8, 2 ** 24), "C": (1e-6, 1e6), "context_C": (1e-6, 1e6),
                 "context_folds": (2, 20), "rule_confidence": (0.0, 1.0), "explain_weight": (0.0, 100.0),
                 "heading_weight": (0.0, 100.0), "boxed_copy_weight": (0.0, 100.0),
                 "excerpt_weight": (0.0, 100.0)}


#: estimator parameters that only change how a model is fitted
_TRAINING_ONLY = {"boxed_copy_weight", "excerpt_weight"}

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
