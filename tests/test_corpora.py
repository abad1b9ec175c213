"""The project's corpora: valid by the guidelines' format, and in the project's own words.

``scripts/check_corpus.py`` is the checker; these tests run it as a user does.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / "scripts" / "check_corpus.py"
CORPORA = [str(p) for p in sorted((ROOT / "corpora").iterdir()) if p.is_dir()]


def _check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECK), "-q", *args], capture_output=True, text=True)


def test_every_corpus_file_is_valid():
    result = _check(*CORPORA)
    assert result.returncode == 0, result.stdout[-2000:]
    assert " 0 errors" in result.stdout


def test_the_corpora_copy_no_statement_of_the_dev_report(shared_data):
    """The dev report is third-party text: no statement of the corpora (titles
    aside) may stand whole in it or share 12 words in a row with it."""
    result = _check(*CORPORA, "--not-from", str(shared_data / "peel_dev_raw.txt"))
    assert result.returncode == 0, result.stdout[-2000:]


#: the project's own text outside the corpora: code, its data files, docs and tests
_OWN_TEXT = ("README.md", "docs", "peelnlp", "scripts", "tests", "pyproject.toml")


def _own_text_files() -> list[Path]:
    out = []
    for name in _OWN_TEXT:
        path = ROOT / name
        found = [path] if path.is_file() else sorted(path.rglob("*"))
        out += [p for p in found if p.suffix in (".md", ".py", ".json", ".toml", ".txt", ".html")]
    return out


def test_the_projects_code_docs_and_tests_quote_no_run_of_the_dev_report(shared_data):
    """The rule the corpora keep holds for everything else the project wrote:
    no run of 12 words of the dev report, except a run that GUIDELINES.md
    quotes too (its examples of a label, the programme's area names)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_corpus", CHECK)
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    run = 12
    _, dev = check.reference_index((shared_data / "peel_dev_raw.txt").read_text(encoding="utf-8"), run)
    _, quoted = check.reference_index((shared_data / "GUIDELINES.md").read_text(encoding="utf-8"), run)
    dev -= quoted
    copied = []
    for path in _own_text_files():
        w = check.words(path.read_text(encoding="utf-8", errors="replace"))
        hit = next((w[i:i + run] for i in range(len(w) - run + 1) if tuple(w[i:i + run]) in dev), None)
        if hit:
            copied.append(f"{path.relative_to(ROOT)}: {' '.join(hit)}")
    assert not copied, copied


def _gold(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps(
        {"id": i, "text": text, "kind": kind, "type": "other", "area": "general", "grade": None,
         "numeric_claims": []}) + "\n" for i, (kind, text) in enumerate(rows, 1)), encoding="utf-8")
    return path


def test_a_copied_statement_is_found_across_line_and_hyphen_breaks(tmp_path):
    reference = tmp_path / "reference.txt"
    reference.write_text("Overall summary \n\nThe panel met every month and looked at a sample of stop-\n\n"
                         "and-search records chosen at random by its own chair. \n\n12 \n", encoding="utf-8")
    own = _gold(tmp_path / "own.gold.jsonl", [
        ("title", "Overall summary"),
        ("sentence", "Each month a panel reviews stop and search records."),
    ])
    assert _check(str(own), "--not-from", str(reference)).returncode == 0
    run = _gold(tmp_path / "run.gold.jsonl", [
        ("sentence", "Since 2022 the panel met every month and looked at a sample of stop and search records."),
    ])
    result = _check(str(run), "--not-from", str(reference))
    assert result.returncode == 1 and "run.gold.jsonl:1: statement shares 12 words in a row with" in result.stdout
    whole = _gold(tmp_path / "whole.gold.jsonl", [("sentence", "Chosen at random by its own chair.")])
    result = _check(str(whole), "--not-from", str(reference))
    assert result.returncode == 1 and "whole.gold.jsonl:1: statement stands whole in" in result.stdout


def test_an_unreadable_reference_is_one_line_naming_it(tmp_path):
    own = _gold(tmp_path / "own.gold.jsonl", [("sentence", "Each month a panel reviews records.")])
    result = _check(str(own), "--not-from", str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "missing.txt" in result.stderr


def test_score_gold_scores_a_gold_only_corpus_with_a_named_model():
    """scripts/score_gold.py reads gold reports with no text; the shipped
    model tags the samples near their gold, and a model it can't find is a
    one-line error."""
    script = ROOT / "scripts" / "score_gold.py"
    done = subprocess.run([sys.executable, str(script), str(ROOT / "corpora" / "sample"), "--model", "peel"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    head, line = done.stdout.strip().splitlines()
    assert head.endswith("in 5 documents")
    name, figures = line.split(": ", 1)
    assert name.startswith("peel@")
    typed, lines = (float(part.split()[-1]) for part in figures.split(", "))
    assert typed >= 0.95 and lines >= 0.9
    twice = subprocess.run([sys.executable, str(script), str(ROOT / "corpora" / "sample"), "--model", "peel",
                            "--model", "peel-open"], capture_output=True, text=True)
    assert twice.returncode == 0, twice.stderr[-2000:]
    second = twice.stdout.strip().splitlines()[2]
    assert second.startswith("peel-open@") and "; less peel@" in second and "95% interval" in second
    missing = subprocess.run([sys.executable, str(script), str(ROOT / "corpora" / "sample"), "--model", "nope"],
                             capture_output=True, text=True)
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1 and "'nope' not found" in missing.stderr
