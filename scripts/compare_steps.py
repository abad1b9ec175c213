#!/usr/bin/env python3
"""What the type model's prediction-time steps change: out-of-fold, with and without them.

The type model's steps after the learned stages (the rules that read a
report's boxes from its layout where no title names them: ``untitled_boxes``,
``unboxed_findings``, ``recommendation_lists``, ``concern_runs``; and
``concern_status``, an open cause of concern's sentence; ``formal_concerns``,
no cause of concern in an area opening without a formal one's mark;
``practice_findings``, a boxed innovative-practice finding's sentences) change no
weight, so one fit per fold serves both sides: each held-out document is
predicted with every step on and again with the named steps off. The folds
are ``peelnlp train``'s (grouped 5-fold by document, the same corpora and
seed). For each view of the text (structured, the lines reader's view, bare:
no layout at all) it prints accuracy off → on, the statements mended and
broken, and each type's precision and recall.

    python scripts/compare_steps.py --off unboxed_findings recommendation_lists
    python scripts/compare_steps.py --off concern_runs --corpora corpora/sample corpora/train
"""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("untitled_boxes", "unboxed_findings", "recommendation_lists", "concern_runs", "concern_status",
         "formal_concerns", "practice_findings")
VIEWS = ("structured", "lines", "bare")


def _fold(X, types, groups, train, test, seed: int, off: tuple[str, ...]) -> dict:
    from peelnlp.learn.estimators import TypeClassifier
    from peelnlp.learn.features import scored_bare, scored_lines
    from peelnlp.training.train import _fit, _runs

    model = _fit(TypeClassifier(random_state=seed, calibrate=False), [X[i] for i in train],
                 [types[i] for i in train], [groups[i] for i in train])
    out = {"rows": [], **{(v, s): [] for v in VIEWS for s in ("on", "off")}}
    for a, b in _runs([groups[i] for i in test]):
        rows = list(test[a:b])
        docs = {"structured": [X[i] for i in rows]}
        docs["lines"], docs["bare"] = scored_lines(docs["structured"]), scored_bare(docs["structured"])
        out["rows"] += rows
        for side, value in (("on", True), ("off", False)):
            for step in off:
                setattr(model, step, value)
            for view in VIEWS:
                out[(view, side)] += list(model.predict(docs[view]))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--off", nargs="+", choices=STEPS, required=True, help="the steps to switch off")
    parser.add_argument("--corpora", nargs="+", default=[str(ROOT / "corpora" / "sample"),
                                                         str(ROOT / "corpora" / "train")])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)

    import numpy as np
    from joblib import Parallel, delayed
    from sklearn.model_selection import GroupKFold

    from peelnlp.evaluation.metrics import accuracy, per_class
    from peelnlp.labels import TYPES
    from peelnlp.training.corpus import load_corpora
    from peelnlp.training.train import training_rows

    X, types, _, groups = training_rows(load_corpora(args.corpora))
    splits = GroupKFold(n_splits=args.folds).split(X, groups=groups)
    pred = {}
    for fold in Parallel(n_jobs=args.jobs)(delayed(_fold)(X, types, groups, tr, te, args.seed, tuple(args.off))
                                           for tr, te in splits):
        for key, values in fold.items():
            if key != "rows":
                pred.setdefault(key, np.empty(len(X), dtype=object))[fold["rows"]] = values
    rows = [i for i, t in enumerate(types) if t is not None]
    print(f"{len(rows)} statements in {len(set(groups.tolist()))} documents; steps off: {', '.join(args.off)}")
    print("| view | accuracy off → on | mended | broken |")
    print("|---|---|---|---|")
    gold = [types[i] for i in rows]
    sides = {key: [p[i] for i in rows] for key, p in pred.items()}
    for view in VIEWS:
        off, on = sides[(view, "off")], sides[(view, "on")]
        mended = sum(o != g == n for g, o, n in zip(gold, off, on))
        broken = sum(o == g != n for g, o, n in zip(gold, off, on))
        print(f"| {view} | {accuracy(gold, off):.4f} → {accuracy(gold, on):.4f} | {mended} | {broken} |")
    for view in VIEWS:
        print(f"\n{view}: precision / recall, off → on")
        classes = {side: per_class(gold, sides[(view, side)], TYPES) for side in ("off", "on")}
        for label in TYPES:
            figures = [f"{c[label]['precision']:.3f} / {c[label]['recall']:.3f}" for c in classes.values()]
            print(f"  {label:22s} {figures[0]} → {figures[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
