"""Pipelines that save and load like spaCy's; Docs that serialise; one text, one answer."""
from __future__ import annotations

import json
import shutil

import pytest

from peelnlp.cli import main
from peelnlp.records import statement_records
from peelnlp.registry import ModelError, resolve

from conftest import ROOT, TINY, tamper

SAMPLE = ROOT / "corpora" / "sample" / "kestrel_bay.txt"
SMALL = [ROOT / "corpora" / "sample" / "westmarch.gold.jsonl", ROOT / "corpora" / "sample" / "harlow_vale.gold.jsonl"]


@pytest.fixture(scope="module")
def small_models(tmp_path_factory):
    models = tmp_path_factory.mktemp("models")
    assert main(["train", *map(str, SMALL), "--name", "peel", "--version", "0.0.1",
                 "--models-dir", str(models), "--no-progress", *TINY]) == 0
    return models


@pytest.fixture(scope="module")
def nlp(small_models):
    import peelnlp

    return peelnlp.load(models_dir=small_models)


def _records(doc):
    return json.loads(json.dumps(statement_records(doc, "x")))


def test_saved_pipeline_loads_without_the_registry(nlp, small_models, tmp_path):
    import spacy

    text = SAMPLE.read_text(encoding="utf-8")
    expected = _records(nlp(text))
    nlp.to_disk(tmp_path / "pipe")
    config = (tmp_path / "pipe" / "config.cfg").read_text()
    assert str(small_models) not in config and "peel@0.0.1" in config  # a name, no machine path
    moved = tmp_path / "gone"
    shutil.move(str(small_models), moved)  # the registry's models are gone
    try:
        again = spacy.load(tmp_path / "pipe")
        assert _records(again(text)) == expected
        fresh = spacy.load(tmp_path / "pipe")
        fresh.from_bytes(nlp.to_bytes())
        assert _records(fresh(text)) == expected
    finally:
        shutil.move(str(moved), small_models)


def test_changed_weights_in_a_saved_pipeline_are_refused(nlp, tmp_path):
    import spacy

    nlp.to_disk(tmp_path / "pipe")
    tamper(tmp_path / "pipe" / "peelnlp_classifier" / "type" / "coef.npy")
    with pytest.raises(ModelError, match="SHA-256"):
        spacy.load(tmp_path / "pipe")


@pytest.mark.parametrize("fmt", ["text", "html", "pdf"])
def test_reader_docs_survive_docbin_and_to_bytes(nlp, mini, fmt):
    from spacy.tokens import Doc, DocBin

    from peelnlp.pipeline import make_doc
    from peelnlp.readers import read

    doc = nlp(make_doc(nlp, read(mini[fmt])))
    expected = _records(doc)
    assert doc._.blocks
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    (back,) = DocBin(store_user_data=True).from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    assert _records(back) == expected and back._.blocks == doc._.blocks
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert _records(again) == expected


def test_two_processes_give_the_records_of_one(nlp, mini):
    from peelnlp.pipeline import make_doc
    from peelnlp.readers import read

    sources = [read(mini[fmt]) for fmt in ("text", "html", "pdf")]
    one = [_records(d) for d in nlp.pipe(make_doc(nlp, s) for s in sources)]
    two = [_records(d) for d in nlp.pipe((make_doc(nlp, s) for s in sources), n_process=2)]
    assert one == two and all(one)


def test_nlp_of_a_string_gives_the_statements_of_tag(nlp):
    import peelnlp

    text = SAMPLE.read_text(encoding="utf-8")
    from_string = _records(nlp(text))
    tagged = list(peelnlp.tag(SAMPLE, nlp=nlp))
    for r in tagged:
        r["doc"] = "x"
    assert from_string == json.loads(json.dumps(tagged))
    # Page furniture and link lines are gone, as the text reader removes them.
    assert not any("example.org" in r["text"] for r in from_string)


def test_registry_model_is_checked_before_initialize(small_models, tmp_path):
    from peelnlp.pipeline import build

    copy = tmp_path / "models"
    shutil.copytree(small_models, copy)
    tamper(resolve("peel@0.0.1", copy).path / "area" / "coef.npy")
    nlp = build()
    pipe = nlp.add_pipe("peelnlp_areas", config={"model": "peel@0.0.1"})
    with pytest.raises(ModelError, match="SHA-256"):
        pipe.initialize(models_dir=copy)


@pytest.mark.parametrize("reader", ["text", "lines", None])
def test_lone_surrogates_become_replacement_characters(structure_nlp, reader):
    """A Python string may hold a lone surrogate (spaCy's string store can't
    encode one): it reads as U+FFFD, with every offset kept."""
    import orjson

    from peelnlp.document import SourceDocument
    from peelnlp.pipeline import make_doc

    text = "The force answers calls \ud800 quickly.\n\nIt keeps 12 records \udfff a day."
    structure_nlp.tokenizer.reader = reader
    try:
        doc = structure_nlp(text)
    finally:
        structure_nlp.tokenizer.reader = "text"
    records = statement_records(doc)
    assert [r["text"] for r in records] == ["The force answers calls \ufffd quickly.", "It keeps 12 records \ufffd a day."]
    assert all(doc.text[r["start"]:r["end"]] == r["text"] for r in records)
    orjson.dumps(records)  # writable
    doc = structure_nlp(make_doc(structure_nlp, SourceDocument(text=text, blocks=None, path="x")))
    assert [r["text"] for r in statement_records(doc)] == [r["text"] for r in records]
