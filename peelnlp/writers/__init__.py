"""Writers: records out to JSONL, CSV or Parquet, one document at a time.

Each writer appends a document's records as whole records and flushes, so
an interrupted run never leaves half a record (Parquet: one row group per
document, file finalised on close).
"""
from __future__ import annotations

import importlib

FORMATS = ("jsonl", "csv", "parquet")


def open_writer(fmt: str, path=None, append: bool = False):
    """A writer for ``fmt`` on ``path`` (standard output when ``None``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{fmt}")
    return module.Writer(path, append=append)
