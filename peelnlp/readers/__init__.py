"""Readers turn a file into a :class:`~peelnlp.document.SourceDocument`.

One module per format; :func:`read` picks one by ``input_format`` (``auto``:
by extension, then by sniffing the bytes).
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

from ..document import SourceDocument

FORMATS = ("text", "pdf", "html", "markdown", "docx", "lines")
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown", ".docx": "docx",
    ".lines": "lines",
}


class ReaderError(Exception):
    """A document that can't be read; the message says why in one line."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


#: formats users try that peelnlp does not read, by extension
UNSUPPORTED = {".doc": "Word 97-2003; save it as .docx", ".odt": "OpenDocument", ".rtf": "RTF", ".xlsx": "Excel",
               ".xls": "Excel", ".pptx": "PowerPoint", ".epub": "EPUB", ".zip": "zip"}
SUPPORTED = ("peelnlp reads PDF-extracted text (.txt), PDF, HTML, Markdown (.md), Word (.docx) "
             "and one statement per line (.lines)")


def _holds_word_document(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def sniff_format(path: Path, head: bytes) -> str:
    """Guess a format from the first bytes of a file."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and _holds_word_document(path):
        return "docx"
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))  # text with NUL bytes in every character
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or (not utf16 and b"\x00" in head[:1024]):
        what = UNSUPPORTED.get(path.suffix.lower(), "a binary file")
        raise ReaderError(path, f"unsupported format ({what}); {SUPPORTED}")
    lowered = head[:2048].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    return "text"


#: a Markdown heading line ("## Main findings"), which PDF-extracted text never starts with
_MARKDOWN_HEADINGS = re.compile(rb"^#{1,6}[ \t]+\S", re.M)


def detect_format(path: Path) -> str:
    """The format by extension, where the content does not contradict it: a
    PDF is read as a PDF whatever its name, a file named .pdf that holds
    HTML as HTML (a saved web page), and a .txt whose first 4 KB hold two
    Markdown headings as Markdown; otherwise by sniffing the bytes."""
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None and path.suffix.lower() in UNSUPPORTED:
        raise ReaderError(path, f"unsupported format {path.suffix} ({UNSUPPORTED[path.suffix.lower()]}); {SUPPORTED}")
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"%PDF"):
        return "pdf"
    if fmt == "pdf":
        lowered = head[:2048].lstrip().lower()
        html = lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered
        return "html" if html else "pdf"  # not a PDF: the PDF reader says so
    if fmt == "text" and len(_MARKDOWN_HEADINGS.findall(head)) >= 2:
        return "markdown"  # a converter's Markdown saved as .txt
    return fmt if fmt is not None else sniff_format(path, head)


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


def from_string(text: str, input_format: str = "text", path: str = "<string>") -> SourceDocument:
    """Read a string as the reader of ``input_format`` reads a file's text
    ("text": PDF-extracted text; "lines"; "html"; "markdown")."""
    module = importlib.import_module(f"{__name__}.{input_format}") if input_format in FORMATS else None
    if module is None or not hasattr(module, "from_string"):
        readable = ", ".join(f for f in FORMATS if hasattr(importlib.import_module(f"{__name__}.{f}"), "from_string"))
        raise ValueError(f"can't read a string as {input_format!r}; formats read from strings: {readable}")
    return module.from_string(text, path)
