"""The reader's output: cleaned text plus the layout blocks found in it.

Readers know the layout (a PDF's font weights, HTML tags, blank lines); the
spaCy components only see text. ``Block`` carries the layout across that gap as
character ranges into the cleaned text, so every later offset is an offset into
``SourceDocument.text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

#: Block kinds a reader may emit.
HEADING = "heading"        # a line set apart as a heading (bold, <h3>, own line)
PARAGRAPH = "paragraph"    # running text, split into sentences later
LIST_ITEM = "list_item"    # one bullet or numbered item (may hold sentences)
LINE = "line"              # one statement per line, no structure (``lines`` format)
BLOCK_KINDS = (HEADING, PARAGRAPH, LIST_ITEM, LINE)

#: how much of a document's start a reader keeps as ``SourceDocument.front``
FRONT_CHARS = 4000


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str = PARAGRAPH
    #: heading level where the source says it (1 = biggest); None when unknown
    level: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad block range {self.start}..{self.end}")


@dataclass
class SourceDocument:
    """A document as read from disk: cleaned text and its layout blocks."""

    path: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    format: str = "text"
    #: the document's first lines as read, before cleaning: the title page and
    #: running header that name the report (cleaning drops them as furniture);
    #: peelnlp.components.metadata reads them
    front: str = ""

    @classmethod
    def from_blocks(cls, path: str, items: Iterable[tuple[str, str, int | None]], format: str = "text",
                    front: str = "") -> "SourceDocument":
        """A document of ``(kind, text, level)`` blocks in reading order (see :func:`join_blocks`)."""
        text, blocks = join_blocks(items)
        return cls(path=path, text=text, blocks=blocks, format=format, front=front)

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]


def join_blocks(items: Iterable[tuple[str, str, int | None]]) -> tuple[str, list[Block]]:
    """The texts of ``(kind, text, level)`` blocks joined with a blank line
    (``"\n\n"``, which no block holds), and each block's :class:`Block` range."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for kind, text, level in items:
        if parts:
            pos += 2
        blocks.append(Block(pos, pos + len(text), kind, level))
        parts.append(text)
        pos += len(text)
    return "\n\n".join(parts), blocks
