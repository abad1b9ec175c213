"""Bulk reads and writes of statement attributes agree with ``span._``."""
from __future__ import annotations

import spacy
from spacy.tokens import Span

from peelnlp.extensions import (
    STATEMENTS, register_extensions, set_span_values, span_values, statement_offsets,
)


def _doc():
    register_extensions()
    doc = spacy.blank("en")("The force is good. It should improve. Victims wait.")
    doc.spans[STATEMENTS] = [doc[0:5], doc[5:9], doc[9:12]]
    return doc


def test_values_written_in_bulk_are_seen_through_span_underscore_and_back():
    doc = _doc()
    offsets = statement_offsets(doc)
    assert offsets == [(s.start_char, s.end_char) for s in doc.spans[STATEMENTS]]
    set_span_values(doc, offsets, "type", ["strength", "area_for_improvement", "other"])
    assert [s._.type for s in doc.spans[STATEMENTS]] == ["strength", "area_for_improvement", "other"]
    doc.spans[STATEMENTS][1]._.area = "responding"
    assert span_values(doc, offsets, "area") == [None, "responding", None]


def test_offsets_follow_a_replaced_or_grown_group():
    doc = _doc()
    assert len(statement_offsets(doc)) == 3
    doc.spans[STATEMENTS] = [doc[0:5]]
    assert statement_offsets(doc) == [(0, 18)]
    doc.spans[STATEMENTS].append(doc[5:9])
    assert len(statement_offsets(doc)) == 2
    del doc.spans[STATEMENTS]
    assert statement_offsets(doc) == []


def test_an_attribute_re_registered_with_a_getter_is_read_through_it():
    doc = _doc()
    offsets = statement_offsets(doc)
    try:
        Span.set_extension("grade", getter=lambda span: span.text[:3], force=True)
        assert span_values(doc, offsets, "grade") == ["The", "It ", "Vic"]
    finally:
        Span.set_extension("grade", default=None, force=True)
