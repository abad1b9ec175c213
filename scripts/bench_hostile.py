#!/usr/bin/env python
"""Time on hostile text: does the cost grow linearly with the input?

Each pathological string is run through the whole pipeline (with the default
model, reading the string as the ``text`` reader does) at two lengths, N and
2N; the ratio of the two CPU times should be near 2 (linear), not 4
(quadratic). A plain report of the same length is timed beside them, so that
the figures can be compared with ordinary work on the same machine.

    python scripts/bench_hostile.py [--n 16000] [--model none]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASES = {
    "open brackets": "(",
    "full stops": ".",
    "numbers": "1 ",
    "counts of things": "1 cases 2 ",
    "one long word": "a",
    "dots and letters": "a.b",
}


def cpu(nlp, text: str) -> float:
    started = time.process_time()
    nlp(text)
    return time.process_time() - started


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=16000, help="characters of the shorter input (about)")
    ap.add_argument("--model", default=None, help="NAME[@VERSION] or 'none' (default: newest shipped)")
    args = ap.parse_args(argv)

    import peelnlp

    nlp = peelnlp.load(args.model)
    nlp.max_length = max(nlp.max_length, 4 * args.n)
    sample = (ROOT / "corpora" / "sample" / "westmarch.txt").read_text(encoding="utf-8")
    cpu(nlp, sample)  # warm up
    report = (sample * (args.n // len(sample) + 1))[:args.n]
    base = cpu(nlp, report)
    print(f"a plain report of {len(report)} characters: {base:.3f} s")
    print(f"{'input':<18} {'N chars':>8} {'time N':>8} {'time 2N':>8} {'2N / N':>7}")
    worst = 0.0
    for name, unit in CASES.items():
        text = unit * (args.n // len(unit))
        one, two = cpu(nlp, text), cpu(nlp, text * 2)
        ratio = two / one if one > 0 else float("nan")
        worst = max(worst, two)
        print(f"{name:<18} {len(text):>8} {one:>8.3f} {two:>8.3f} {ratio:>7.2f}")
    print(f"largest time: {worst:.3f} s for {2 * args.n} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
