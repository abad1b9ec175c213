"""Reader for Word documents (``.docx``): a report as its author wrote it,
or as a word processor gave it back after opening the PDF.

mammoth (the library made to turn a ``.docx`` into clean HTML by its
styles) renders the document, and the HTML reader reads the result, so
the two agree on every layout rule: "Heading 1" to "Heading 6" are
headings, a paragraph wholly in bold is a heading, Word's bulleted and
numbered lists are list items with their marker, footnotes are left out,
and so are images (never decoded), comments, headers and footers.
"""
from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

from ..document import SourceDocument
from . import ReaderError
from .budget import Budget

#: the parts of a .docx whose XML mammoth reads, with the main document's
_XML_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml", "word/numbering.xml",
              "word/styles.xml", "word/comments.xml")


def _no_image(image) -> dict:
    return {}  # an image reads as nothing, and its bytes are never read


def from_bytes(data, path: str = "<docx>") -> SourceDocument:
    """Read a ``.docx`` from a binary file object."""
    import mammoth

    from . import html

    result = mammoth.convert_to_html(data, convert_image=mammoth.images.img_element(_no_image))
    return replace(html.from_string(result.value, path), format="docx")


def read(path: Path, **options) -> SourceDocument:
    path = Path(path)
    budget = Budget.from_options(path, options)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise ReaderError(path, "not a Word document (.docx): the archive holds no word/document.xml")
            # Counted from the archive's directory before anything is inflated,
            # so a small file that inflates to gigabytes is refused unread.
            budget.xml(sum(zf.getinfo(n).file_size for n in _XML_PARTS if n in names))
    except zipfile.BadZipFile:
        raise ReaderError(path, "not a Word document (.docx): not a zip archive "
                                "(a password-protected or Word 97-2003 document is not one)") from None
    except OSError as exc:
        raise ReaderError(path, f"can't read: {exc.strerror or exc}") from None
    from xml.parsers.expat import ExpatError

    try:
        with open(path, "rb") as fh:
            doc = from_bytes(fh, str(path))
    except (ExpatError, KeyError, ValueError, zipfile.BadZipFile) as exc:  # malformed XML, a part missing
        raise ReaderError(path, f"not a readable Word document (.docx): {exc}") from None
    budget.add_chars(len(doc.text))
    if not doc.blocks:
        raise ReaderError(path, "no text found in the Word document (empty, or only images)")
    return doc
