"""Training, the model registry, hashes, and the trained components."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from peelnlp.cli import main
from peelnlp.learn.estimators import TypeClassifier
from peelnlp.learn.features import StatementInput
from peelnlp.registry import ModelError, list_models, resolve

from conftest import TINY, tamper

ROOT = Path(__file__).resolve().parents[1]
SMALL = [ROOT / "corpora" / "sample" / "westmarch.gold.jsonl", ROOT / "corpora" / "sample" / "harlow_vale.gold.jsonl"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    models = tmp_path_factory.mktemp("models")
    for version in ("0.1.0", "0.2.0"):
        rc = main(["train", *map(str, SMALL), "--name", "tiny", "--version", version,
                   "--models-dir", str(models), "--no-progress", *TINY])
        assert rc == 0
    return models


def test_meta_names_corpora_hashes_metrics_and_libraries(trained):
    meta = json.loads((trained / "tiny" / "0.1.0" / "meta.json").read_text())
    assert meta["name"] == "tiny" and meta["version"] == "0.1.0"
    assert [Path(c["path"]).name for c in meta["corpora"]] == [p.name for p in SMALL]
    assert all(len(c["sha256"]) == 64 for c in meta["corpora"])
    assert set(meta["labels"]["type"]) == {"strength", "area_for_improvement", "cause_of_concern",
                                           "innovative_practice", "other"}
    assert len(meta["labels"]["area"]) == 13
    # Held out (each document predicted by a model trained on the other), the tiny
    # model beats always answering the commonest type: a broken model would not.
    from collections import Counter

    types = [json.loads(line)["type"] for path in SMALL for line in path.read_text().splitlines()
             if json.loads(line)["kind"] != "title"]
    majority = Counter(types).most_common(1)[0][1] / len(types)
    assert meta["metrics"]["statements"] == len(types) and meta["folds"] == 2
    assert meta["metrics"]["type_accuracy"] > majority + 0.2
    assert {"spacy", "scikit-learn", "numpy", "datasets"} <= set(meta["libraries"])
    assert meta["files"] and all(len(h) == 64 for h in meta["files"].values())


def test_training_is_deterministic(trained):
    a = json.loads((trained / "tiny" / "0.1.0" / "meta.json").read_text())["files"]
    b = json.loads((trained / "tiny" / "0.2.0" / "meta.json").read_text())["files"]
    assert a == b


def test_registry_lists_and_resolves_newest(trained, capsys):
    entries = list_models(trained)
    assert [(e.name, e.version) for e in entries] == [("tiny", "0.1.0"), ("tiny", "0.2.0")]
    assert resolve("tiny", trained).version == "0.2.0"
    assert resolve("tiny@0.1.0", trained).version == "0.1.0"
    with pytest.raises(ModelError):
        resolve("tiny@9.9.9", trained)
    assert main(["models", "--models-dir", str(trained)]) == 0
    out = capsys.readouterr().out
    assert "tiny" in out and "0.2.0" in out and "type_accuracy" in out


def test_changed_model_file_is_refused(trained, tmp_path):
    copy = tmp_path / "models"
    shutil.copytree(trained, copy)
    entry = resolve("tiny@0.1.0", copy)
    tamper(entry.path / "type" / "coef.npy")
    with pytest.raises(ModelError, match="SHA-256"):
        entry.verify()


def test_model_files_cannot_run_code(trained, tmp_path):
    folder = tmp_path / "evil"
    shutil.copytree(trained / "tiny" / "0.1.0" / "type", folder)
    np.save(folder / "coef.npy", np.array([object()], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError):  # numpy refuses pickled arrays
        TypeClassifier.load(folder)


def test_existing_version_is_not_overwritten(trained):
    rc = main(["train", str(SMALL[0]), "--name", "tiny", "--version", "0.1.0",
               "--models-dir", str(trained), "--no-progress"])
    assert rc == 2


def test_estimator_api_and_box_rules():
    X = [StatementInput("The force answers calls quickly."), StatementInput("The force does not update victims."),
         StatementInput("The force answers most calls well."), StatementInput("Victims are not always told.")]
    y = ["strength", "area_for_improvement", "strength", "area_for_improvement"]
    model = TypeClassifier(calibrate=False).fit(X, y)
    assert list(model.predict(X)) == y
    proba = model.predict_proba(X)
    assert np.allclose(proba.sum(axis=1), 1.0)
    boxed = StatementInput("The force piloted a new app.", box="Innovative practice")
    assert model.predict([boxed])[0] == "innovative_practice"
    assert model.get_params()["C"] == 16.0


def test_pipeline_with_model_tags_types_and_areas(trained, mini):
    from peelnlp.pipeline import build, make_doc
    from peelnlp.readers import read

    nlp = build(resolve("tiny", trained))
    doc = nlp(make_doc(nlp, read(mini["text"])))
    spans = list(doc.spans["statements"])
    assert all(s._.type in {"strength", "area_for_improvement", "cause_of_concern", "innovative_practice", "other"}
               for s in spans)
    assert all(0.0 < s._.type_score <= 1.0 for s in spans)
    assert all(s._.area is not None for s in spans)
    boxed = [s for s in spans if s._.box == "Innovative practice" and s._.kind != "title"]
    assert boxed and all(s._.type == "innovative_practice" for s in boxed)
    in_section = [s for s in spans if s._.section == "Investigating crime"]
    assert in_section and all(s._.area == "investigating" for s in in_section)


def test_pipeline_saves_and_loads_with_its_model(trained, tmp_path):
    import spacy

    from peelnlp.pipeline import build

    nlp = build(resolve("tiny", trained))
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    text = "Investigating crime\n\nThe force does not always supervise investigations."
    doc_a, doc_b = nlp(text), again(text)
    a = [(s._.type, s._.area) for s in doc_a.spans["statements"]]
    b = [(s._.type, s._.area) for s in doc_b.spans["statements"]]
    assert a[1][0] is not None
    assert a == b


def test_shipped_model_is_verified_and_named_in_meta():
    entry = resolve(None, ROOT / "models")
    entry.verify()
    assert entry.name == "peel"
    assert any("corpora/" in c["path"] for c in entry.meta["corpora"])


def test_raw_reports_train_from_their_structure(tmp_path):
    from peelnlp.training.corpus import load_corpora

    raw = ROOT / "corpora" / "sample" / "kestrel_bay.txt"
    doc = load_corpora([raw])[0]
    assert doc.source == "structure"
    labelled = {t for t in doc.types if t is not None}
    # boxes give labels: innovative practice, causes of concern, areas for improvement; titles are other
    assert {"innovative_practice", "cause_of_concern", "other"} <= labelled
    rc = main(["train", str(raw), str(SMALL[0]), "--name", "mixed", "--models-dir", str(tmp_path), "--no-progress",
               *TINY])
    assert rc == 0
    meta = json.loads((tmp_path / "mixed" / "0.1.0" / "meta.json").read_text())
    assert [c["labels"] for c in meta["corpora"]] == ["structure", "gold"]


def test_bad_corpus_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.gold.jsonl"
    bad.write_text('{"text": "A statement.", "kind": "sentence", "type": "brilliant", "area": "general"}\n')
    assert main(["train", str(bad), "--name", "x", "--models-dir", str(tmp_path), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "bad.gold.jsonl" in err and len(err.strip().splitlines()) == 1


# -- a registry that trusts nothing unchecked ----------------------------------

def test_unlisted_file_refuses_the_model(trained, tmp_path):
    copy = tmp_path / "models"
    shutil.copytree(trained, copy)
    entry = resolve("tiny@0.1.0", copy)
    meta = json.loads((entry.path / "meta.json").read_text())
    del meta["files"]["type/coef.npy"]  # drop its entry, then change the weights
    (entry.path / "meta.json").write_text(json.dumps(meta))
    tamper(entry.path / "type" / "coef.npy")
    with pytest.raises(ModelError, match="not listed in meta.json"):
        resolve("tiny@0.1.0", copy).verify()


@pytest.mark.parametrize("name", ["../../etc/hostname", "/etc/hostname", "type/../../x"])
def test_file_names_cannot_leave_the_model_folder(trained, tmp_path, name):
    copy = tmp_path / "models"
    shutil.copytree(trained, copy)
    entry = resolve("tiny@0.1.0", copy)
    meta = json.loads((entry.path / "meta.json").read_text())
    meta["files"][name] = "0" * 64
    (entry.path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="leaves the model folder"):
        resolve("tiny@0.1.0", copy).verify()


def test_a_broken_model_is_listed_as_broken_and_hides_no_other(trained, tmp_path, capsys):
    copy = tmp_path / "models"
    shutil.copytree(trained, copy)
    (copy / "tiny" / "0.1.0" / "meta.json").write_text("{not json")
    assert main(["models", "--models-dir", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "BROKEN" in out and "0.2.0" in out
    assert resolve("tiny", copy).version == "0.2.0"
    with pytest.raises(ModelError, match="broken"):
        resolve("tiny@0.1.0", copy)


@pytest.mark.parametrize("change", [{"n_features": 2 ** 36}, {"surprise": 1}])
def test_model_parameters_are_validated(trained, tmp_path, change):
    folder = tmp_path / "type"
    shutil.copytree(trained / "tiny" / "0.1.0" / "type", folder)
    spec = json.loads((folder / "model.json").read_text())
    spec["params"].update(change)
    (folder / "model.json").write_text(json.dumps(spec))
    with pytest.raises(ValueError, match="model.json"):
        TypeClassifier.load(folder)


def test_corpus_weights_reach_the_documents_found_there(tmp_path, capsys):
    from peelnlp.training.corpus import load_corpora
    from peelnlp.training.train import _document_weights

    sample = Path(__file__).resolve().parents[1] / "corpora" / "sample"
    docs = load_corpora([sample])
    one = sample / "aldermoor.gold.jsonl"
    weights = _document_weights(docs, {str(one): 4.0}, [sample])
    assert [w for d, w in zip(docs, weights) if d.path.name == one.name] == [4.0]
    assert sorted(weights)[:-1] == [1.0] * (len(docs) - 1)
    with pytest.raises(ValueError, match="no training document there"):
        _document_weights(docs, {str(tmp_path): 2.0}, [sample])
    assert main(["train", str(sample), "--name", "x", "--models-dir", str(tmp_path), "--weight", "x=-1"]) == 2
    assert "W a number above 0" in capsys.readouterr().err


@pytest.mark.parametrize("config, says", [({"folds": 1}, "folds must be"), ({"type": {"depth": 3}}, "depth"),
                                          ({"epochs": 3}, "only the keys"), ("{", "not a training config")])
def test_bad_training_config_is_one_line(tmp_path, capsys, config, says):
    path = tmp_path / "config.json"
    path.write_text(config if isinstance(config, str) else json.dumps(config))
    rc = main(["train", str(SMALL[0]), "--name", "x", "--models-dir", str(tmp_path), "--config", str(path)])
    err = capsys.readouterr().err
    assert rc == 2 and len(err.strip().splitlines()) == 1 and str(path) in err and says in err
    assert not (tmp_path / "x").exists()
