"""Reader for the ``lines`` format: one statement per non-empty line.

Each non-empty line becomes one ``line`` block. Surrounding whitespace is
stripped and whitespace runs inside a line are collapsed to one space; blocks are
separated by ``"\\n\\n"`` in the cleaned text, like every other reader's output.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..charmap import CharMap
from ..document import FRONT_CHARS, LINE, SourceDocument
from . import ReaderError

_WS = re.compile(r"\s+")
#: Characters that are invisible or formatting-only and are dropped.
_INVISIBLE = CharMap(dict.fromkeys("\ufeff\u200b\u200c\u200d\u2060\u00ad"))


def from_string(raw: str, path: str = "<lines>") -> SourceDocument:
    lines = (_WS.sub(" ", line).strip() for line in _INVISIBLE(raw).splitlines())
    return SourceDocument.from_blocks(path, ((LINE, line, None) for line in lines if line), format="lines",
                                      front=raw[:FRONT_CHARS])


def read(path: Path, **options) -> SourceDocument:
    from .decode import read_text_file

    doc = from_string(read_text_file(path, **options), str(path))
    if not doc.blocks:
        raise ReaderError(path, "no text found (file is empty or has only blank lines)")
    return doc
