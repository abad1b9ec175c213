"""Property tests: the pipeline takes any text without raising, and its
statements are well-formed spans of the cleaned text.

Two ways in: a bare string through the structure pipeline (blocks inferred
from blank lines), and raw "extracted PDF text" through the text reader's
cleaning (``peelnlp.readers.text.from_string``) and ``make_doc``.
"""
from __future__ import annotations

import functools
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peelnlp.extensions import STATEMENTS
from peelnlp.records import FIELDS, statement_records

KINDS = {"title", "finding_heading", "list_item", "sentence"}
#: PEELNLP_EXAMPLES=5000 for a longer hunt.
SETTINGS = settings(max_examples=int(os.environ.get("PEELNLP_EXAMPLES", "100")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@functools.lru_cache(maxsize=None)
def nlp():
    from peelnlp.pipeline import build

    return build(model_pipes=False)


# ----------------------------------------------------------------- strategies

#: Characters that matter to cleaning and segmentation, plus some of anything.
SPECIAL = list("\n\n\n  ..!?:;,•▪-–—()\"'‘’“”%£$/0123456789\u00a0\u00ad\t\r\f\v\x1c\x85\u2028\u2029\u200b\ufeff") + ["e.g.", "No.", "i.e.", "..."]
any_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(SPECIAL)),
             max_size=300).map("".join),
)
words = st.sampled_from([
    "the", "force", "police", "crime", "victims", "officers", "good", "requires", "improvement",
    "Constabulary", "Westshire", "PEEL", "percent", "calls", "999", "e.g.", "St.", "Dr.", "No.",
    "co-", "ordination", "(ASB)", "£1.5m", "12.4%", "2023/24", "1,234", "3–5", "twenty",
])
sentence = st.builds(
    lambda ws, end: " ".join(ws)[:1].upper() + " ".join(ws)[1:] + end,
    st.lists(words, min_size=1, max_size=14), st.sampled_from([".", ".", "!", "?", ":", "", ";"]),
)
heading = st.builds(lambda ws: " ".join(w.capitalize() for w in ws), st.lists(words, min_size=1, max_size=8))
bullet = st.builds(lambda b, s: f"{b} {s}", st.sampled_from(["•", "▪", "-", "–", "1.", "(a)", "i."]), sentence)
paragraph = st.builds(" ".join, st.lists(sentence, min_size=1, max_size=5))
# PDF-style wrapping: a paragraph broken over lines, maybe mid-word after a hyphen.
wrapped = st.builds(
    lambda p, width: "\n".join(p[i:i + width] for i in range(0, len(p), width)),
    paragraph, st.integers(min_value=8, max_value=90),
)
furniture = st.sampled_from(["7", "Page 3", "3 of 30", "https://www.example.org/report", "ii",
                             "Westshire Police: PEEL 2025 12"])
block = st.one_of(heading, paragraph, wrapped, bullet, st.lists(bullet, min_size=1, max_size=4).map("\n".join),
                  furniture, sentence)
report_like = st.builds(
    lambda blocks, sep: sep.join(blocks),
    st.lists(block, min_size=1, max_size=12), st.sampled_from(["\n\n", "\n", "\n\n\n", "\r\n\r\n"]),
)
texts = st.one_of(any_text, report_like)


# ----------------------------------------------------------------- checks

def check_statements(doc) -> None:
    spans = list(doc.spans[STATEMENTS]) if STATEMENTS in doc.spans else []
    last_token, last_char = 0, 0
    for span in spans:
        assert len(span) > 0
        assert doc.text[span.start_char:span.end_char] == span.text
        assert span.text.strip(), "a statement of whitespace only"
        assert span.start >= last_token and span.start_char >= last_char, "overlap or out of order"
        assert span._.kind in KINDS
        last_token, last_char = span.end, span.end_char
    records = statement_records(doc, "doc.txt")
    assert len(records) == len(spans)
    for record in records:
        assert list(record) == list(FIELDS)
        assert doc.text[record["start"]:record["end"]] == record["text"]
        json.dumps(record, ensure_ascii=False)  # every writer needs it serialisable


@SETTINGS
@given(texts)
def test_any_text_through_the_pipeline(text):
    from peelnlp.readers.text import from_string

    doc = nlp()(text)  # read as the text reader reads a .txt file
    assert doc.text == from_string(text).text
    check_statements(doc)


@SETTINGS
@given(texts)
def test_any_extracted_text_through_the_text_reader(raw):
    from peelnlp.pipeline import make_doc
    from peelnlp.readers.text import from_string

    source = from_string(raw, "doc.txt")
    for block in source.blocks:
        assert 0 <= block.start <= block.end <= len(source.text)
    doc = nlp()(make_doc(nlp(), source))
    assert doc.text == source.text
    check_statements(doc)


@functools.lru_cache(maxsize=None)
def nlp_with_model():
    from peelnlp.pipeline import load

    return load()  # the newest shipped model


@SETTINGS
@given(texts)
def test_any_text_through_the_shipped_models(text):
    """The classifiers' features (words, cue phrases, bags, hashed columns)
    take any text: every statement gets a known type with a probability and
    a known area."""
    from peelnlp.learn.estimators import AREAS, TYPES

    doc = nlp_with_model()(text)
    check_statements(doc)
    for span in doc.spans[STATEMENTS] if STATEMENTS in doc.spans else ():
        assert span._.type in TYPES and 0.0 <= span._.type_score <= 1.0
        assert span._.area in AREAS


# ----------------------------------------------------------------- files

file_bytes = st.one_of(
    st.binary(max_size=400),
    texts.map(lambda t: t.encode("utf-8")),
    texts.map(lambda t: t.encode("latin-1", "replace")),
    texts.map(lambda t: t.encode("utf-16")),
    st.binary(max_size=300).map(lambda b: b"%PDF-1.4\n" + b),
    texts.map(lambda t: f"<html><body><p>{t}</p></body></html>".encode("utf-8")),
)


@settings(SETTINGS, max_examples=max(20, SETTINGS.max_examples // 2))
@given(file_bytes, st.sampled_from([".txt", ".pdf", ".html", ".lines", ".dat"]))
def test_any_file_is_tagged_or_fails_in_one_line(data, suffix):
    import tempfile
    from pathlib import Path

    from peelnlp.bulk import process_path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        result = process_path(nlp(), path, capture=True)
    if result.failure is not None:
        assert result.records is None
        line = str(result.failure)
        assert "\n" not in line and "\r" not in line and line.startswith(str(path))
        assert not line.endswith(": "), "a failure without a reason"
    else:
        assert result.records is not None
        for record in result.records:
            json.dumps(record, ensure_ascii=False)
