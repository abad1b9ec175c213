"""The review loop: selection, tasks (Label Studio and CSV), import, and
training on the imported corrections."""
from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from peelnlp.cli import main
from peelnlp.labels import AREAS, BOX_TYPES, TYPES
from peelnlp.review.importer import import_exports
from peelnlp.review.select import select
from peelnlp.review.tasks import labelling_config

from conftest import TINY

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "corpora" / "sample" / "aldermoor.txt"
BUDGET = 12


def _other(label: str, labels) -> str:
    """A label that differs from ``label``: the reviewer's correction."""
    return labels[(labels.index(label) + 1) % len(labels)]


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """The same report reviewed into Label Studio tasks and into a CSV."""
    folder = tmp_path_factory.mktemp("review")
    for name in ("tasks.json", "tasks_sheet.csv"):
        assert main(["review", str(REPORT), "-o", str(folder / name), "--budget", str(BUDGET)]) == 0
    return folder


def _ls_tasks(folder):
    return json.loads((folder / "tasks.json").read_text(encoding="utf-8"))


def _csv_rows(folder):
    with open(folder / "tasks_sheet.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _choice(name, value):
    return {"from_name": name, "to_name": "text", "type": "choices", "value": {"choices": [value]}}


def _sidecar(folder, stem="tasks"):
    line = (folder / f"{stem}.documents.jsonl").read_text(encoding="utf-8").splitlines()[0]
    return json.loads(line)


# -- selection -------------------------------------------------------------------

def _records(doc, n, score, section="S", type_="strength"):
    return [{"doc": doc, "kind": "sentence", "section": section, "type": type_, "type_score": score - i * 1e-4}
            for i in range(n)]


def test_selection_takes_the_least_confident_first_without_titles_or_rules():
    records = _records("a", 5, 0.9) + [{"doc": "a", "kind": "title", "type": "other", "type_score": 0.1}]
    records[3]["type_score"] = 0.4
    chosen = select(records, 3, doc_weight=0, section_weight=0, class_weight=0)
    assert chosen[0] == 3 and 5 not in chosen and len(chosen) == 3
    # A rule's type (a box's, a graded judgement's) has the rule's score, not
    # the model's doubt: a correction would not change it.
    ruled = _records("a", 2, 0.2)
    ruled[0]["box"], ruled[1]["grade"] = "Recommendations", "good"
    assert set(select(records + ruled, 7, doc_weight=0, section_weight=0, class_weight=0)) == set(range(5))


def test_selection_spreads_over_documents_sections_and_types():
    # Report "a" is the least confident throughout: by score alone it fills the budget.
    records = _records("a", 40, 0.5) + _records("b", 40, 0.7, type_="other") + _records("c", 40, 0.8, "T")
    plain = select(records, 20, doc_weight=0, section_weight=0, class_weight=0)
    assert {records[i]["doc"] for i in plain} == {"a"}
    spread = select(records, 20)
    docs = [records[i]["doc"] for i in spread]
    assert set(docs) == {"a", "b", "c"} and max(docs.count(d) for d in "abc") < 15
    assert len(set(spread)) == 20


def test_selection_of_nothing():
    assert select([], 5) == [] and select(_records("a", 3, 0.5), 0) == []
    assert len(select(_records("a", 3, 0.5), 10)) == 3


# -- tasks -----------------------------------------------------------------------

def test_labelling_config_offers_the_label_sets_and_reads_the_tasks_fields(reviewed):
    root = ET.fromstring(labelling_config())
    choices = {c.get("name"): [x.get("value") for x in c.iter("Choice")] for c in root.iter("Choices")}
    assert choices == {"type": list(TYPES), "area": list(AREAS)}
    assert all(c.get("toName") == "text" and c.get("choice") == "single" for c in root.iter("Choices"))
    assert any(t.get("name") == "text" and t.get("value") == "$text" for t in root.iter("Text"))
    data = _ls_tasks(reviewed)[0]["data"]
    for var in re.findall(r"\$(\w+)", labelling_config()):
        assert isinstance(data[var], str), var  # Label Studio shows strings
    assert (reviewed / "tasks.labelling.xml").read_text(encoding="utf-8") == labelling_config()


def test_tasks_carry_context_and_the_prediction(reviewed):
    tasks = _ls_tasks(reviewed)
    doc = _sidecar(reviewed)
    statements = doc["statements"]
    assert len(tasks) == BUDGET and [t["id"] for t in tasks] == list(range(1, BUDGET + 1))
    scores = []
    for t in tasks:
        d = t["data"]
        s = statements[d["index"]]
        assert d["text"] == s["text"] and s["kind"] != "title"
        assert d["before"].split("\n")[-1] == statements[d["index"] - 1]["text"]
        assert d["after"].split("\n")[0] == statements[d["index"] + 1]["text"]
        assert (d["section"], d["box"], d["heading"]) == (s["section"], s["box"], s["heading"])
        result = {r["from_name"]: r["value"]["choices"] for r in t["predictions"][0]["result"]}
        assert result == {"type": [s["type"]], "area": [s["area"]]}
        assert t["predictions"][0]["model_version"].startswith("peel")
        scores.append(d["type_score"])
    # The least confident statements of the report are among those chosen.
    candidates = sorted(s["type_score"] for s in statements
                        if s["kind"] != "title" and not s.get("grade") and s.get("box") not in BOX_TYPES)
    assert min(scores) == candidates[0] and sorted(scores)[BUDGET // 2] < candidates[len(candidates) // 2]
    rows = _csv_rows(reviewed)
    assert [(r["doc"], int(r["index"])) for r in rows] == [(t["data"]["doc"], t["data"]["index"]) for t in tasks]
    assert all(r["type"] == r["area"] == "" for r in rows)
    assert rows[0]["predicted_type"] == tasks[0]["data"]["predicted_type"]


# -- round trips -----------------------------------------------------------------

def _annotate_label_studio(folder, name="export.json", only=None) -> dict:
    """Correct every task but the last two (or those at the positions
    ``only``): the second-last is cancelled (skipped), the last left alone.
    Returns {index: (type, area)} expected."""
    tasks = _ls_tasks(folder)
    expected = {}
    for n, t in enumerate(tasks):
        d = t["data"]
        if n == len(tasks) - 2:
            t["annotations"] = [{"id": 9, "was_cancelled": True, "result": []}]
        elif n < len(tasks) - 2 and (only is None or n in only):
            new = (_other(d["predicted_type"], TYPES), _other(d["predicted_area"], AREAS))
            # An earlier annotation, overridden by the later one.
            t["annotations"] = [
                {"id": 1, "created_at": "2024-01-01T10:00:00Z", "was_cancelled": False,
                 "result": [_choice("type", d["predicted_type"]), _choice("area", d["predicted_area"])]},
                {"id": 2, "created_at": "2024-01-02T10:00:00Z", "was_cancelled": False,
                 "result": [_choice("type", new[0]), _choice("area", new[1])]}]
            expected[d["index"]] = new
        t["id"] = 1000 + n  # Label Studio numbers tasks its own way
    (folder / name).write_text(json.dumps(tasks), encoding="utf-8")
    return expected


def _fill_csv(folder, name="filled.csv", rows=None) -> dict:
    """Correct the type of the even rows, accept the odd ones (blank cells),
    delete the last row (not reviewed), or keep only the positions ``rows``.
    Returns {index: (type, area)}."""
    every = _csv_rows(folder)
    rows = every[:-1] if rows is None else [every[n] for n in rows]
    expected = {}
    for n, r in enumerate(rows):
        if n % 2 == 0:
            # Spreadsheet spelling: spaces and capitals are accepted.
            r["type"] = _other(r["predicted_type"], TYPES).replace("_", " ").capitalize()
            expected[int(r["index"])] = (_other(r["predicted_type"], TYPES), r["predicted_area"])
        else:
            expected[int(r["index"])] = (r["predicted_type"], r["predicted_area"])
    with open(folder / name, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return expected


def _check_corpus(path: Path, sidecar: dict, expected: dict):
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    statements = sidecar["statements"]
    # The whole document, in order, in the guidelines' format plus doc and reviewed.
    assert [g["text"] for g in gold] == [s["text"] for s in statements]
    assert [g["id"] for g in gold] == list(range(1, len(statements) + 1))
    assert {g["doc"] for g in gold} == {sidecar["doc"]}
    assert set(gold[0]) == {"id", "doc", "text", "kind", "type", "area", "grade", "numeric_claims", "reviewed"}
    for i, (g, s) in enumerate(zip(gold, statements)):
        if i in expected:
            assert g["reviewed"] is True and (g["type"], g["area"]) == expected[i]
        else:
            assert g["reviewed"] is False and (g["type"], g["area"]) == (s["type"], s["area"])
    return gold


def test_label_studio_round_trip(reviewed, capsys):
    expected = _annotate_label_studio(reviewed)
    out = reviewed / "ls.gold.jsonl"
    assert main(["import-review", str(reviewed / "export.json"), "-o", str(out)]) == 0
    _check_corpus(out, _sidecar(reviewed), expected)
    assert f"{BUDGET - 2} statements reviewed ({BUDGET - 2} corrected)" in capsys.readouterr().err


def test_csv_round_trip(reviewed, capsys):
    expected = _fill_csv(reviewed)
    out = reviewed / "csv.gold.jsonl"
    assert main(["import-review", str(reviewed / "filled.csv"), "-o", str(out)]) == 0
    _check_corpus(out, _sidecar(reviewed, "tasks_sheet"), expected)


def test_unannotated_tasks_give_no_corpus(reviewed, tmp_path, capsys):
    out = tmp_path / "none.jsonl"
    assert main(["import-review", str(reviewed / "tasks.json"), "-o", str(out)]) == 1
    assert not out.exists() and "no reviewed statement" in capsys.readouterr().err


def test_training_learns_the_corrections(reviewed, tmp_path):
    """review -> annotate (both formats) -> import -> train -> the corrected
    statements come out corrected."""
    import peelnlp

    # Half the statements reviewed in Label Studio, the other half in the CSV.
    half = BUDGET // 2
    ls = _annotate_label_studio(reviewed, "half.json", only=range(half))
    csv_expected = _fill_csv(reviewed, "half.csv", rows=range(half, BUDGET))
    assert not set(ls) & set(csv_expected)
    corpus = tmp_path / "reviewed.jsonl"
    assert main(["import-review", str(reviewed / "half.json"), str(reviewed / "half.csv"),
                 "-o", str(corpus)]) == 0
    models = tmp_path / "models"
    assert main(["train", str(corpus), "--name", "tiny", "--models-dir", str(models), "--no-progress", *TINY]) == 0
    sidecar = {s["index"]: s for s in _sidecar(reviewed)["statements"]}
    expected = {**ls, **csv_expected}
    changed = {i: ta for i, ta in expected.items()
               if ta[0] != sidecar[i]["type"] and sidecar[i]["box"] not in BOX_TYPES
               and not sidecar[i].get("grade")}  # a graded judgement is "other" by rule too
    assert len(changed) >= 6 and set(changed) & set(ls) and set(changed) & set(csv_expected)
    tagged = list(peelnlp.tag(REPORT, model="tiny", models_dir=models))
    for i, (type_, _) in changed.items():
        assert tagged[i]["type"] == type_, tagged[i]["text"]
    # Outside an area's own section (its rule decides there) the area is learned too.
    areas = {i: ta[1] for i, ta in ls.items() if tagged[i]["section"] in (
        "Overall summary", "HM Inspector's observations")}
    assert areas and all(tagged[i]["area"] == a for i, a in areas.items())
    meta = json.loads((models / "tiny" / "0.1.0" / "meta.json").read_text())
    review = meta["review"]
    assert review["unreviewed"] == "weight" and review["unreviewed_weight"] == 0.3
    (entry,) = review["files"]
    ids = sorted(i + 1 for i in expected)
    assert entry["reviewed"] == len(expected) and entry["reviewed_ids"] == {_sidecar(reviewed)["doc"]: ids}
    assert len(entry["reviewed_sha256"]) == 64 and meta["corpora"][0]["labels"] == "reviewed"


# -- malformed exports -------------------------------------------------------------

def test_malformed_exports_are_reported_row_by_row(reviewed, tmp_path, capsys):
    tasks = _ls_tasks(reviewed)
    docs = reviewed / "tasks.documents.jsonl"
    good, unknown, no_id, stranger, far = (json.loads(json.dumps(t)) for t in tasks[:5])
    good_new = _other(good["data"]["predicted_type"], TYPES)
    good["annotations"] = [{"result": [_choice("type", good_new)]}]
    unknown["annotations"] = [{"result": [_choice("type", "brilliant"), _choice("area", "cooking")]}]
    del no_id["data"]["index"]
    stranger["data"]["doc"] = "elsewhere.txt"
    far["data"]["index"] = 10_000
    for t in (no_id, stranger, far):
        t["annotations"] = [{"result": [_choice("type", "other")]}]
    export = tmp_path / "export.json"
    export.write_text(json.dumps([good, unknown, no_id, stranger, far, "junk"]), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": 1, "data": ', encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    rows = _csv_rows(reviewed)[5:8]  # other statements than the JSON rows
    rows[1]["area"] = "somewhere"
    rows[2]["index"] = "two"
    with open(sheet, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    out = tmp_path / "gold.jsonl"
    rc = main(["import-review", str(export), str(broken), str(sheet), "-o", str(out), "--documents", str(docs)])
    err = capsys.readouterr().err.splitlines()
    assert rc == 1

    def line(where):
        found = [e for e in err if where in e]
        assert len(found) == 1, (where, err)
        return found[0]

    assert "unknown type 'brilliant'" in line(f"{export}: row 2 ") and "unknown area 'cooking'" in line(
        f"{export}: row 2 ")
    assert "no index" in line(f"{export}: row 3 ")
    assert "elsewhere.txt" in line(f"{export}: row 4 ")
    assert "no statement 10000" in line(f"{export}: row 5 ")
    assert "not a task" in line(f"{export}: row 6")
    assert "not valid JSON" in line(f"{broken}:")
    assert "unknown area 'somewhere'" in line(f"{sheet}: row 3:")
    assert "not a whole number" in line(f"{sheet}: row 4:")
    assert not any(f"{sheet}: row 2" in e for e in err)
    # The good rows are still imported.
    gold = {g["id"] - 1: g for g in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert gold[good["data"]["index"]]["type"] == good_new and gold[good["data"]["index"]]["reviewed"]
    assert gold[rows[0]["index"] and int(rows[0]["index"])]["reviewed"]
    assert sum(g["reviewed"] for g in gold.values()) == len({good["data"]["index"], int(rows[0]["index"])})


def test_missing_documents_file_is_named(reviewed, tmp_path, capsys):
    export = tmp_path / "moved.json"
    tasks = _ls_tasks(reviewed)[:1]
    tasks[0]["annotations"] = [{"result": [_choice("type", "other")]}]
    export.write_text(json.dumps(tasks), encoding="utf-8")
    assert main(["import-review", str(export), "-o", str(tmp_path / "g.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "tasks.documents.jsonl" in err and "--documents" in err and "Traceback" not in err
    result = import_exports([export], documents=[reviewed / "tasks.documents.jsonl"])
    assert result.reviewed == 1 and not result.problems


# -- training on reviewed corpora ----------------------------------------------------

def test_corpus_of_several_documents_keeps_them_apart(tmp_path):
    from peelnlp.training.corpus import load_corpora
    from peelnlp.training.train import row_weights

    lines = []
    for doc, n in (("one.txt", 3), ("two.txt", 4)):
        for i in range(n):
            lines.append({"id": i + 1, "doc": doc, "text": f"Statement {i} of {doc}.",
                          "kind": "title" if i == 0 else "sentence", "type": "other", "area": "general",
                          "grade": None, "numeric_claims": [], "reviewed": i == 1})
    path = tmp_path / "reviewed.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    one, two = load_corpora([path])
    assert (one.name, len(one), two.name, len(two)) == ("one.txt", 3, "two.txt", 4)
    assert one.reviewed == [False, True, False] and two.ids == [1, 2, 3, 4]
    # Titles are not training rows; unreviewed rows get the policy's weight.
    assert row_weights([one, two], "weight", 0.3).tolist() == [1.0, 0.3, 1.0, 0.3, 0.3]
    assert row_weights([one, two], "skip").tolist() == [1.0, 0.0, 1.0, 0.0, 0.0]
    assert row_weights([one, two], "keep").tolist() == [1.0] * 5
    plain = load_corpora([ROOT / "corpora" / "sample" / "westmarch.gold.jsonl"])[0]
    assert plain.reviewed is None and row_weights([plain]).min() == 1.0


def test_sample_weight_changes_the_fit():
    from peelnlp.learn.estimators import TypeClassifier
    from peelnlp.learn.features import StatementInput

    X = [StatementInput(text=f"The force does {w} work.") for w in ("good", "fine", "good", "fine")]
    y = ["strength", "area_for_improvement", "area_for_improvement", "strength"]
    params = {"calibrate": False, "structure_dropout": False, "n_features": 2 ** 10}
    heavy_first = TypeClassifier(**params).fit(X, y, sample_weight=[5, 5, 1, 1])
    heavy_last = TypeClassifier(**params).fit(X, y, sample_weight=[1, 1, 5, 5])
    assert list(heavy_first.predict(X[:2])) == ["strength", "area_for_improvement"]
    assert list(heavy_last.predict(X[:2])) == ["area_for_improvement", "strength"]
