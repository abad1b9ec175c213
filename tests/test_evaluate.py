"""Evaluation metrics, the ``evaluate`` command and the script.

The statements below are written for these tests (a fictional Northshire
Police); expected values are worked out by hand in the comments.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from peelnlp.cli import main
from peelnlp.evaluation.evaluate import EvaluateError, load_gold, load_pred
from peelnlp.evaluation.metrics import (
    AREAS, MISSING, TYPES, accuracy, confusion_matrix, macro_average, micro_average,
    per_class, score,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"

S, A, C, I, O = TYPES[0], TYPES[1], TYPES[2], TYPES[3], TYPES[4]
assert (S, A, C, I, O) == ("strength", "area_for_improvement", "cause_of_concern", "innovative_practice", "other")


# -- label metrics ----------------------------------------------------------

def test_per_class_by_hand():
    gold = [S, S, A, O]
    pred = [S, A, A, None]  # the last prediction is missing
    classes = per_class(gold, pred, TYPES)
    # strength: tp 1, predicted 1, support 2
    assert classes[S]["precision"] == 1.0
    assert classes[S]["recall"] == 0.5
    assert classes[S]["f1"] == pytest.approx(2 / 3)
    # area_for_improvement: tp 1, predicted 2, support 1
    assert classes[A]["precision"] == 0.5
    assert classes[A]["recall"] == 1.0
    assert classes[A]["f1"] == pytest.approx(2 / 3)
    # other: nothing predicted, support 1
    assert (classes[O]["precision"], classes[O]["recall"], classes[O]["f1"]) == (0.0, 0.0, 0.0)
    assert [classes[t]["support"] for t in TYPES] == [2, 1, 0, 0, 1]
    assert [classes[t]["predicted"] for t in TYPES] == [1, 2, 0, 0, 0]

    # macro: over strength, afi, other (the classes in gold or predictions)
    macro = macro_average(classes)
    assert macro["classes"] == 3
    assert macro["precision"] == pytest.approx(0.5)
    assert macro["recall"] == pytest.approx(0.5)
    assert macro["f1"] == pytest.approx(4 / 9)
    # micro: tp 2 of 3 predicted, of 4 gold
    micro = micro_average(classes)
    assert micro["precision"] == pytest.approx(2 / 3)
    assert micro["recall"] == pytest.approx(0.5)
    assert micro["f1"] == pytest.approx(4 / 7)
    assert accuracy(gold, pred) == 0.5


def test_macro_over_a_subset_of_labels():
    classes = per_class([S, A, O, O], [S, S, O, O], TYPES)
    # strength P 1/2 R 1 F1 2/3; afi F1 0; other F1 1
    assert macro_average(classes, [S, A, C, I])["f1"] == pytest.approx(1 / 3)
    assert macro_average(classes)["f1"] == pytest.approx((2 / 3 + 0 + 1) / 3)


def test_confusion_matrix_rows_gold_columns_predicted():
    gold = [S, S, A, O, A]
    pred = [S, A, A, None, S]
    conf = confusion_matrix(gold, pred, TYPES)
    assert conf["labels"] == list(TYPES)
    assert conf["columns"] == list(TYPES) + [MISSING]
    m = {row: dict(zip(conf["columns"], counts)) for row, counts in zip(conf["labels"], conf["matrix"])}
    assert m[S] == {S: 1, A: 1, C: 0, I: 0, O: 0, MISSING: 0}
    assert m[A] == {S: 1, A: 1, C: 0, I: 0, O: 0, MISSING: 0}
    assert m[O][MISSING] == 1
    assert sum(map(sum, conf["matrix"])) == len(gold)
    # no missing prediction: no missing column
    assert MISSING not in confusion_matrix([S], [S], TYPES)["columns"]


def test_unknown_predicted_label_is_a_column_of_its_own():
    conf = confusion_matrix([S, O], [S, "praise"], TYPES)
    assert conf["columns"] == list(TYPES) + ["praise"]
    assert conf["matrix"][TYPES.index(O)][-1] == 1
    assert per_class([S, O], [S, "praise"], TYPES)[O]["recall"] == 0.0


def test_unlabelled_gold_statement_is_in_no_class():
    # A gold statement without a label: no class's support, no confusion row, and a
    # missing prediction for it is not "right".
    gold, pred = [S, None, A], [S, None, S]
    assert accuracy(gold, pred) == pytest.approx(1 / 3)
    classes = per_class(gold, pred, TYPES)
    assert [classes[t]["support"] for t in TYPES] == [1, 1, 0, 0, 0]
    conf = confusion_matrix(gold, pred, TYPES)
    assert conf["labels"] == list(TYPES) and conf["columns"][-1] == MISSING
    assert sum(map(sum, conf["matrix"])) == 2


def test_empty_input_scores_zero():
    assert accuracy([], []) == 0.0
    assert per_class([], [], TYPES)[S] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0,
                                           "predicted": 0, "tp": 0}
    assert confusion_matrix([], [], TYPES)["matrix"] == [[0] * len(TYPES)] * len(TYPES)


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        per_class([S], [S, A])


# -- score() on whole documents ---------------------------------------------

INV = "investigating"

GOLD = [
    {"id": 1, "text": "Investigating crime", "kind": "title", "type": O, "area": INV, "grade": None,
     "numeric_claims": []},
    {"id": 2, "text": "The force investigates crime well.", "kind": "finding_heading", "type": S,
     "area": INV, "grade": None, "numeric_claims": []},
    {"id": 3, "text": "It closed 45 of 60 cases within 30 days.", "kind": "sentence", "type": S,
     "area": INV, "grade": None, "numeric_claims": [
         {"text": "45 of 60 cases", "value": 45.0, "kind": "proportion", "denominator": 60.0},
         {"text": "30 days", "value": 30.0, "kind": "duration"}]},
    {"id": 4, "text": "Supervisors don\u2019t always review case files.", "kind": "sentence", "type": A,
     "area": INV, "grade": None, "numeric_claims": []},
    {"id": 5, "text": "Northshire Police is good at investigating crime.", "kind": "sentence", "type": O,
     "area": INV, "grade": "good", "numeric_claims": []},
]
# words per gold statement: 2, 5, 9, 6, 7 -> 29


def pred_from_gold(rows=GOLD, **changes):
    """Prediction records copied from gold rows; ``changes`` maps an id to the
    fields to change (``None`` as the value drops the statement)."""
    out = []
    for row in rows:
        change = changes.get(f"s{row['id']}", {})
        if change is None:
            continue
        rec = {"doc": "northshire.txt", "index": len(out), "text": row["text"], "kind": row["kind"],
               "type": row["type"], "area": row["area"], "grade": row["grade"],
               "numeric_claims": [dict(c) for c in row["numeric_claims"]]}
        rec.update(change)
        out.append(rec)
    return out


def test_perfect_prediction():
    r = score(GOLD, pred_from_gold())
    assert r["counts"] == {"gold_statements": 5, "pred_statements": 5, "scored": 4, "matched": 5,
                           "unmatched_gold": 0, "scored_unmatched": 0}
    assert r["type"]["accuracy"] == 1.0
    assert r["type"]["macro"]["f1"] == 1.0
    assert r["type"]["micro"]["f1"] == 1.0
    assert r["type"]["macro_f1_mission"] == 1.0
    assert r["area"]["accuracy"] == 1.0
    assert set(r["area"]["per_class"]) == set(AREAS)
    assert r["segmentation"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "coverage": 1.0}
    assert r["claims"]["tp"] == 2 and r["claims"]["precision"] == 1.0 and r["claims"]["recall"] == 1.0
    assert r["grade"]["precision"] == 1.0 and r["grade"]["recall"] == 1.0
    assert r["grade"]["graded_judgements_found_with_right_area"] == {"found": 1, "of": 1}
    json.dumps(r)  # serialisable


def test_titles_are_not_scored():
    # a title predicted with the wrong type and area changes nothing
    r = score(GOLD, pred_from_gold(s1={"type": S, "area": "general"}))
    assert r["counts"]["scored"] == 4
    assert r["type"]["accuracy"] == 1.0 and r["area"]["accuracy"] == 1.0
    assert r["type"]["per_class"][O]["support"] == 1  # only statement 5
    assert sum(r["type"]["per_class"][t]["support"] for t in TYPES) == 4


def test_wrong_type_by_hand():
    # statement 4 (afi) predicted strength
    r = score(GOLD, pred_from_gold(s4={"type": S}))
    t = r["type"]
    # strength: tp 2, predicted 3, support 2 -> P 2/3, R 1, F1 0.8
    assert t["per_class"][S]["precision"] == pytest.approx(2 / 3)
    assert t["per_class"][S]["recall"] == 1.0
    assert t["per_class"][S]["f1"] == pytest.approx(0.8)
    assert t["per_class"][A]["f1"] == 0.0
    assert t["accuracy"] == 0.75
    assert t["macro"]["f1"] == pytest.approx((0.8 + 0 + 1) / 3)
    assert t["macro_f1_mission"] == pytest.approx(0.4)  # strength and afi only
    rows = dict(zip(t["confusion"]["labels"], t["confusion"]["matrix"]))
    assert rows[A][TYPES.index(S)] == 1
    assert rows[S][TYPES.index(S)] == 2


def test_statement_split_in_two():
    pred = pred_from_gold()
    # statement 3 split: "It closed 45 of 60 cases" | "within 30 days."
    first = dict(pred[2], text="It closed 45 of 60 cases", numeric_claims=[pred[2]["numeric_claims"][0]])
    second = dict(pred[2], text="within 30 days.", type=O, numeric_claims=[pred[2]["numeric_claims"][1]])
    pred = pred[:2] + [first, second] + pred[3:]
    r = score(GOLD, pred)
    # 5 gold starts, 6 predicted starts, all 5 gold starts found
    seg = r["segmentation"]
    assert seg["precision"] == pytest.approx(5 / 6)
    assert seg["recall"] == 1.0
    assert seg["f1"] == pytest.approx(10 / 11)
    assert seg["coverage"] == 1.0
    # gold 3 matches the piece with most of its words (6 of 9), labelled strength
    assert r["type"]["accuracy"] == 1.0
    # both claims are found, though they sit in different predicted statements
    assert (r["claims"]["tp"], r["claims"]["fp"], r["claims"]["fn"]) == (2, 0, 0)
    assert r["counts"]["pred_statements"] == 6


def test_statements_merged():
    pred = pred_from_gold()
    merged = dict(pred[1], text=pred[1]["text"] + " " + pred[2]["text"], kind="sentence",
                  numeric_claims=pred[2]["numeric_claims"])
    pred = [pred[0], merged] + pred[3:]
    r = score(GOLD, pred)
    # 5 gold starts, 4 predicted, all at gold starts
    seg = r["segmentation"]
    assert seg["precision"] == 1.0
    assert seg["recall"] == pytest.approx(0.8)
    assert seg["f1"] == pytest.approx(8 / 9)
    # both gold statements take the merged statement's label (strength: right)
    assert r["counts"]["matched"] == 5
    assert r["type"]["accuracy"] == 1.0
    assert r["claims"]["precision"] == 1.0 and r["claims"]["recall"] == 1.0

    # merged and labelled area_for_improvement: both gold strengths wrong
    pred[1] = dict(pred[1], type=A)
    r = score(GOLD, pred)
    assert r["type"]["accuracy"] == 0.5
    assert r["type"]["per_class"][A]["predicted"] == 3
    assert r["type"]["per_class"][A]["precision"] == pytest.approx(1 / 3)


def test_unmatched_gold_statement_counts_as_wrong():
    r = score(GOLD, pred_from_gold(s4=None))  # statement 4 not predicted at all
    assert r["counts"]["matched"] == 4
    assert r["counts"]["scored_unmatched"] == 1
    assert r["type"]["accuracy"] == 0.75
    assert r["area"]["accuracy"] == 0.75
    assert r["type"]["per_class"][A] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                                          "support": 1, "predicted": 0, "tp": 0}
    # strength, other untouched; micro precision 3/3, recall 3/4
    assert r["type"]["micro"]["precision"] == 1.0
    assert r["type"]["micro"]["recall"] == 0.75
    rows = dict(zip(r["type"]["confusion"]["labels"], r["type"]["confusion"]["matrix"]))
    assert r["type"]["confusion"]["columns"][-1] == MISSING
    assert rows[A][-1] == 1
    seg = r["segmentation"]
    assert seg["coverage"] == pytest.approx(23 / 29)
    assert seg["precision"] == 1.0 and seg["recall"] == pytest.approx(0.8)


def test_missing_labels_count_as_wrong():
    r = score(GOLD, pred_from_gold(s2={"type": None, "area": None}))
    assert r["type"]["accuracy"] == 0.75
    assert r["type"]["per_class"][S]["recall"] == 0.5
    assert r["type"]["per_class"][S]["precision"] == 1.0


def test_extra_predicted_statement_not_in_gold():
    pred = pred_from_gold()
    extra = dict(pred[3], text="Page 7 of 40", kind="sentence", type=S,
                 numeric_claims=[{"text": "40", "value": 40.0, "kind": "count"}])
    pred.insert(4, extra)
    r = score(GOLD, pred)
    assert r["type"]["accuracy"] == 1.0  # labels are scored from the gold side
    # one predicted start in no gold word: precision 5/6
    assert r["segmentation"]["precision"] == pytest.approx(5 / 6)
    assert r["segmentation"]["recall"] == 1.0
    assert (r["claims"]["tp"], r["claims"]["fp"]) == (2, 1)


def test_grades():
    # right grade, right area
    r = score(GOLD, pred_from_gold())
    assert r["grade"]["graded_judgements_found_with_right_area"] == {"found": 1, "of": 1}
    # right grade, wrong area
    r = score(GOLD, pred_from_gold(s5={"area": "general"}))
    assert (r["grade"]["precision"], r["grade"]["recall"]) == (1.0, 1.0)
    assert r["grade"]["graded_judgements_found_with_right_area"] == {"found": 0, "of": 1}
    # wrong grade
    r = score(GOLD, pred_from_gold(s5={"grade": "adequate"}))
    assert (r["grade"]["precision"], r["grade"]["recall"], r["grade"]["f1"]) == (0.0, 0.0, 0.0)
    # an extra grade on an ungraded statement halves precision
    r = score(GOLD, pred_from_gold(s2={"grade": "good"}))
    assert r["grade"]["precision"] == 0.5 and r["grade"]["recall"] == 1.0
    assert (r["grade"]["predicted"], r["grade"]["correct"], r["grade"]["gold"]) == (2, 1, 1)
    # grade missed
    r = score(GOLD, pred_from_gold(s5={"grade": None}))
    assert r["grade"]["recall"] == 0.0 and r["grade"]["predicted"] == 0


def test_claims_by_value():
    # 45 found, 30 predicted as 31: tp 1, fp 1, fn 1
    r = score(GOLD, pred_from_gold(s3={"numeric_claims": [
        {"text": "45 of 60 cases", "value": 45.0, "kind": "count"},
        {"text": "31 days", "value": 31.0, "kind": "duration"}]}))
    c = r["claims"]
    assert (c["tp"], c["fp"], c["fn"]) == (1, 1, 1)
    assert c["precision"] == 0.5 and c["recall"] == 0.5
    assert c["kind_accuracy"] == 0.0  # the one match has the wrong kind


def test_text_differences_still_align():
    # curly vs straight quotes, a dropped full stop, bullet marker: still one-to-one
    pred = pred_from_gold(s4={"text": "\u2022 Supervisors don't always review case files"})
    r = score(GOLD, pred)
    assert r["segmentation"]["f1"] == 1.0 and r["segmentation"]["coverage"] == 1.0
    assert r["type"]["accuracy"] == 1.0


def test_nothing_predicted():
    r = score(GOLD, [])
    assert r["counts"]["matched"] == 0
    assert r["type"]["accuracy"] == 0.0
    assert r["segmentation"]["coverage"] == 0.0
    assert r["claims"]["recall"] == 0.0


# -- the command ------------------------------------------------------------

def write_jsonl(path: Path, rows) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", GOLD)
    pred = write_jsonl(tmp_path / "pred.jsonl", pred_from_gold(s4={"type": S}))
    return gold, pred


def test_cli_json(files, capsys):
    gold, pred = files
    assert main(["evaluate", gold, "--pred", pred, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["type"]["accuracy"] == 0.75
    assert out["type"]["per_class"][S]["f1"] == pytest.approx(0.8)
    assert out["type"]["macro_f1_mission"] == pytest.approx(0.4)
    assert out["counts"]["scored"] == 4
    assert out["segmentation"]["f1"] == 1.0


def test_cli_report(files, capsys):
    gold, pred = files
    assert main(["evaluate", gold, "--pred", pred]) == 0
    out = capsys.readouterr().out
    for needle in ("type", "area", "macro avg", "micro avg", "accuracy", "confusion",
                   "grade:", "segmentation:", "numeric claims:", "area_for_improvement"):
        assert needle in out
    assert "  75.0" in out  # type accuracy


def test_cli_missing_file_is_a_usage_error(tmp_path, files, capsys):
    gold, pred = files
    assert main(["evaluate", str(tmp_path / "nope.jsonl"), "--pred", pred]) == 2
    err = capsys.readouterr().err
    assert "nope.jsonl" in err and len(err.strip().splitlines()) == 1
    assert main(["evaluate", gold, "--pred", str(tmp_path / "nope.jsonl")]) == 2
    assert main(["evaluate", gold, str(tmp_path / "nope.txt")]) == 2
    assert "nope.txt" in capsys.readouterr().err


def test_cli_needs_pred_or_input(files, capsys):
    gold, pred = files
    assert main(["evaluate", gold]) == 2
    assert main(["evaluate", gold, "report.txt", "--pred", pred]) == 2


def test_malformed_files_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(GOLD[0]) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(EvaluateError, match=r"bad\.jsonl:3: not valid JSON"):
        load_gold(bad)
    bad.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(EvaluateError, match=r"bad\.jsonl:1: expected a JSON object"):
        load_pred(bad)
    bad.write_text(json.dumps({"id": 1}) + "\n", encoding="utf-8")
    with pytest.raises(EvaluateError, match=r"bad\.jsonl:1: .*text"):
        load_gold(bad)
    bad.write_bytes(b'{"text": "caf\xe9"}\n')
    with pytest.raises(EvaluateError, match=r"bad\.jsonl: not UTF-8"):
        load_gold(bad)
    bad.write_text("\n", encoding="utf-8")
    with pytest.raises(EvaluateError, match=r"bad\.jsonl: no gold statements"):
        load_gold(bad)
    with pytest.raises(EvaluateError, match="can't read"):
        load_gold(tmp_path)  # a folder
    assert issubclass(EvaluateError, ValueError)


def test_script(files):
    gold, pred = files
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "evaluate.py"), gold, "--pred", pred, "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["type"]["accuracy"] == 0.75


# -- end to end on the project's own sample report ---------------------------

def test_end_to_end_sample_report(capsys):
    gold = SAMPLE / "westmarch.gold.jsonl"
    report = SAMPLE / "westmarch.txt"
    assert main(["evaluate", str(gold), str(report), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["counts"]["gold_statements"] == 140  # 121 scored and 19 titles (a publication line among them)
    assert out["segmentation"]["f1"] >= 0.95, out["segmentation"]
    assert out["segmentation"]["coverage"] >= 0.98, out["segmentation"]
    assert out["counts"]["scored"] == 121
    assert out["claims"]["recall"] >= 0.5, out["claims"]  # numbers component runs without a model


def test_calibration_error_is_the_confidence_accuracy_gap():
    from peelnlp.evaluation.metrics import calibration

    # two bins: 0.95 confident and always right (gap 0.05); 0.55 and right half the time (gap 0.05)
    result = calibration([0.95, 0.95, 0.55, 0.55], [True, True, True, False])
    assert abs(result["ece"] - 0.05) < 1e-9
    assert calibration([], [])["ece"] is None


# -- intervals ----------------------------------------------------------------

def test_blocks_start_at_titles_and_finding_headings():
    from peelnlp.evaluation.metrics import finding_blocks

    kinds = ["sentence", "title", "finding_heading", "sentence", "sentence", "finding_heading",
             "sentence", "title", "list_item", "list_item"]
    assert finding_blocks([{"kind": k} for k in kinds]) == [0, 1, 2, 2, 2, 3, 3, 4, 4, 4]


def _findings(n: int, wrong_every: int):
    """``n`` findings of four statements; every ``wrong_every``-th finding is read wrong whole."""
    gold, pred, blocks = [], [], []
    for f in range(n):
        for k in range(4):
            gold.append(S if k % 2 else A)
            pred.append(O if f % wrong_every == 0 else gold[-1])
            blocks.append(f)
    return gold, pred, blocks


def test_interval_holds_the_estimate_and_narrows_with_more_findings():
    from peelnlp.evaluation.metrics import block_intervals

    gold, pred, blocks = _findings(20, 4)
    small = block_intervals(gold, pred, blocks, (S, A))
    assert accuracy(gold, pred) == 0.75
    lo, hi = small["accuracy"]
    assert 0.0 <= lo < 0.75 < hi <= 1.0
    assert small["blocks"] == 20 and small["level"] == 0.95
    gold, pred, blocks = _findings(200, 4)
    lo2, hi2 = block_intervals(gold, pred, blocks, (S, A))["accuracy"]
    assert lo2 < 0.75 < hi2 and hi2 - lo2 < (hi - lo) / 2
    # Findings read wrong whole are not 80 independent statements: the interval over
    # findings is wider than one that treats every statement as its own block.
    lo3, hi3 = block_intervals(*_findings(20, 4)[:2], list(range(80)), (S, A))["accuracy"]
    assert hi3 - lo3 < hi - lo


def test_interval_is_deterministic_and_collapses_when_all_is_right():
    from peelnlp.evaluation.metrics import block_intervals

    gold, pred, blocks = _findings(30, 3)
    assert block_intervals(gold, pred, blocks, (S, A)) == block_intervals(gold, pred, blocks, (S, A))
    right = block_intervals(gold, gold, blocks, (S, A))
    assert right["accuracy"] == [1.0, 1.0] and right["macro_f1"] == [1.0, 1.0]
    assert block_intervals(gold, pred, [0] * len(gold), (S, A)) is None  # one block: no interval
    assert block_intervals(gold, pred, blocks, ())["macro_f1"] is None


def test_report_prints_the_intervals(tmp_path, files, capsys):
    gold, pred = files  # one finding: no interval to give
    assert main(["evaluate", gold, "--pred", pred, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["type"]["interval"] is None
    assert main(["evaluate", gold, "--pred", pred]) == 0
    assert "% interval" not in capsys.readouterr().out
    rows = GOLD + [
        {"id": 6, "text": "Victims aren\u2019t always kept informed.", "kind": "finding_heading", "type": A,
         "area": INV, "grade": None, "numeric_claims": []},
        {"id": 7, "text": "Updates were late in half the files.", "kind": "sentence", "type": A,
         "area": INV, "grade": None, "numeric_claims": []},
    ]
    gold = write_jsonl(tmp_path / "gold2.jsonl", rows)
    pred = write_jsonl(tmp_path / "pred2.jsonl", pred_from_gold(rows, s4={"type": S}))
    assert main(["evaluate", gold, "--pred", pred, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    lo, hi = out["type"]["interval"]["accuracy"]
    assert lo <= out["type"]["accuracy"] <= hi and out["type"]["interval"]["blocks"] == 2
    assert main(["evaluate", gold, "--pred", pred]) == 0
    assert "(95% interval" in capsys.readouterr().out


# -- a folder of gold files ----------------------------------------------------

@pytest.fixture
def gold_folder(tmp_path):
    """Two sample reports with their gold files, and a gold file with no report."""
    import shutil

    folder = tmp_path / "gold"
    folder.mkdir()
    for name in ("westmarch", "kestrel_bay"):
        shutil.copy(SAMPLE / f"{name}.gold.jsonl", folder)
        shutil.copy(SAMPLE / f"{name}.txt", folder)
    shutil.copy(SAMPLE / "aldermoor.gold.jsonl", folder / "lost.gold.jsonl")
    return folder


def test_a_folder_scores_each_report_and_all_together(gold_folder, capsys):
    assert main(["evaluate", str(gold_folder), "--json"]) == 1  # one gold file has no report
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert sorted(Path(p).name for p in out["documents"]) == ["kestrel_bay.gold.jsonl", "westmarch.gold.jsonl"]
    docs = list(out["documents"].values())
    assert out["pooled"]["counts"]["scored"] == sum(d["counts"]["scored"] for d in docs) == 121 + 108
    right = sum(d["type"]["accuracy"] * d["counts"]["scored"] for d in docs)
    assert out["pooled"]["type"]["accuracy"] == pytest.approx(right / (121 + 108))
    # the failure is one line naming the gold file, and the others were still scored
    assert [line for line in captured.err.splitlines() if "lost.gold.jsonl" in line] == [
        f"error: {gold_folder / 'lost.gold.jsonl'}: no report named lost "
        "(.txt, .text, .pdf, .html, .htm, .xhtml, .md, .markdown, .docx, .lines) beside it"]
    assert main(["evaluate", str(gold_folder)]) == 1
    report = capsys.readouterr().out
    assert "westmarch" in report and "kestrel_bay" in report and "all 2 reports together" in report


def test_a_folder_against_reports_elsewhere_or_saved_predictions(gold_folder, tmp_path, capsys):
    import shutil

    reports = tmp_path / "reports" / "nested"
    reports.mkdir(parents=True)
    for name in ("westmarch", "kestrel_bay"):
        shutil.move(str(gold_folder / f"{name}.txt"), reports)
    (gold_folder / "lost.gold.jsonl").unlink()
    assert main(["evaluate", str(gold_folder), str(tmp_path / "reports"), "--json"]) == 0
    tagged = json.loads(capsys.readouterr().out)
    pred = tmp_path / "pred.jsonl"
    assert main(["tag", str(reports), "-o", str(pred)]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(gold_folder), "--pred", str(pred), "--json"]) == 0
    saved = json.loads(capsys.readouterr().out)
    assert saved["pooled"]["type"] == tagged["pooled"]["type"]
    assert len(saved["documents"]) == 2 and saved["failures"] == []


def test_pooled_reports_never_share_a_finding():
    from peelnlp.evaluation.metrics import finding_blocks

    rows = [{"kind": "finding_heading"}, {"kind": "sentence"}, {"kind": "sentence"}, {"kind": "sentence"}]
    assert finding_blocks(rows) == [0, 0, 0, 0]
    assert finding_blocks(rows, doc_starts=[0, 2]) == [0, 0, 1, 1]


def test_paired_difference_counts_what_changed_and_resamples_findings():
    from peelnlp.evaluation.metrics import paired_difference

    # 40 findings of 5 statements; B mends one statement in each of 10 findings and breaks none.
    blocks = [f for f in range(40) for _ in range(5)]
    a = [k % 5 != 0 for k in range(200)]
    b = [right or (k % 5 == 0 and k < 50) for k, right in enumerate(a)]
    d = paired_difference(a, b, blocks)
    assert d["gained"] == 10 and d["lost"] == 0 and d["blocks"] == 40
    assert d["difference"] == pytest.approx(10 / 200)
    lo, hi = d["interval"]
    assert 0 < lo < 0.05 < hi  # gains only: the whole interval is above zero
    same = paired_difference(a, a, blocks)
    assert same["difference"] == 0 and same["interval"] == [0.0, 0.0]
    swapped = paired_difference(b, a, blocks)
    assert swapped["interval"] == [-hi, -lo]
    assert paired_difference(a, b, [0] * 200) is None
    with pytest.raises(ValueError):
        paired_difference(a, b[:-1], blocks)


def test_pooled_documents_are_aligned_each_on_its_own():
    from peelnlp.evaluation.metrics import score_documents

    row = {"text": "The force answers calls quickly.", "kind": "sentence", "type": S, "area": INV,
           "grade": None, "numeric_claims": []}
    # The first report's prediction is lost; the second's may not stand in for it.
    pooled = score_documents([([row], []), ([row], [dict(row)])])
    assert pooled["counts"]["matched"] == 1 and pooled["counts"]["scored_unmatched"] == 1
    assert pooled["type"]["accuracy"] == 0.5
    assert score_documents([])["counts"]["scored"] == 0


def test_against_a_second_model_gives_the_paired_difference(gold_folder, capsys):
    (gold_folder / "lost.gold.jsonl").unlink()
    gold, report = gold_folder / "westmarch.gold.jsonl", gold_folder / "westmarch.txt"
    assert main(["evaluate", str(gold), str(report), "--model", "peel-open", "--against", "peel", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["against"]["model"].startswith("peel-open@") and out["against"]["against"].startswith("peel@")
    assert main(["evaluate", str(gold), str(report), "--model", "peel", "--json"]) == 0
    other = json.loads(capsys.readouterr().out)
    d = out["against"]["type"]
    scored = out["counts"]["scored"]
    assert d["difference"] == pytest.approx(out["type"]["accuracy"] - other["type"]["accuracy"])
    assert d["gained"] - d["lost"] == round(d["difference"] * scored)
    # a folder compares the reports together
    assert main(["evaluate", str(gold_folder), "--model", "peel-open", "--against", "peel"]) == 0
    assert "against peel@" in capsys.readouterr().out
    # saved predictions can't be tagged again with another model
    assert main(["evaluate", str(gold), "--pred", str(gold), "--against", "peel"]) == 2
    assert "--against" in capsys.readouterr().err


def test_a_folder_names_a_malformed_gold_file_and_scores_the_rest(gold_folder, capsys):
    (gold_folder / "lost.gold.jsonl").write_text('{"text": "unfinished"\n', encoding="utf-8")
    assert main(["evaluate", str(gold_folder), "--json"]) == 1
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["documents"]) == 2
    assert f"error: {gold_folder / 'lost.gold.jsonl'}:1: not valid JSON" in captured.err.splitlines()
