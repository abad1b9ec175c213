#!/usr/bin/env python3
"""What each group of evidence adds to the type model: an ablation table.

For each configuration (the full model, then the full model less one group
of evidence), two figures:

* **corpus CV**: grouped 5-fold cross-validation over the project's corpora,
  each document held out whole (``peelnlp.training.train.cross_validate``);
* **dev, unseen**: a model trained on the project's corpora only, scored on a
  real gold report it never saw (default ``../shared/data/peel_dev_gold.jsonl``;
  skipped when absent), as structured text and as lines (no sections or
  boxes, the way the ``lines`` reader sees one statement per line), and
  the same model on the project's held-out reports (``corpora/heldout``).

Scores are type accuracy and macro-F1 over the four mission classes, on
non-title statements. The held-out and extra figures are given with or without
the dev report. When ``full`` is among the configurations, a second table
gives each other configuration's accuracy less the full model's on the same
unseen statements, with a 95 percent paired bootstrap interval that resamples
findings (``peelnlp.evaluation.metrics.paired_difference``) and the statements
gained and lost: a difference whose interval holds zero is within what the
choice of findings in these reports can produce by itself.

    python scripts/ablation.py                     # every configuration, markdown table
    python scripts/ablation.py --configs full no_context --no-cv
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "peel_dev_gold.jsonl"
HELDOUT = ROOT / "corpora" / "heldout"
EXTRA = ROOT / "corpora" / "extra"

ALL = ("words", "cues", "heading", "layout", "prev", "stems", "negation")
#: the type model's evidence before 3.3.0
BEFORE_3_3 = tuple(g for g in ALL if g not in ("stems", "negation"))
CONFIGS = {
    "full": {},
    "no_context": {"context": False},
    # the context pass without the finding's run so far (3.4.0's pass)
    "no_run_context": {"run_context": False},
    # boxed statements' copies without layout at full weight, not a quarter
    "boxed_copies_full_weight": {"boxed_copy_weight": 1.0},
    # the type model's settings before 3.2.0: one stage, boxed copies at full weight
    "settings_3_1": {"context": False, "boxed_copy_weight": 1.0, "evidence": BEFORE_3_3},
    "no_cues": {"evidence": tuple(g for g in ALL if g != "cues")},
    "no_heading": {"evidence": tuple(g for g in ALL if g != "heading")},
    "no_layout": {"evidence": tuple(g for g in ALL if g != "layout")},
    "no_prev": {"evidence": tuple(g for g in ALL if g != "prev")},
    "words_only": {"evidence": ("words",), "context": False},
    # TextBlob's general-purpose polarity lexicon as one more group (pip install textblob)
    "plus_lexicon": {"evidence": ALL + ("lexicon",)},
    "no_stems": {"evidence": tuple(g for g in ALL if g != "stems")},
    "no_negation": {"evidence": tuple(g for g in ALL if g != "negation")},
    "settings_3_2": {"evidence": BEFORE_3_3},
    # four times the hashed columns (fewer features sharing one; measured, not kept)
    "hashed_2_20": {"n_features": 2 ** 20},
    # the first stage's regularisation: stronger (C 4) and weaker (C 64) than the shipped 16
    "C_4": {"C": 4.0},
    "C_64": {"C": 64.0},
}


def dev_scores(params: dict, corpora, dev: Path | None, seed: int = 0) -> dict:
    """Unseen figures of a model trained on ``corpora``: the dev report (when
    it is there), the held-out and the extra reports. ``_correct`` and
    ``_blocks`` (not printed) keep each statement's result for the paired
    differences between configurations."""
    import numpy as np

    from peelnlp.learn.estimators import TypeClassifier
    from peelnlp.training.corpus import load_corpora
    from peelnlp.training.train import MISSION, _fit, _macro_f1, finding_keys, predict_documents, training_rows

    X, t, _, g = training_rows(load_corpora(corpora))
    model = _fit(TypeClassifier(random_state=seed, calibrate=False, **params), X, t, g)
    out = {"_correct": {}, "_blocks": {}}
    if dev is not None and dev.is_file():
        Xd, td, _, gd = training_rows(load_corpora([dev]))
        for view, lines in (("dev", False), ("dev_lines", True)):
            pred = predict_documents(model, Xd, gd, lines)
            out[f"{view}_accuracy"] = float(np.mean([p == y for p, y in zip(pred, td)]))
            out[f"{view}_macro_f1"] = _macro_f1(td, pred, MISSION)
            out["_correct"][view], out["_blocks"][view] = [p == y for p, y in zip(pred, td)], finding_keys(Xd, gd)
    # The project's held-out reports and its extra reports (written apart;
    # no shipped model trains on either), one document at a time (the
    # context pass reads a statement's neighbours in its own document).
    for name, folder in (("heldout", HELDOUT), ("extra", EXTRA)):
        if not folder.is_dir() or any(Path(c).resolve() == folder.resolve() for c in corpora):
            continue
        Xh, th, _, gh = training_rows(load_corpora([folder]))
        for view, lines in ((name, False), (f"{name}_lines", True)):
            pred = predict_documents(model, Xh, gh, lines)
            out[f"{view}_accuracy"] = float(np.mean([p == y for p, y in zip(pred, th)]))
            out["_correct"][view], out["_blocks"][view] = [p == y for p, y in zip(pred, th)], finding_keys(Xh, gh)
    return out


def cv_scores(params: dict, corpora, seed: int = 0) -> dict:
    from peelnlp.training.corpus import load_corpora
    from peelnlp.training.train import cross_validate, training_rows

    X, t, a, g = training_rows(load_corpora(corpora))
    m = cross_validate(X, t, a, g, seed=seed, type_params=params)
    return {"cv_accuracy": m["type_accuracy"], "cv_macro_f1": m["type_macro_f1_mission"],
            "cv_lines_accuracy": m["lines_type_accuracy"]}


COLUMNS = ("cv_accuracy", "cv_macro_f1", "cv_lines_accuracy", "dev_accuracy", "dev_macro_f1",
           "dev_lines_accuracy", "dev_lines_macro_f1", "heldout_accuracy", "heldout_lines_accuracy",
           "extra_accuracy", "extra_lines_accuracy")


def run(argv, description: str, configs: dict, cv_scores, dev_scores, columns, default=None) -> int:
    """Score each configuration and print the table (scripts/area_ablation.py runs it too)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--configs", nargs="+", choices=list(configs), default=list(default or configs))
    ap.add_argument("--corpora", nargs="+", default=[str(ROOT / "corpora" / "sample"), str(ROOT / "corpora" / "train")])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--no-cv", action="store_true", help="skip the corpus cross-validation")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    rows = {}
    for name in args.configs:
        started = time.time()
        row = {}
        if not args.no_cv:
            row.update(cv_scores(configs[name], args.corpora))
        row.update(dev_scores(configs[name], args.corpora, args.dev))
        row["seconds"] = round(time.time() - started)
        rows[name] = row
        print(name, json.dumps({k: round(v, 3) for k, v in row.items() if not k.startswith("_")}),
              file=sys.stderr, flush=True)
    differences = _differences(rows)
    if args.json:
        print(json.dumps({name: {k: v for k, v in row.items() if not k.startswith("_")} for name, row in rows.items()}
                         | ({"differences_from_full": differences} if differences else {}), indent=2))
        return 0
    cols = [c for c in columns if any(c in r for r in rows.values())]
    print("| configuration | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for name, row in rows.items():
        print(f"| {name} | " + " | ".join(f"{row[c]:.3f}" if c in row else "" for c in cols) + " |")
    if differences:
        views = list(next(iter(differences.values())))
        from peelnlp.evaluation.evaluate import format_difference

        print("\nDifference from full in accuracy, with its interval (resampling findings)"
              " and the statements gained and lost:\n")
        print("| configuration | " + " | ".join(views) + " |")
        print("|---|" + "---|" * len(views))
        for name, diff in differences.items():
            cells = [format_difference(d) for d in diff.values()]
            print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


def _differences(rows: dict) -> dict:
    """Each configuration's accuracy less the full model's on the same
    statements, per unseen view, with paired bootstrap intervals over findings."""
    from peelnlp.evaluation.metrics import paired_difference

    full = rows.get("full", {}).get("_correct")
    if not full:
        return {}
    out = {}
    for name, row in rows.items():
        if name == "full" or not row.get("_correct"):
            continue
        out[name] = {view: paired_difference(full[view], row["_correct"][view], row["_blocks"][view])
                     for view in full if view in row["_correct"]}
    return out


def main(argv=None) -> int:
    return run(argv, __doc__.splitlines()[0], CONFIGS, cv_scores, dev_scores, COLUMNS,
               default=[c for c in CONFIGS if c != "plus_lexicon" or importlib.util.find_spec("textblob")])


if __name__ == "__main__":
    sys.exit(main())
