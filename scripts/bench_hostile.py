#!/usr/bin/env python
"""Time on hostile text: does the cost grow linearly with the input?

Each pathological string is run through the whole pipeline (with the default
model, reading the string as the ``text`` reader does) at two lengths, N and
2N; the ratio of the two CPU times should be near 2 (linear), not 4
(quadratic). A plain report of the same length is timed beside them, so that
the figures can be compared with ordinary work on the same machine.

Then hostile files (``--files``), each tagged by ``peelnlp tag`` in a fresh
process, with its wall time and peak memory (the process's maximum resident
set) beside those of a plain sample report:

* a 1.5 KB PDF whose one page inflates to ~190,000 characters;
* a 156 KB PDF of 1,000 pages that share one content stream (~2 M characters);
* a 46 MB text file (under the default --max-bytes);
* 6 MB of HTML.

    python scripts/bench_hostile.py [--n 16000] [--model none] [--files]
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
    ap.add_argument("--files", action="store_true", help="also time hostile files in fresh processes")
    args = ap.parse_args(argv)
    if args.files:
        files(args.model)

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


def _run(path: Path, model: str | None) -> tuple[float, float, int, str]:
    """Wall seconds, peak resident MB, exit status and last stderr line of
    ``peelnlp tag PATH`` in a fresh process."""
    import os
    import subprocess

    command = [sys.executable, "-m", "peelnlp", "tag", str(path), "-o", os.devnull, "--format", "jsonl",
               "--no-progress"] + (["--model", model] if model else [])
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in err.splitlines() if line.startswith("error: ")] or err.splitlines()[-1:]
    return time.perf_counter() - started, usage.ru_maxrss / 1024, proc.returncode, (lines or [""])[0]


def files(model: str | None) -> None:
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures.hostile_pdf import hostile_pdf

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cases = {"plain sample report": ROOT / "corpora" / "sample" / "westmarch.txt"}
        hostile_pdf(tmp / "inflates.pdf", pages=1, lines_per_page=3000)
        cases["PDF page inflating"] = tmp / "inflates.pdf"
        hostile_pdf(tmp / "pages.pdf", pages=1000, lines_per_page=40)
        cases["1,000 shared pages"] = tmp / "pages.pdf"
        (tmp / "big.txt").write_text("The force answers calls quickly and well. " * 1_100_000, encoding="utf-8")
        cases["46 MB of text"] = tmp / "big.txt"
        (tmp / "big.html").write_text("<html><body>" + "<div><p>The force answers calls.</p></div>" * 150_000
                                      + "</body></html>", encoding="utf-8")
        cases["6 MB of HTML"] = tmp / "big.html"
        print(f"\n{'file':<22} {'bytes':>10} {'wall s':>7} {'peak MB':>8} status  reason")
        for name, path in cases.items():
            seconds, mb, status, reason = _run(path, model)
            reason = reason.split(": ", 2)[-1] if reason.startswith("error: ") else ""
            print(f"{name:<22} {path.stat().st_size:>10} {seconds:>7.1f} {mb:>8.0f} {status:>6}  {reason[:70]}")


if __name__ == "__main__":
    sys.exit(main())
