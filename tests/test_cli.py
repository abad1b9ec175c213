"""The command line and the Python API: output contract and exit status."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import peelnlp
from peelnlp.cli import main
from peelnlp.records import FIELDS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample" / "westmarch.txt"
REQUIRED = {"doc", "index", "text", "start", "end", "kind", "section", "box", "type", "type_score",
            "area", "grade", "numeric_claims"}


def test_tag_writes_one_record_per_statement_to_stdout(capsys):
    assert main(["tag", str(SAMPLE), "--no-progress"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records and REQUIRED <= set(records[0])
    assert [r["index"] for r in records] == list(range(len(records)))
    assert all(r["doc"] == str(SAMPLE) for r in records)
    assert {r["kind"] for r in records} >= {"title", "finding_heading", "sentence"}
    graded = [r for r in records if r["grade"]]
    assert graded and all(r["area"] for r in graded)
    claims = [c for r in records for c in r["numeric_claims"]]
    assert claims and all({"text", "start", "end", "value", "kind"} <= set(c) for c in claims)
    for r in records:
        for c in r["numeric_claims"]:
            assert r["text"][c["start"]:c["end"]] == c["text"]


def test_offsets_index_the_cleaned_text():
    from peelnlp.readers import read

    source = read(SAMPLE)
    for r in peelnlp.tag(SAMPLE):
        assert source.text[r["start"]:r["end"]] == r["text"]


def test_api_yields_records_with_types_from_shipped_model():
    records = list(peelnlp.tag([SAMPLE]))
    assert set(FIELDS) <= set(records[0])
    scored = [r for r in records if r["kind"] != "title"]
    assert all(r["type"] in {"strength", "area_for_improvement", "cause_of_concern", "innovative_practice",
                             "other"} for r in scored)


def test_csv_output_and_folder_input(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["tag", str(ROOT / "corpora" / "sample"), "-o", str(out), "--no-progress"]) == 0
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    docs = {r["doc"] for r in rows}
    assert len(docs) == len(list((ROOT / "corpora" / "sample").glob("*.txt")))
    json.loads(rows[0]["numeric_claims"])


def test_failed_document_is_reported_and_others_tagged(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(good), str(bad), "-o", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if "broken.pdf" in ln]
    assert len(lines) == 1
    assert {json.loads(ln)["doc"] for ln in out.read_text().splitlines()} == {str(good)}


@pytest.mark.parametrize("argv", [
    ["tag"],
    ["tag", "x.txt", "--input-format", "rtf"],
    ["tag", "x.txt", "--format", "parquet"],
    ["bogus"],
    [],
])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        sys.exit(main(argv))
    assert exc.value.code == 2


def test_unknown_model_is_a_usage_error(capsys):
    assert main(["tag", str(SAMPLE), "--model", "nope@1.0.0"]) == 2
    assert "nope" in capsys.readouterr().err


def test_console_script_exit_status(tmp_path):
    missing = tmp_path / "missing.txt"
    proc = subprocess.run([sys.executable, "-m", "peelnlp.cli", "tag", str(missing)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert str(missing) in proc.stderr


# -- user mistakes: one line each, the documented exit status ---------------------

def _run(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "peelnlp", *args], capture_output=True, text=True, **kwargs)


def test_unknown_framework_is_a_usage_error_and_help_lists_frameworks():
    proc = _run("tag", str(SAMPLE), "--framework", "nope", "--model", "none")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "peel_2021_22" in proc.stderr
    assert "peel_2023_25" in _run("tag", "--help").stdout


def test_output_extension_that_names_no_format_is_refused(tmp_path):
    proc = _run("tag", str(SAMPLE), "-o", str(tmp_path / "x.xlsx"), "--model", "none")
    assert proc.returncode == 2 and ".jsonl" in proc.stderr and not (tmp_path / "x.xlsx").exists()


def test_folder_without_reports_and_unsupported_files_fail_in_one_line(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "readme.md").write_text("not a report")
    word = tmp_path / "report.doc"  # Word 97-2003: an OLE compound file
    word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    proc = _run("tag", str(folder), str(word), str(SAMPLE), "--model", "none")
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert "no reports in this folder" in errors[0] and "unsupported format" in errors[1]
    assert proc.stderr.strip().splitlines()[-1].startswith("peelnlp: 1 document tagged, 2 failed")
    assert proc.stdout.strip()  # the good report is still tagged


def test_closed_output_pipe_ends_quietly():
    """`peelnlp evaluate ... --json | head`: the reader has gone before we write."""
    import os

    gold = ROOT / "corpora" / "sample" / "westmarch.gold.jsonl"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([sys.executable, "-m", "peelnlp", "evaluate", str(gold), str(SAMPLE), "--json"],
                              stdout=write_end, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)
    assert proc.returncode == 141, proc.stderr
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


@pytest.mark.parametrize("name, fmt", [("westmarch.md", []), ("westmarch.txt", ["--input-format", "markdown"]),
                                       ("westmarch.docx", []), ("westmarch", []),
                                       ("westmarch.bin", ["--input-format", "docx"])])
def test_a_markdown_or_word_report_tags_as_its_text_does(tmp_path, capsys, name, fmt):
    """The sample report as a PDF-to-Markdown converter writes it, or as a
    Word document, found by its extension, by its content (a .docx with no
    extension) or named by --input-format, gives the records of its text."""
    from peelnlp.evaluation import layouts
    from peelnlp.evaluation.evaluate import load_gold

    path = tmp_path / name
    rows = load_gold(SAMPLE.with_suffix(".gold.jsonl"))
    if name.startswith("westmarch.") and name.endswith((".md", ".txt")):
        path.write_text(layouts.as_markdown(rows), encoding="utf-8")
    else:
        layouts.as_docx(rows, path)
    keep = ("text", "kind", "section", "box", "type", "area", "grade")
    assert main(["tag", str(SAMPLE), "--no-progress"]) == 0
    plain = [[r[k] for k in keep] for r in map(json.loads, capsys.readouterr().out.splitlines())]
    assert main(["tag", str(path), "--no-progress", *fmt]) == 0
    assert [[r[k] for k in keep] for r in map(json.loads, capsys.readouterr().out.splitlines())] == plain
