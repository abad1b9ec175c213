"""The output contract: one flat record per statement.

Every writer (JSONL, CSV, Parquet) and the Python API emit these fields, in
this order. Fields a component did not fill are ``None`` (``[]`` for
``numeric_claims``).
"""
from __future__ import annotations

from .extensions import doc_text, span_values, statement_offsets

#: read from the document (``doc._.<name>``): the same on every record of a report
DOC_FIELDS = ("body", "programme", "published", "framework", "model")
FIELDS = (
    "doc", *DOC_FIELDS, "index", "text", "start", "end", "kind", "section", "box", "heading",
    "type", "type_score", "area", "grade", "numeric_claims",
)
_SPAN_FIELDS = FIELDS[FIELDS.index("kind"):]  # read from span extensions of the same names


def statement_records(doc, path: str | None = None) -> list[dict]:
    """Records for every statement of a processed ``doc``."""
    name = path if path is not None else doc._.source
    offsets = statement_offsets(doc)
    text = doc_text(doc)
    columns = {field: span_values(doc, offsets, field) for field in _SPAN_FIELDS}
    about = {field: getattr(doc._, field) for field in DOC_FIELDS}
    records = []
    for index, (start, end) in enumerate(offsets):
        record = {"doc": name, **about, "index": index, "text": text[start:end], "start": start, "end": end}
        for field in _SPAN_FIELDS:
            record[field] = columns[field][index]
        score = record["type_score"]
        record["type_score"] = None if score is None else round(float(score), 4)
        record["numeric_claims"] = list(record["numeric_claims"] or [])
        records.append(record)
    return records
