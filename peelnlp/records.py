"""The output contract: one flat record per statement.

Every writer (JSONL, CSV, Parquet) and the Python API emit these fields, in
this order. Fields a component did not fill are ``None`` (``[]`` for
``numeric_claims``).
"""
from __future__ import annotations

from .extensions import STATEMENTS, doc_text

FIELDS = (
    "doc", "index", "text", "start", "end", "kind", "section", "box", "heading",
    "type", "type_score", "area", "grade", "numeric_claims",
)


def statement_records(doc, path: str | None = None) -> list[dict]:
    """Records for every statement of a processed ``doc``."""
    name = path if path is not None else doc._.source
    records = []
    spans = doc.spans[STATEMENTS] if STATEMENTS in doc.spans else []
    text = doc_text(doc)
    for index, span in enumerate(spans):
        u = span._  # one Underscore per span: building it is not free
        start, end = span.start_char, span.end_char
        score = u.type_score
        records.append({
            "doc": name,
            "index": index,
            "text": text[start:end],
            "start": start,
            "end": end,
            "kind": u.kind,
            "section": u.section,
            "box": u.box,
            "heading": u.heading,
            "type": u.type,
            "type_score": None if score is None else round(float(score), 4),
            "area": u.area,
            "grade": u.grade,
            "numeric_claims": list(u.numeric_claims or []),
        })
    return records
