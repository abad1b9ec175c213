"""Reader for text extracted from a PDF (one line per PDF line)."""
from __future__ import annotations

from pathlib import Path

from ..cleaning.pdftext import clean_pdf_text
from ..document import FRONT_CHARS, SourceDocument
from . import ReaderError


def from_string(raw: str, path: str = "<text>") -> SourceDocument:
    # Extraction lost the layout; the programmes' section titles (framework
    # data, not a component) tell which short lines were headings.
    from ..frameworks import all_known_titles

    text, blocks = clean_pdf_text(raw, all_known_titles())
    return SourceDocument(path=path, text=text, blocks=blocks, format="text", front=raw[:FRONT_CHARS])


def read(path: Path, **options) -> SourceDocument:
    from .decode import read_text_file

    doc = from_string(read_text_file(path, **options), str(path))
    if not doc.text.strip():
        raise ReaderError(path, "no text found (empty file?)")
    return doc
