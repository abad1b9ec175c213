"""peelnlp summarize without a browser: inputs in every records format,
reports tagged first, bad input reported in one line, escaping, the CSVs."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from peelnlp.cli import main
from peelnlp.summary import summarize
from peelnlp.summary.load import read_records

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"


@pytest.fixture(scope="module")
def records(structure_nlp):
    import peelnlp

    return list(peelnlp.tag([SAMPLE / "aldermoor.txt", SAMPLE / "fenmoor_fire.txt"], nlp=structure_nlp))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_records_read_back_from_every_format_tag_writes(records, tmp_path, fmt):
    out = tmp_path / f"r.{fmt}"
    assert main(["tag", str(SAMPLE / "aldermoor.txt"), str(SAMPLE / "fenmoor_fire.txt"), "--model", "none",
                 "-o", str(out), "--no-progress"]) == 0
    back = read_records(out)
    assert [{k: r[k] for k in r if k != "doc"} for r in back] == \
        [{k: r[k] for k in r if k != "doc"} for r in json.loads(json.dumps(records))]


def test_summary_tables_and_csvs(records, tmp_path):
    source = tmp_path / "r.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = summarize([source], tmp_path / "out")
    assert result.reports == 2 and not result.problems
    with open(tmp_path / "out" / "grades.csv", encoding="utf-8") as fh:
        grades = list(csv.DictReader(fh))
    assert [g["body"] for g in grades] == ["Aldermoor Police", "Fenmoor Fire and Rescue Service"]
    expected = {}
    for r in records:
        if r["grade"] and r["kind"] != "title":
            expected.setdefault((r["body"], r["area"]), []).append(r["grade"])
    got = {(g["body"], area): v.split("; ") for g in grades for area, v in g.items()
           if v and area not in ("report", "body", "programme", "published")}
    assert got == expected
    with open(tmp_path / "out" / "findings.csv", encoding="utf-8") as fh:
        findings = list(csv.DictReader(fh))
    assert sum(int(f["findings"]) for f in findings) == 0  # structure only: no types, no findings
    assert {f"{g['report']}" for g in grades} == {"aldermoor.html", "fenmoor_fire.html"}


def test_bad_records_fail_alone_in_one_line(records, tmp_path, capsys):
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(records[0]) + "\n{not json\n", encoding="utf-8")
    csv_bad = tmp_path / "bad.csv"
    csv_bad.write_text("a,b\n1,2\n", encoding="utf-8")
    status = main(["summarize", str(bad), str(good), str(csv_bad), str(tmp_path / "missing.txt"),
                   "-o", str(tmp_path / "out"), "--model", "none"])
    err = capsys.readouterr().err
    assert status == 1
    lines = err.strip().splitlines()
    assert f"{bad}:2: not JSON" in err and f"{csv_bad}: no doc" in err and "missing.txt: no such file" in err
    assert not any("Traceback" in line for line in lines)
    assert (tmp_path / "out" / "aldermoor.html").is_file()  # the good input is still summarised


def test_nothing_to_summarize_is_a_failure(tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["summarize", str(empty), "-o", str(tmp_path / "out")]) == 1
    assert "nothing written" in capsys.readouterr().err


def test_reports_are_tagged_first_and_text_is_escaped(structure_nlp, tmp_path):
    report = tmp_path / "northmoor-police.txt"
    report.write_text("Overall summary\n\nThe force <script>alert(1)</script> & its partners work well.\n",
                      encoding="utf-8")
    result = summarize([report], tmp_path / "out", nlp=structure_nlp)
    assert result.reports == 1
    page = (tmp_path / "out" / "northmoor-police.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; its" in page
    assert "<h1>Northmoor Police</h1>" in page  # the body from the file name: the text names none


def test_pages_do_not_collide(records, tmp_path):
    moved = [dict(r, doc="other/" + Path(r["doc"]).name) for r in records] + records
    moved += [dict(r, doc="x/index.txt") for r in records if r["doc"].endswith("aldermoor.txt")]
    result = summarize_records(moved, tmp_path)
    names = sorted(p.name for p in result.written if p.suffix == ".html")
    assert names == ["aldermoor-2.html", "aldermoor.html", "fenmoor_fire-2.html", "fenmoor_fire.html",
                     "index-report.html", "index.html"]


def summarize_records(records, tmp_path):
    source = tmp_path / "r.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return summarize([source], tmp_path / "out")
