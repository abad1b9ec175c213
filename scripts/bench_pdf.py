#!/usr/bin/env python3
"""Time the PDF reader: the best of N reads of each set of PDF files.

    python scripts/bench_pdf.py --print /tmp/pdfs      # print the held-out reports with Chromium
    python scripts/bench_pdf.py /tmp/pdfs/*.pdf         # time reading them (best of 3)

``--print DIR`` writes the held-out reports (``corpora/heldout``) printed by a
headless Chromium in one column and in two (``peelnlp.evaluation.layouts``),
once; timing them is a separate run, so that another checkout's reader can
time the same files (``PYTHONPATH=OTHER_CHECKOUT python scripts/bench_pdf.py
/tmp/pdfs/*.pdf``). pdfminer lays out every page the reader reads, so the
reader's own steps are a small part of the time: compare checkouts
alternately, on the same files.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def print_reports(folder: Path) -> None:
    import json

    from peelnlp.evaluation import layouts

    browser = layouts.find_browser()
    if browser is None:
        raise SystemExit("no chromium on PATH (Debian: apt-get install chromium)")
    folder.mkdir(parents=True, exist_ok=True)
    for gold in sorted((ROOT / "corpora" / "heldout").glob("*.gold.jsonl")):
        rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        name = gold.name.removesuffix(".gold.jsonl")
        layouts.print_pdf(rows, folder / f"{name}.pdf", browser)
        layouts.print_pdf(rows, folder / f"{name}-columns.pdf", browser, layouts.TWO_COLUMNS)
    print(f"wrote {len(list(folder.glob('*.pdf')))} PDFs to {folder}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--print", dest="folder", type=Path, help="write the held-out reports as PDFs here")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if args.folder:
        print_reports(args.folder)
    if not args.pdfs:
        return
    from peelnlp.readers.pdf import read

    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        for path in args.pdfs:
            read(path)
        best = min(best, time.perf_counter() - started)
    print(f"{len(args.pdfs)} PDFs read in {best:.2f} s (best of {args.repeat}), reader from {read.__module__}")


if __name__ == "__main__":
    main()
