#!/usr/bin/env python3
"""What the review loop is worth: a learning curve, simulated on the corpus.

For each seed the documents of ``corpora/train`` are split, whole, into
three parts:

* **held out** (``--test`` documents): only ever scored;
* **base** (``--base`` documents): the gold the first model is trained on;
* **pool** (the rest): reports a user brings, their gold labels hidden.

The base model tags the pool; N statements of it are "reviewed" (their gold
labels stand in for the person's corrections), chosen either by the review
strategy (``peelnlp.review.select.select``, exactly as ``peelnlp review``
chooses) or at random among the same candidates (non-title statements). The
model is then retrained as ``peelnlp train`` would on the imported corpus:
base documents, plus every pool document with at least one reviewed
statement, its reviewed statements at weight 1 and the others with the base
model's labels at ``--unreviewed-weight`` (the ``train`` default, 0.3).
Type accuracy is measured on the held-out documents' non-title statements.

To run in minutes, the type model is a faster configuration than the
shipped one: no calibration folds (``calibrate=False``), no layout-dropout
copies (``structure_dropout=False``), no context stage, 2**16 hashed
features. The selection reads its ``type_score`` (the top class's
probability), as the command reads the shipped model's.

    python scripts/review_curve.py --seeds 0 1 2 --png docs/review_curve.png
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from peelnlp.review.select import CLASS_WEIGHT, DOC_WEIGHT, SECTION_WEIGHT

ROOT = Path(__file__).resolve().parents[1]
BUDGETS = (0, 50, 100, 200, 400)
PARAMS = {"calibrate": False, "structure_dropout": False, "context": False, "n_features": 2 ** 16}


def _predict(model, X, groups, rows, how: str = "score") -> tuple[list[str], np.ndarray]:
    """Labels and confidence of ``rows`` (whole documents, in order): the top
    class's probability (``score``, the records' type_score) or the margin
    between the top two (``margin``)."""
    from peelnlp.learn.linear import _runs

    labels, scores = [], []
    for a, b in _runs(groups[rows]):
        proba = model.predict_proba([X[i] for i in rows[a:b]])
        best = proba.argmax(axis=1)
        labels += [str(model.classes_[k]) for k in best]
        top2 = np.sort(proba, axis=1)[:, -2:]
        scores += (top2[:, 1] if how == "score" else top2[:, 1] - top2[:, 0]).tolist()
    return labels, np.asarray(scores)


def _fit(X, y, groups, rows, weights, seed):
    from peelnlp.learn.estimators import TypeClassifier

    w = None if np.all(weights == 1) else weights.tolist()
    return TypeClassifier(random_state=seed, **PARAMS).fit([X[i] for i in rows], [y[i] for i in rows],
                                                            sample_weight=w, groups=groups[rows])


def run_seed(seed: int, X, types, groups, n_docs: int, args) -> dict:
    from peelnlp.review.select import select

    rng = np.random.default_rng(seed)
    order = rng.permutation(n_docs)
    test_docs, base_docs, pool_docs = order[:args.test], order[args.test:args.test + args.base], \
        order[args.test + args.base:]

    def rows_of(docs):
        return np.flatnonzero(np.isin(groups, np.sort(docs)))

    test, base, pool = rows_of(test_docs), rows_of(base_docs), rows_of(pool_docs)
    gold_test = [types[i] for i in test]

    def accuracy(model) -> float:
        pred, _ = _predict(model, X, groups, test)
        return float(np.mean([p == g for p, g in zip(pred, gold_test)]))

    base_model = _fit(X, types, groups, base, np.ones(len(base)), seed)
    predicted, score = _predict(base_model, X, groups, pool, args.confidence)
    records = [{"doc": int(groups[i]), "kind": X[i].kind, "section": X[i].section, "type": predicted[k],
                "type_score": float(score[k])} for k, i in enumerate(pool)]
    out = {"seed": seed, "base": accuracy(base_model), "strategy": {}, "random": {},
           "pool_errors": float(np.mean([p != types[i] for p, i in zip(predicted, pool)]))}
    candidates = [k for k, r in enumerate(records) if r["kind"] != "title"]
    for budget in [b for b in args.budgets if b > 0]:
        picks = {"strategy": select(records, budget, *args.weights),
                 "random": list(rng.choice(candidates, size=min(budget, len(candidates)), replace=False))}
        for name, chosen in picks.items():
            reviewed = np.zeros(len(pool), dtype=bool)
            reviewed[chosen] = True
            # Pool documents with a reviewed statement enter training whole (as import-review writes them).
            docs_in = np.isin(groups[pool], np.unique(groups[pool][reviewed]))
            rows = np.concatenate([base, pool[docs_in]])
            order_rows = np.argsort(rows, kind="stable")  # documents contiguous, in corpus order
            rows = rows[order_rows]
            labels = list(types)
            weights = {i: 1.0 for i in base}
            for k in np.flatnonzero(docs_in):
                i = pool[k]
                if not reviewed[k]:
                    labels[i] = predicted[k]  # the model's label, as import-review keeps it
                weights[i] = 1.0 if reviewed[k] else args.unreviewed_weight
            w = np.array([weights[i] for i in rows])
            keep = w > 0
            model = _fit(X, labels, groups, rows[keep], w[keep], seed)
            out[name][budget] = {"accuracy": accuracy(model),
                                 "errors_fixed": int(sum(predicted[k] != types[pool[k]] for k in chosen)),
                                 "documents": int(len(np.unique(groups[pool][reviewed])))}
    return out


def summarise(runs: list[dict], budgets) -> list[dict]:
    table = []
    for b in budgets:
        if b == 0:
            base = [r["base"] for r in runs]
            table.append({"budget": 0, "strategy": np.mean(base), "random": np.mean(base), "gain": 0.0,
                          "wins": None, "strategy_sd": np.std(base), "random_sd": np.std(base),
                          "fixed_strategy": 0, "fixed_random": 0})
            continue
        s = np.array([r["strategy"][b]["accuracy"] for r in runs])
        q = np.array([r["random"][b]["accuracy"] for r in runs])
        table.append({"budget": b, "strategy": s.mean(), "random": q.mean(), "gain": (s - q).mean(),
                      "wins": int(np.sum(s > q)), "strategy_sd": s.std(), "random_sd": q.std(),
                      "fixed_strategy": np.mean([r["strategy"][b]["errors_fixed"] for r in runs]),
                      "fixed_random": np.mean([r["random"][b]["errors_fixed"] for r in runs])})
    return table


def markdown(table, n_seeds: int) -> str:
    lines = ["| corrected statements | review strategy | random | strategy - random (points) | seeds won "
             "| model errors among them (strategy / random) |",
             "|---:|---:|---:|---:|---:|---:|"]
    for row in table:
        won = "-" if row["wins"] is None else f"{row['wins']}/{n_seeds}"
        lines.append(f"| {row['budget']} | {row['strategy']:.3f} | {row['random']:.3f} | "
                     f"{100 * row['gain']:+.1f} | {won} | {row['fixed_strategy']:.0f} / {row['fixed_random']:.0f} |")
    return "\n".join(lines)


def plot(table, runs, path: Path, title: str) -> None:
    """Left: mean held-out accuracy by budget. Right: the paired gain of the
    strategy over random selection (same seed, same split), each seed a dot:
    the splits differ far more between seeds than the two selections do."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    budgets = [r["budget"] for r in table]
    fig, (ax, gx) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=110)
    for key, label, style in (("strategy", "review strategy (peelnlp review)", "o-"),
                              ("random", "random statements", "s--")):
        ax.plot(budgets, [100 * r[key] for r in table], style, label=label)
    ax.set_xlabel("statements corrected by the reviewer")
    ax.set_ylabel("type accuracy on held-out documents (%)")
    ax.set_title("mean over seeds", fontsize=10)
    gains = np.array([[0.0] * len(runs)] + [[100 * (r["strategy"][b]["accuracy"] - r["random"][b]["accuracy"])
                                             for r in runs] for b in budgets[1:]])
    for k, b in enumerate(budgets):
        gx.plot([b] * len(runs), gains[k], ".", color="grey", alpha=0.6)
    gx.plot(budgets, gains.mean(axis=1), "o-", color="C0", label="mean (dots: one seed each)")
    gx.axhline(0, color="black", lw=0.8)
    gx.set_xlabel("statements corrected by the reviewer")
    gx.set_ylabel("strategy minus random (accuracy points)")
    gx.set_title("paired gain over random selection", fontsize=10)
    for a in (ax, gx):
        a.set_xticks(budgets)
        a.grid(alpha=0.3)
        a.legend(loc="upper left", fontsize=9)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpora", nargs="+", default=[str(ROOT / "corpora" / "train")])
    p.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    p.add_argument("--budgets", nargs="+", type=int, default=list(BUDGETS))
    p.add_argument("--test", type=int, default=16, help="held-out documents per seed")
    p.add_argument("--base", type=int, default=8, help="documents the first model is trained on")
    p.add_argument("--unreviewed-weight", type=float, default=0.3)
    p.add_argument("--weights", nargs=3, type=float, metavar=("DOC", "SECTION", "CLASS"),
                   default=[DOC_WEIGHT, SECTION_WEIGHT, CLASS_WEIGHT],
                   help="the selection's diversity weights (default: those of peelnlp review)")
    p.add_argument("--confidence", choices=["score", "margin"], default="score",
                   help="what the selection ranks by: type_score (as peelnlp review) or the top-two margin")
    p.add_argument("--jobs", type=int, default=2, help="seeds run in parallel")
    p.add_argument("--png", type=Path, default=None, help="draw the curve here")
    p.add_argument("--json", type=Path, default=None, help="write every run's figures here")
    p.add_argument("--replot", type=Path, default=None, metavar="JSON",
                   help="draw --png from the figures a --json run wrote, without rerunning")
    args = p.parse_args(argv)

    if args.replot:
        saved = json.loads(args.replot.read_text())
        runs = [{**r, "strategy": {int(k): v for k, v in r["strategy"].items()},
                 "random": {int(k): v for k, v in r["random"].items()}} for r in saved["runs"]]
        table = summarise(runs, args.budgets)
        print(markdown(table, len(runs)))
        if args.png:
            plot(table, runs, args.png, saved["title"])
        return 0

    from joblib import Parallel, delayed

    from peelnlp.training.corpus import load_corpora
    from peelnlp.training.train import training_rows

    started = time.time()
    docs = load_corpora(args.corpora)
    X, types, _, groups = training_rows(docs)
    print(f"{len(docs)} documents, {len(X)} statements; {args.test} held out, {args.base} base, "
          f"{len(docs) - args.test - args.base} in the pool", file=sys.stderr)
    runs = Parallel(n_jobs=min(args.jobs, len(args.seeds)))(
        delayed(run_seed)(seed, X, types, groups, len(docs), args) for seed in args.seeds)
    table = summarise(runs, args.budgets)
    print(markdown(table, len(runs)))
    print(f"({len(runs)} seeds, {time.time() - started:.0f} s)", file=sys.stderr)
    title = (f"Review loop simulated on {len(docs)} corpus documents ({args.base} base, {args.test} held out, "
             f"the rest a pool), {len(runs)} seeds")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "title": title,
                                         "args": {k: str(v) for k, v in vars(args).items()}}, indent=1) + "\n")
    if args.png:
        plot(table, runs, args.png, title)
    return 0


if __name__ == "__main__":
    sys.exit(main())
