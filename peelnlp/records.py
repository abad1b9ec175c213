"""The output contract: one flat record per statement.

Every writer (JSONL, CSV, Parquet) and the Python API emit these fields, in
this order. Fields a component did not fill are ``None`` (``[]`` for
``numeric_claims``).
"""
from __future__ import annotations

from .extensions import STATEMENTS

FIELDS = (
    "doc", "index", "text", "start", "end", "kind", "section", "box", "heading",
    "type", "type_score", "area", "grade", "numeric_claims",
)


def statement_records(doc, path: str | None = None) -> list[dict]:
    """Records for every statement of a processed ``doc``."""
    name = path if path is not None else doc._.source
    records = []
    spans = doc.spans[STATEMENTS] if STATEMENTS in doc.spans else []
    for index, span in enumerate(spans):
        score = span._.type_score
        records.append({
            "doc": name,
            "index": index,
            "text": span.text,
            "start": span.start_char,
            "end": span.end_char,
            "kind": span._.kind,
            "section": span._.section,
            "box": span._.box,
            "heading": span._.heading,
            "type": span._.type,
            "type_score": None if score is None else round(float(score), 4),
            "area": span._.area,
            "grade": span._.grade,
            "numeric_claims": list(span._.numeric_claims or []),
        })
    return records
