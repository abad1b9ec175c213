#!/usr/bin/env python
"""Fingerprint peelnlp's output, so a refactoring can prove it changed nothing.

Tags a fixed set of inputs with ``peelnlp tag`` (the default model of the
checkout's own ``models/`` and ``--model none``, in every reader that applies) and scores two reports with
``peelnlp evaluate``; writes one SHA-256 per document of its records (and per
evaluation of its printed report) to a JSON file; the records themselves go to
``--work`` (under /tmp by default) for diffing. ``--compare`` checks a new run
against a saved snapshot and exits 1 on any difference.

    python scripts/records_snapshot.py -o /tmp/before.json
    # ... change the code ...
    python scripts/records_snapshot.py --compare /tmp/before.json

Inputs:

* ``corpora/sample`` and ``corpora/heldout`` (PDF-extracted text; the held-out
  ``.txt`` files also through the lines reader);
* ``../shared/data/peel_dev_raw.txt`` (or in ``$PEELNLP_SHARED_DATA``) when present (it is read in place; its
  text never enters the repository);
* made here, in ``--work``: the tests' mini report as text, HTML and PDF, and
  every sample report as a PDF (one text line a PDF line, a new page at each
  page-number line; fpdf2) and as HTML (from its gold file), so the PDF and
  HTML readers are covered on more than one document.

Both ``--workers 1`` and ``--workers 2`` are run on the samples, so the worker
pool's output order is covered too.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: the third-party dev report (``--shared`` to name another folder)
SHARED = Path(os.environ.get("PEELNLP_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEV_RAW = SHARED / "peel_dev_raw.txt"
DEV_GOLD = SHARED / "peel_dev_gold.jsonl"


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _peelnlp(*args: str) -> subprocess.CompletedProcess:
    # The checkout's own models/ (an installed peelnlp's shipped models may be another checkout's).
    return subprocess.run([sys.executable, "-m", "peelnlp.cli", *args, "--models-dir", "models"], cwd=ROOT, env=_env(),
                          capture_output=True, text=True)


def make_inputs(work: Path) -> dict[str, Path]:
    """Render the generated inputs (once: they are kept in ``work``)."""
    made = work / "inputs"
    folders = {"mini": made / "mini", "pdf": made / "pdf", "html": made / "html"}
    if (made / "done").is_file():
        return folders
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures import mini_report

    from peelnlp.evaluation import layouts

    mini_report.render_text(folders["mini"] / "report.txt")
    mini_report.render_html(folders["mini"] / "report.html")
    mini_report.render_pdf(folders["mini"] / "report.pdf")
    for txt in sorted((ROOT / "corpora" / "sample").glob("*.txt")):
        layouts.plain_pdf(txt.read_text(encoding="utf-8"), folders["pdf"] / f"{txt.stem}.pdf")
        _gold_html(txt.parent / f"{txt.stem}.gold.jsonl", folders["html"] / f"{txt.stem}.html")
    (made / "done").write_text("ok\n")
    return folders


def _gold_html(gold: Path, out: Path) -> None:
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>report</title></head><body>"]
    for line in gold.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = html.escape(row["text"])
        if row["kind"] == "title":
            parts.append(f"<h2>{text}</h2>")
        elif row["kind"] == "finding_heading":
            parts.append(f"<h4>{text}</h4>")
        elif row["kind"] == "list_item":
            parts.append(f"<ul><li>{text}</li></ul>")
        else:
            parts.append(f"<p>{text}</p>")
    parts.append("</body></html>")
    out.write_text("\n".join(parts), encoding="utf-8")


def runs(folders: dict[str, Path]) -> list[tuple[str, list[str]]]:
    # Paths relative to the repository (the runs start there), so that two checkouts compare equal.
    heldout_txt = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "corpora" / "heldout").glob("*.txt"))
    inputs = [
        ("sample", ["corpora/sample"]),
        ("heldout", ["corpora/heldout"]),
        ("heldout-lines", ["--input-format", "lines", *heldout_txt]),
        ("mini", [str(folders["mini"])]),
        ("sample-pdf", [str(folders["pdf"])]),
        ("sample-html", [str(folders["html"])]),
    ]
    if DEV_RAW.is_file():
        inputs += [("dev", [str(DEV_RAW)]), ("dev-lines", ["--input-format", "lines", str(DEV_RAW)])]
    out = []
    for model in ("default", "none"):
        for name, args in inputs:
            extra = [] if model == "default" else ["--model", "none"]
            out.append((f"{name}@{model}", [*args, *extra, "--workers", "1"]))
    out.append(("sample@default/2-workers", ["corpora/sample", "--workers", "2"]))
    return out


def evaluations() -> list[tuple[str, list[str]]]:
    out = [("evaluate westmarch", ["corpora/sample/westmarch.gold.jsonl", "corpora/sample/westmarch.txt"]),
           ("evaluate westmarch --json", ["corpora/sample/westmarch.gold.jsonl", "corpora/sample/westmarch.txt",
                                          "--json"])]
    if DEV_RAW.is_file() and DEV_GOLD.is_file():
        out += [("evaluate dev", [str(DEV_GOLD), str(DEV_RAW)]),
                ("evaluate dev --json", [str(DEV_GOLD), str(DEV_RAW), "--json"])]
    return out


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot(work: Path) -> dict:
    folders = make_inputs(work)
    result: dict[str, dict] = {}
    for name, args in runs(folders):
        out = work / (name.replace("/", "_") + ".jsonl")
        proc = _peelnlp("tag", *args, "-o", str(out), "--no-progress")
        if proc.returncode != 0:
            result[name] = {"__error__": f"exit {proc.returncode}: {proc.stderr.strip()[-400:]}"}
            continue
        per_doc: dict[str, list[str]] = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            per_doc.setdefault(json.loads(line)["doc"], []).append(line)
        result[name] = {doc: _sha("\n".join(lines)) for doc, lines in per_doc.items()}
        result[name]["__order__"] = _sha("\n".join(per_doc))
        print(f"{name}: {len(per_doc)} documents, "
              f"{sum(len(v) for v in per_doc.values())} records", file=sys.stderr)
    for name, args in evaluations():
        proc = _peelnlp("evaluate", *args)
        (work / (name.replace(" ", "_") + ".txt")).write_text(proc.stdout)
        result[name] = {"stdout": _sha(proc.stdout), "exit": proc.returncode}
        print(f"{name}: exit {proc.returncode}", file=sys.stderr)
    return result


def compare(old: dict, new: dict) -> list[str]:
    problems = []
    for run in sorted(set(old) | set(new)):
        if run not in new or run not in old:
            problems.append(f"{run}: only in {'the old' if run in old else 'the new'} snapshot")
            continue
        for doc in sorted(set(old[run]) | set(new[run])):
            if old[run].get(doc) != new[run].get(doc):
                problems.append(f"{run}: {doc} differs")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", help="write the snapshot (JSON) here")
    ap.add_argument("--compare", help="a saved snapshot to compare this run with")
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "peelnlp_records_snapshot"),
                    help="folder for the generated inputs and the records (default: %(default)s)")
    args = ap.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    snap = snapshot(work)
    if args.output:
        Path(args.output).write_text(json.dumps(snap, indent=1, sort_keys=True) + "\n")
    errors = [f"{run}: {v['__error__']}" for run, v in snap.items() if "__error__" in v]
    for e in errors:
        print(e, file=sys.stderr)
    if args.compare:
        problems = compare(json.loads(Path(args.compare).read_text()), snap)
        for p in problems:
            print(p)
        print(f"{'DIFFERENT' if problems else 'same'}: {sum(len(v) for v in snap.values())} fingerprints "
              f"compared with {args.compare}")
        return 1 if problems else 0
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
