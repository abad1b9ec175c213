"""Reader for the ``lines`` format: one statement per non-empty line.

Each non-empty line becomes one ``line`` block. Surrounding whitespace is
stripped and whitespace runs inside a line are collapsed to one space; blocks are
separated by ``"\\n\\n"`` in the cleaned text, like every other reader's output.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..charmap import CharMap
from ..document import FRONT_CHARS, LINE, SourceDocument
from ..text import private_use_bullets, read_letter_bullets
from . import ReaderError

_WS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _char_map() -> CharMap:
    """Invisible or formatting-only characters dropped, and the private-use
    bullets of Symbol fonts read as the bullets they draw."""
    return CharMap({**dict.fromkeys("\ufeff\u200b\u200c\u200d\u2060\u00ad"), **private_use_bullets()})


def from_string(raw: str, path: str = "<lines>") -> SourceDocument:
    lines = read_letter_bullets([text for text in (_WS.sub(" ", line).strip()
                                                  for line in _char_map()(raw).splitlines()) if text])
    return SourceDocument.from_blocks(path, ((LINE, line, None) for line in lines), format="lines",
                                      front=raw[:FRONT_CHARS])


def read(path: Path, **options) -> SourceDocument:
    from .decode import read_text_file

    doc = from_string(read_text_file(path, **options), str(path))
    if not doc.blocks:
        raise ReaderError(path, "no text found (file is empty or has only blank lines)")
    return doc
