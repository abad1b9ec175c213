#!/usr/bin/env python3
"""Type accuracy of shipped or trained models on gold reports that have no text.

A gold file alone (``corpora/extra``, ``corpora/train``) has no ``.txt`` for
``peelnlp evaluate`` to tag, so each report's statements are read as the
models see them at training time (``training_rows``: layout from the gold's
titles and headings), predicted a report at a time, as structured text and as
the lines reader's view. Titles are not scored.

    python scripts/score_gold.py corpora/extra --model peel-open@3.15.0 --model peel-open@3.14.1
    python scripts/score_gold.py corpora/extra --models-dir /tmp/m1 --model peel-open

With more than one ``--model``, each after the first also gets its accuracy
less the first's on the same statements, with a 95 percent paired bootstrap
interval over findings (``peelnlp.evaluation.metrics.paired_difference``).
"""
from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+", help="gold files or folders of them")
    ap.add_argument("--model", action="append", required=True, help="NAME or NAME@VERSION; repeat to compare")
    ap.add_argument("--models-dir", help="a registry folder other than the shipped models")
    args = ap.parse_args(argv)

    import numpy as np

    from peelnlp.learn.estimators import TypeClassifier
    from peelnlp.registry import ModelError, resolve
    from peelnlp.evaluation.evaluate import format_difference
    from peelnlp.evaluation.metrics import paired_difference
    from peelnlp.training.corpus import load_corpora
    from peelnlp.training.train import finding_keys, predict_documents, training_rows

    X, types, _, groups = training_rows(load_corpora(args.corpora))
    rows = [i for i, t in enumerate(types) if t is not None]
    gold = np.array([types[i] for i in rows], dtype=object)
    print(f"{len(rows)} statements in {len(set(groups.tolist()))} documents")
    keys = finding_keys(X, groups)
    blocks = [keys[i] for i in rows]
    first = None
    for spec in args.model:
        try:
            entry = resolve(spec, args.models_dir)
            entry.verify()  # the recorded hashes, as the pipeline checks them before loading
        except ModelError as exc:
            print(f"score_gold: {exc}", file=sys.stderr)
            return 2
        model = TypeClassifier.load(entry.path / "type")
        right = [np.array(predict_documents(model, X, groups, lines), dtype=object)[rows] == gold
                 for lines in (False, True)]
        line = f"{entry.name}@{entry.version}: type {right[0].mean():.4f}, lines {right[1].mean():.4f}"
        if first is None:
            first = (f"{entry.name}@{entry.version}", right)
        else:
            # the difference from the first model, paired over the same findings
            diffs = [paired_difference(a.tolist(), b.tolist(), blocks) for a, b in zip(first[1], right)]
            line += "; less " + first[0] + ": " + ", ".join(
                f"{what} {format_difference(d)}" for what, d in zip(("type", "lines"), diffs))
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
