"""Floors that guard accuracy: a change that loses it fails here.

* the real dev report (``../shared/data``, skipped when absent), tagged by
  ``peel-open``, the shipped model that never saw it;
* the project's held-out reports (``corpora/heldout``: no shipped model trains
  on them), as PDF-style text and as one statement per line;
* the sample reports, which the issue asks to tag at type accuracy >= 0.90 each;
* a later part of the dev report, starting at an area's section title with no
  front matter, as an unseen part of a report does;
* statements given one by one, as ``nlp.pipe(sentences)`` gives them;
* ``corpora/extra``, 8 reports written apart that no shipped model trains on,
  laid out as text and as lines from their gold (they have no ``.txt``).

The floors sit a little under the figures README reports (measured with
``peelnlp evaluate``), so that noise does not fail them but a real loss does.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from peelnlp.evaluation.evaluate import load_gold, tag_inputs
from peelnlp.evaluation.metrics import score

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = sorted((ROOT / "corpora" / "heldout").glob("*.gold.jsonl"))
SAMPLES = sorted((ROOT / "corpora" / "sample").glob("*.gold.jsonl"))


def _statements(gold: Path) -> list[dict]:
    """The gold statements of ``gold``, titles left out."""
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["kind"] != "title"]


def _lines_file(gold: Path, tmp_path: Path) -> Path:
    """The gold statements, titles left out, one per line (README's bare-lines test)."""
    out = tmp_path / (gold.name.replace(".gold.jsonl", ".lines"))
    out.write_text("\n".join(r["text"] for r in _statements(gold)) + "\n", encoding="utf-8")
    return out


def _scores(gold: Path, source: Path, fmt: str = "auto", model: str | None = None) -> dict:
    return score(load_gold(gold), tag_inputs([source], input_format=fmt, model=model))


def test_dev_report_unseen_by_peel_open(shared_data, tmp_path):
    gold = shared_data / "peel_dev_gold.jsonl"
    structured = _scores(gold, shared_data / "peel_dev_raw.txt", model="peel-open")
    assert structured["type"]["accuracy"] >= 0.89
    assert structured["type"]["macro_f1_mission"] >= 0.94
    assert structured["area"]["accuracy"] >= 0.97
    assert structured["grade"]["correct"] == structured["grade"]["gold"]
    lines = _scores(gold, _lines_file(gold, tmp_path), "lines", model="peel-open")
    assert lines["type"]["accuracy"] >= 0.885
    # 0.676 before innovative practice was found on lines, 0.883 before a cause of concern ran on,
    # 0.907 before innovative practice was kept out of the main findings
    assert lines["type"]["macro_f1_mission"] >= 0.93
    # 0.834 before a victim service assessment was found by its first sentence
    assert lines["area"]["accuracy"] >= 0.93


@pytest.mark.parametrize("gold", HELDOUT, ids=lambda p: p.name.split(".")[0])
def test_heldout_reports(gold, tmp_path):
    structured = _scores(gold, gold.with_name(gold.name.replace(".gold.jsonl", ".txt")))
    assert structured["type"]["accuracy"] >= 0.92
    assert structured["type"]["macro_f1_mission"] >= 0.95
    assert structured["area"]["accuracy"] >= 0.95
    assert structured["grade"]["correct"] == structured["grade"]["gold"]
    lines = _scores(gold, _lines_file(gold, tmp_path), "lines")
    assert lines["type"]["accuracy"] >= 0.92
    assert lines["type"]["macro_f1_mission"] >= 0.93
    assert lines["area"]["accuracy"] >= 0.90


@pytest.fixture(scope="module")
def default_nlp():
    import peelnlp

    return peelnlp.load()


@pytest.mark.parametrize("gold", HELDOUT, ids=lambda p: p.name.split(".")[0])
def test_heldout_statements_tagged_one_by_one(gold, default_nlp):
    """Each statement given alone, as ``nlp.pipe(sentences)`` gives it: read on
    its own words, not as the front matter of a report (0.71 to 0.77 when a
    lone statement's missing neighbours went through the context pass)."""
    rows = _statements(gold)
    docs = list(default_nlp.pipe(r["text"] for r in rows))
    assert all(len(doc.spans["statements"]) == 1 for doc in docs)
    spans = [doc.spans["statements"][0] for doc in docs]
    assert sum(s._.type == r["type"] for s, r in zip(spans, rows)) / len(rows) >= 0.87
    assert sum(s._.area == r["area"] for s, r in zip(spans, rows)) / len(rows) >= 0.75


def test_heldout_excerpts_are_not_read_as_front_matter(default_nlp):
    """The held-out reports cut into excerpts of ten statements, one per
    line: an excerpt's first statement has no predecessor, as a report's
    front matter has none, but may be anything (models since 3.13.0 train
    the context pass on such excerpts)."""
    reader, default_nlp.tokenizer.reader = default_nlp.tokenizer.reader, "lines"
    try:
        first = rest = n_first = n_rest = 0
        for gold in HELDOUT:
            rows = _statements(gold)
            parts = [rows[i:i + 10] for i in range(0, len(rows), 10)]
            for part, doc in zip(parts, default_nlp.pipe("\n".join(r["text"] for r in p) for p in parts)):
                spans = list(doc.spans["statements"])
                assert len(spans) == len(part)
                right = [s._.type == r["type"] for s, r in zip(spans, part)]
                first, n_first = first + right[0], n_first + 1
                rest, n_rest = rest + sum(right[1:]), n_rest + len(right) - 1
    finally:
        default_nlp.tokenizer.reader = reader
    assert first / n_first >= 0.77  # 0.80 with 3.13.0; 0.71 with 3.11.0's models
    assert rest / n_rest >= 0.90


@pytest.mark.parametrize("text, expected", [
    ("The force should improve how it supervises its investigations.", "area_for_improvement"),
    ("Victims weren't always told when their case was closed.", "area_for_improvement"),
    ("The force manages its control room well", "strength"),
    ("Officers use body-worn video well.", "strength"),
    ("Police forces should respond to calls for service promptly.", "other"),
])
def test_a_statement_given_alone_is_read_on_its_words(default_nlp, text, expected):
    # GUIDELINES s.2's patterns, in the project's own words
    doc = default_nlp(text)
    spans = list(doc.spans["statements"])
    assert len(spans) == 1 and spans[0]._.type == expected


def test_the_data_notes_after_an_areas_section_are_about_the_inspection(default_nlp):
    """A report may end on its notes about the data, after its last area's
    section: they are about the inspection (GUIDELINES s.3: general; s.2:
    method is other), not about that area."""
    text = ("Investigating crime\n\nBrackwater Police requires improvement at investigating crime.\n\n"
            "Main findings\n\nThe force plans its investigations well\n\n"
            "Most of the files we read held a written plan that a supervisor had checked.\n\n"
            "About the data\n\nThe figures in this report come from the force and from national "
            "statistics.\n\nWe asked the force to confirm any figure that looked unusual.\n\n"
            "Population\n\nWe use the latest mid-year estimates of each county's population.\n")
    doc = default_nlp(text)
    spans = list(doc.spans["statements"])
    cut = [s.text for s in spans].index("About the data")
    finding = [s for s in spans[:cut] if s._.kind != "title"][-1]
    notes = [s for s in spans[cut:] if s._.kind != "title" and s.text != "Population"]
    assert finding.text.startswith("Most of the files") and finding._.area == "investigating"
    assert len(notes) == 3
    assert all(s._.area == "general" and s._.type == "other" for s in notes)


@pytest.mark.parametrize("fmt", ["auto", "lines"])
def test_extra_reports_laid_out_from_their_gold(fmt, tmp_path):
    """Their writers set causes of concern as headings and worded judgements
    in ways the other corpora rarely do (0.879 on text, 0.880 on lines, 40 of
    42 judgements, before those were read)."""
    from peelnlp.evaluation.layouts import as_text

    right = total = 0
    for gold in sorted((ROOT / "corpora" / "extra").glob("*.gold.jsonl")):
        rows = load_gold(gold)
        if fmt == "lines":
            source = _lines_file(gold, tmp_path)
        else:
            source = tmp_path / gold.name.replace(".gold.jsonl", ".txt")
            source.write_text(as_text(rows), encoding="utf-8")
        result = _scores(gold, source, fmt)
        n = sum(r["kind"] != "title" for r in rows)
        right, total = right + result["type"]["accuracy"] * n, total + n
        assert result["type"]["macro_f1_mission"] >= 0.89, gold.name
        assert result["grade"]["correct"] == result["grade"]["gold"], gold.name
    assert right / total >= 0.88


@pytest.mark.parametrize("gold", SAMPLES, ids=lambda p: p.name.split(".")[0])
def test_sample_reports_tag_at_their_gold_figures(gold):
    result = _scores(gold, gold.with_name(gold.name.replace(".gold.jsonl", ".txt")))
    assert result["type"]["accuracy"] >= 0.90
    assert result["grade"]["correct"] == result["grade"]["gold"]


def test_a_later_part_of_the_dev_report_tags_as_it_does_in_the_whole(shared_data, tmp_path):
    """A report part that starts at an area's section title, with no front matter
    (as an unseen later part of a report does), is typed, placed and graded as
    the same statements are in the whole report."""
    from peelnlp.frameworks import load_framework

    fw = load_framework("peel_2021_22")
    gold = load_gold(shared_data / "peel_dev_gold.jsonl")
    raw = (shared_data / "peel_dev_raw.txt").read_text(encoding="utf-8").split("\n")
    whole = tag_inputs([shared_data / "peel_dev_raw.txt"], model="peel-open")
    cuts = []
    for g, row in enumerate(gold):
        found = fw.section(row["text"]) if row["kind"] == "title" else None
        lines = [i for i, line in enumerate(raw) if line.strip() == row["text"].strip()]
        if found and found[1] and len(lines) == 1 and g > 0:
            cuts.append((g, lines[0]))
    assert len(cuts) >= 2  # sections with a title of their own on one line
    for g, line in cuts:
        part = tmp_path / f"part{g}.txt"
        part.write_text("\n".join(raw[line:]), encoding="utf-8")
        alone, in_whole = score(gold[g:], tag_inputs([part], model="peel-open")), score(gold[g:], whole)
        assert alone["segmentation"]["f1"] >= 0.99
        # At most two of the part's statements typed otherwise than in the whole.
        n = sum(row["kind"] != "title" for row in gold[g:])
        assert alone["type"]["accuracy"] >= in_whole["type"]["accuracy"] - 2 / n
        assert alone["type"]["accuracy"] >= 0.88
        assert alone["area"]["accuracy"] >= 0.97
        assert alone["grade"]["correct"] == alone["grade"]["gold"] > 0
