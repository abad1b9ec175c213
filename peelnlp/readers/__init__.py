"""Readers turn a file into a :class:`~peelnlp.document.SourceDocument`.

One module per format; :func:`read` picks one by ``input_format`` (``auto``:
by extension, then by sniffing the bytes).
"""
from __future__ import annotations

import importlib
from pathlib import Path

from ..document import SourceDocument

FORMATS = ("text", "pdf", "html", "lines")
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".lines": "lines",
}


class ReaderError(Exception):
    """A document that can't be read; the message says why in one line."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def sniff_format(path: Path, head: bytes) -> str:
    """Guess a format from the first bytes of a file."""
    if head.startswith(b"%PDF"):
        return "pdf"
    lowered = head[:2048].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    return "text"


def detect_format(path: Path) -> str:
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is not None:
        return fmt
    with open(path, "rb") as fh:
        return sniff_format(path, fh.read(4096))


def read(path, input_format: str = "auto", **options) -> SourceDocument:
    """Read ``path`` with the reader for ``input_format``.

    Raises :class:`ReaderError` for a document that can't be read.
    """
    path = Path(path)
    if input_format not in ("auto",) + FORMATS:
        raise ValueError(f"unknown input format {input_format!r}")
    try:
        fmt = detect_format(path) if input_format == "auto" else input_format
    except OSError as exc:
        raise ReaderError(path, f"can't open: {exc.strerror or exc}") from None
    module = importlib.import_module(f"{__name__}.{fmt}")
    return module.read(path, **options)
