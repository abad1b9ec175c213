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
