"""Held-out figures on a gold report, cross-validated by section.

Each section of GOLD is held out in turn; the type and area models are
trained on the other sections plus the extra corpora (default: the project's
own corpora/), then scored on the held-out section: type accuracy, macro-F1
over the four mission classes, type accuracy on the same statements as bare
lines, and area accuracy (titles excluded, as the guidelines say).

    python scripts/crossval_dev.py ../shared/data/peel_dev_gold.jsonl [CORPUS...] [--json] [--errors]
    python scripts/crossval_dev.py GOLD --save base.json        # keep each statement's result
    python scripts/crossval_dev.py GOLD corpora/sample corpora/train corpora/extra --against base.json

``--against`` gives this run's accuracy less a saved run's on the same
statements, with a 95 percent paired bootstrap interval that resamples the
report's findings (``peelnlp.evaluation.metrics.paired_difference``).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    from peelnlp.training.corpus import load_corpora
    from peelnlp.training.train import MISSION, _fit, _macro_f1, finding_keys, training_rows
    from peelnlp.learn.estimators import AreaClassifier, TypeClassifier
    from peelnlp.learn.features import scored_lines

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("corpora", nargs="*", default=[str(ROOT / "corpora" / "sample"), str(ROOT / "corpora" / "train")])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true",
                    help="also list each held-out statement typed or placed wrongly (to stderr)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--gold-weight", type=float, default=1.0,
                    help="weight of the gold report's own training statements (real text) against the corpora's")
    ap.add_argument("--type-params", type=json.loads, default={}, metavar="JSON",
                    help='TypeClassifier parameters, e.g. \'{"context": false}\'')
    ap.add_argument("--save", type=Path, metavar="JSON", help="write each statement's results and finding here")
    ap.add_argument("--against", type=Path, metavar="JSON", help="a --save of another run: the paired differences")
    args = ap.parse_args(argv)

    gold_doc = load_corpora([args.gold])[0]
    extra = load_corpora(args.corpora)
    Xg, tg, ag, _ = training_rows([gold_doc])
    Xe, te, ae, ge = training_rows(extra)
    sections = np.array([x.section or "(none)" for x in Xg])
    pred_t = np.empty(len(Xg), dtype=object)
    pred_l = np.empty(len(Xg), dtype=object)
    pred_a = np.empty(len(Xg), dtype=object)
    for section in sorted(set(sections)):
        test = np.flatnonzero(sections == section)
        train = np.flatnonzero(sections != section)
        X = [Xg[i] for i in train] + Xe
        groups = [-1] * len(train) + list(ge)  # the gold report's other sections are one document
        weights = [args.gold_weight] * len(train) + [1.0] * len(Xe)
        tm = _fit(TypeClassifier(**{"random_state": args.seed, "calibrate": False, **args.type_params}), X, [tg[i] for i in train] + te, groups,
                  weights)
        am = _fit(AreaClassifier(random_state=args.seed, calibrate=False), X, [ag[i] for i in train] + ae, groups,
                  weights)
        held = [Xg[i] for i in test]
        pred_t[test] = tm.predict(held)
        pred_l[test] = tm.predict(scored_lines(held))
        pred_a[test] = am.predict(held)
    result = {
        "statements": len(Xg),
        "sections": len(set(sections)),
        "type_accuracy": float(np.mean(pred_t == np.array(tg, dtype=object))),
        "type_macro_f1_mission": _macro_f1(tg, list(pred_t), MISSION),
        "lines_type_accuracy": float(np.mean(pred_l == np.array(tg, dtype=object))),
        "area_accuracy": float(np.mean(pred_a == np.array(ag, dtype=object))),
    }
    kept = {"blocks": [list(k) for k in finding_keys(Xg, [0] * len(Xg))],
            "type": [bool(p == y) for p, y in zip(pred_t, tg)], "lines": [bool(p == y) for p, y in zip(pred_l, tg)],
            "area": [bool(p == y) for p, y in zip(pred_a, ag)]}
    if args.save:
        args.save.write_text(json.dumps(kept), encoding="utf-8")
    if args.against:
        from peelnlp.evaluation.evaluate import format_difference
        from peelnlp.evaluation.metrics import paired_difference

        base = json.loads(args.against.read_text(encoding="utf-8"))
        if base["blocks"] != kept["blocks"]:
            raise SystemExit(f"{args.against}: saved from other statements than these")
        blocks = [tuple(b) for b in kept["blocks"]]
        result["against"] = {k: paired_difference(base[k], kept[k], blocks) for k in ("type", "lines", "area")}
    if args.errors:
        for i, x in enumerate(Xg):
            wrong = [f"{what} {gold}->{pred}" for what, gold, pred in
                     (("type", tg[i], pred_t[i]), ("lines", tg[i], pred_l[i]), ("area", ag[i], pred_a[i]))
                     if gold != pred]
            if wrong:
                print(f"[{i}] {sections[i]} | {'; '.join(wrong)} | {x.text[:100]}", file=sys.stderr)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            if k == "against":
                for what, d in v.items():
                    print(f"{what + ' less ' + args.against.name:<24} {format_difference(d)}")
                continue
            print(f"{k:<24} {v:.3f}" if isinstance(v, float) else f"{k:<24} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
