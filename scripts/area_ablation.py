#!/usr/bin/env python3
"""What a setting of the area model adds: grouped cross-validation and the dev report.

For each configuration of :class:`peelnlp.learn.estimators.AreaClassifier`:

* **corpus CV**: grouped 5-fold cross-validation over the project's corpora
  (each document held out whole), area accuracy on all statements, on the
  summary statements alone (those in a section with no area of its own, where
  the content decides: GUIDELINES s.3) and on lines (no sections or boxes);
* **dev, unseen**: a model trained on the corpora only, scored on a real gold
  report it never saw (skipped when ``--dev`` is absent), structured and lines.

The model's own predictions, without the pipeline's rules around it (a
section's area, ``other`` with no area cue in a summary -> ``general``), so
the figures isolate the model.

    python scripts/area_ablation.py                          # both configurations
    python scripts/area_ablation.py --configs full --no-cv
"""
from __future__ import annotations

import sys
from pathlib import Path

CONFIGS = {
    "full": {},
    # the area model before 3.4.0: one set of word weights for every section
    "no_summary_words": {"summary_words": False},
}


def _in_summary(x) -> bool:
    return bool(x.section) and not x.section_area


def _scores(prefix: str, X, gold, pred, pred_lines) -> dict:
    import numpy as np

    right = np.array([p == y for p, y in zip(pred, gold)])
    summary = np.array([_in_summary(x) for x in X])
    return {f"{prefix}_accuracy": float(right.mean()),
            f"{prefix}_summary_accuracy": float(right[summary].mean()) if summary.any() else float("nan"),
            f"{prefix}_summary_statements": int(summary.sum()),
            f"{prefix}_lines_accuracy": float(np.mean([p == y for p, y in zip(pred_lines, gold)]))}


def _predict_by_document(model, X, groups):
    """Structured and lines predictions, one document at a time (the model
    reads a statement's neighbours in its own document)."""
    import numpy as np

    from peelnlp.learn.features import scored_lines

    pred, lines = np.empty(len(X), dtype=object), np.empty(len(X), dtype=object)
    for d in np.unique(groups):
        rows = np.flatnonzero(groups == d)
        part = [X[i] for i in rows]
        pred[rows] = model.predict(part)
        lines[rows] = model.predict(scored_lines(part))
    return list(pred), list(lines)


def _labelled(X, areas, groups):
    import numpy as np

    keep = [i for i, a in enumerate(areas) if a is not None]
    return [X[i] for i in keep], [areas[i] for i in keep], np.asarray(groups)[keep]


def cv_scores(params: dict, corpora, seed: int = 0, folds: int = 5) -> dict:
    import numpy as np
    from sklearn.model_selection import GroupKFold

    from peelnlp.learn.estimators import AreaClassifier
    from peelnlp.training.corpus import load_corpora
    from peelnlp.training.train import training_rows

    X, _, a, g = training_rows(load_corpora(corpora))
    X, a, g = _labelled(X, a, g)
    pred, lines = np.empty(len(X), dtype=object), np.empty(len(X), dtype=object)
    for train, test in GroupKFold(n_splits=folds).split(X, groups=g):
        model = AreaClassifier(random_state=seed, calibrate=False, **params)
        model.fit([X[i] for i in train], [a[i] for i in train], groups=g[train])
        p, pl = _predict_by_document(model, [X[i] for i in test], g[test])
        pred[test], lines[test] = p, pl
    return _scores("cv", X, a, list(pred), list(lines))


def dev_scores(params: dict, corpora, dev: Path, seed: int = 0) -> dict:
    if not dev.is_file():
        return {}
    from peelnlp.learn.estimators import AreaClassifier
    from peelnlp.training.corpus import load_corpora
    from peelnlp.training.train import training_rows

    X, _, a, g = training_rows(load_corpora(corpora))
    X, a, g = _labelled(X, a, g)
    model = AreaClassifier(random_state=seed, calibrate=False, **params).fit(X, a, groups=g)
    Xd, _, ad, gd = training_rows(load_corpora([dev]))
    Xd, ad, gd = _labelled(Xd, ad, gd)
    pred, lines = _predict_by_document(model, Xd, gd)
    return _scores("dev", Xd, ad, pred, lines)


COLUMNS = ("cv_accuracy", "cv_summary_accuracy", "cv_lines_accuracy", "dev_accuracy", "dev_summary_accuracy",
           "dev_lines_accuracy")


def main(argv=None) -> int:
    from ablation import run  # the type model's ablation script, beside this one

    return run(argv, __doc__.splitlines()[0], CONFIGS, cv_scores, dev_scores, COLUMNS)


if __name__ == "__main__":
    sys.exit(main())
