#!/usr/bin/env python
"""Benchmark numeric-claim extraction against a gold JSONL file.

Prints precision, recall and statements/second of
``peelnlp.components.numbers.extract_claims`` and, when the optional ``bench``
extra is installed (``pip install -e '.[bench]'``), of quantulum3 on the same
statements, with the speed ratio. Claims are scored by value within each
statement (``peelnlp.evaluation.claims``). Timings exclude imports and
start-up: each extractor is warmed up first, then timed over several full passes
over the statements; the median pass is reported.

    python scripts/bench_numbers.py                       # ../shared/data/peel_dev_gold.jsonl
    python scripts/bench_numbers.py path/to/gold.jsonl --repeats 30 --quantulum-repeats 3
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO.parent / "shared" / "data" / "peel_dev_gold.jsonl"


def time_passes(extract, texts: list[str], repeats: int) -> list[float]:
    """Statements per second of each of ``repeats`` timed passes over ``texts``."""
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for text in texts:
            extract(text)
        rates.append(len(texts) / (time.perf_counter() - t0))
    return rates


def quantulum_extractor(texts: list[str]):
    """``(extract, note)`` for quantulum3, or ``(None, why)`` when it can't run."""
    try:
        from quantulum3 import classifier as q_classifier
        from quantulum3 import parser as q_parser
    except ImportError:
        return None, "quantulum3 is not installed (it is in the optional 'bench' extra: pip install -e '.[bench]')"

    def extract(text: str) -> list[dict]:
        return [{"value": float(q.value), "text": q.surface, "kind": q.unit.entity.name}
                for q in q_parser.parse(text)]

    def warm_up() -> None:  # also checks that its classifier loads
        for text in texts:
            extract(text)

    note = "with its bundled unit classifier"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            warm_up()
        except ModuleNotFoundError as exc:
            # Its classifier was pickled under an older scikit-learn, whose
            # loss module was importable as top-level "_loss"; point that name
            # at the current one and retry.
            if exc.name != "_loss":
                raise
            try:
                import sklearn._loss._loss as sk_loss

                sys.modules.setdefault("_loss", sk_loss)
                warm_up()
                note = "with its bundled unit classifier (pickled under an older scikit-learn; loaded via a module alias)"
            except Exception as exc2:  # noqa: BLE001 - any failure of the pickled model
                q_classifier.USE_CLF = False
                note = f"without its unit classifier (bundled model failed to load: {type(exc2).__name__}: {exc2})"
                warm_up()
    return extract, note


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD), help="gold JSONL (default: %(default)s)")
    ap.add_argument("--repeats", type=int, default=20, help="timed passes for peelnlp (default: %(default)s)")
    ap.add_argument("--quantulum-repeats", type=int, default=3,
                    help="timed passes for quantulum3 (default: %(default)s)")
    ap.add_argument("--no-quantulum", action="store_true", help="skip quantulum3")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = ap.parse_args(argv)

    gold_path = Path(args.gold)
    if not gold_path.exists():
        print(f"gold file not found: {gold_path}", file=sys.stderr)
        return 2

    from peelnlp.components.numbers import extract_claims
    from peelnlp.evaluation.claims import evaluate_extractor
    from peelnlp.evaluation.evaluate import load_gold

    rows = load_gold(gold_path)
    texts = [row["text"] for row in rows]
    n_gold = sum(len(row.get("numeric_claims") or []) for row in rows)
    results: dict = {"gold": str(gold_path), "statements": len(rows), "gold_claims": n_gold}

    extract_claims(texts[0] if texts else "")  # warm-up: compiles the rules
    scores = evaluate_extractor(rows, extract_claims)
    rates = time_passes(extract_claims, texts, args.repeats)
    results["peelnlp"] = {**scores, "statements_per_s": statistics.median(rates),
                          "statements_per_s_best": max(rates), "passes": args.repeats}

    if args.no_quantulum:
        results["quantulum3"] = {"skipped": "--no-quantulum"}
    else:
        q_extract, note = quantulum_extractor(texts)
        if q_extract is None:
            results["quantulum3"] = {"skipped": note}
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                q_scores = evaluate_extractor(rows, q_extract)
                q_rates = time_passes(q_extract, texts, args.quantulum_repeats)
            results["quantulum3"] = {**q_scores, "statements_per_s": statistics.median(q_rates),
                                     "statements_per_s_best": max(q_rates),
                                     "passes": args.quantulum_repeats, "note": note}
            results["speed_ratio"] = results["peelnlp"]["statements_per_s"] / results["quantulum3"]["statements_per_s"]

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"gold: {gold_path} ({len(rows)} statements, {n_gold} gold claims)")
    for name in ("peelnlp", "quantulum3"):
        r = results[name]
        if "skipped" in r:
            print(f"{name:<11} skipped: {r['skipped']}")
            continue
        print(f"{name:<11} precision {r['precision']:.3f}  recall {r['recall']:.3f}  f1 {r['f1']:.3f}  "
              f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})  "
              f"{r['statements_per_s']:,.0f} statements/s (median of {r['passes']} passes)")
        if r.get("note"):
            print(f"{'':<11} {r['note']}")
    if "speed_ratio" in results:
        print(f"speed ratio: peelnlp is {results['speed_ratio']:.0f}x faster than quantulum3")
    return 0


if __name__ == "__main__":
    sys.exit(main())
