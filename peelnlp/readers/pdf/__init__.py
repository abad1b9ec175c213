"""Reader for PDF reports (pdfplumber): lines, furniture, blocks, one module each.

The reader works from the characters pdfplumber reports, with their font name,
size and position:

1. **Lines.** Characters are grouped into lines by vertical position (a
   superscript stays in its line), then ordered left to right; spaces come from
   space characters or from horizontal gaps. A list marker drawn as a small
   filled disc or square (as browsers print a list) reads as "•", and a drop
   cap starts the word beside it. Where a stretch of a page is set in two
   columns (or a box beside the text), a gutter that none of its lines cross,
   it is read column by column (lines.py, ``_in_columns``).
2. **Footnote markers** (small raised digits glued to a word, or Unicode
   superscript digits) are dropped.
3. **Page furniture** is dropped: page numbers ("7", "Page 7", "7 of 30") in
   the top or bottom band of a page; lines in those bands that repeat on most
   pages (running headers and footers; digits are ignored when comparing);
   first/last lines that start or end with a number tracking the page number
   ("Chapter 2: Scope 7");
   small-print lines in those bands that repeat on at least two pages; link-only
   lines (a URL, optionally after a footnote number, and the rest of a URL
   that wrapped); and footnote text at the foot of a page (small print starting
   with a number, below all the body text).
4. **Styles.** The body size is the most common character size. A line is
   heading-like when its text is bold and at least body size, or clearly larger
   than the body (≥ 1.15×). Headings get levels by style: the largest style is
   level 1, and at equal size a bold style ranks above a regular one.
5. **Blocks.** A new block starts at a change of style, at a vertical gap larger
   than the style's usual line spacing, and at a bullet ("•", "▪", "-", "–",
   "1.", "(a)", ...; or a small filled shape drawn as one, step 1). A heading
   that wraps over several lines stays one ``heading`` block (its lines sit
   less than two of its sizes apart; two headings of one style, one after the
   other, are two); a bullet's continuation lines stay in its ``list_item``
   (a line back at the bullet's left edge after a full stop starts a paragraph).
   A paragraph or list item continues across a page break, or to the head of
   the next column, unless it visibly ended (terminal punctuation on a short
   last line); a heading does where its next line starts lower-case. A
   paragraph line that stops well short of its column's right margin (under
   70% of the text width) where the next line's first word would have fitted
   ends its block: the text after it was set on a new line on purpose (a
   signature, an address), as running text fills its lines. A bold line that reads
   like a sentence (ends with "." or ":" and has at least 4 words) is
   a paragraph, not a heading. A bold lead-in at the start of a block followed
   on the same line by regular text starting with a capital is split off as a
   heading.

Inside a block, lines are joined with a space, or without one after a
line-final hyphen when the next line starts lowercase: "Eng-" + "land" where
the document writes "England" whole elsewhere and never hyphenated, else
"co-" + "ordination" (``text.WordBreaks``). Whitespace runs become one
space. Blocks are separated by "\\n\\n".
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from ...document import FRONT_CHARS, HEADING, LIST_ITEM, PARAGRAPH, SourceDocument
from ...text import WordBreaks
from .. import ReaderError
from ..budget import Budget
from .blocks import build_blocks, join_lines, normalise_bullet, split_lead_in
from .furniture import drop_contents, remove_furniture
from .lines import STRONG_BULLET_RE, Line, page_lines

_STATEMENT_END_RE = re.compile(r"[.:][)’”'\"]*$")


def _open_error(path, exc: BaseException, password: str | None = None) -> ReaderError:
    chain = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 6:
        chain.append(e)
        chain.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        e = e.__cause__ or e.__context__
    names = " ".join(type(x).__name__ for x in chain)
    if "Password" in names or "Encrypt" in names or "CryptographyNotInstalled" in names:
        if password:
            return ReaderError(path, "encrypted PDF (the password given doesn't open it)")
        return ReaderError(path, "encrypted PDF (a password is needed to read it)")
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if len(detail) > 120:
        detail = detail[:117] + "..."
    return ReaderError(path, f"corrupt or unreadable PDF: {detail}")


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ReaderError(path, f"can't read: {exc.strerror or exc}") from None
    if not head:
        raise ReaderError(path, "corrupt or unreadable PDF: empty file")
    if b"%PDF-" not in head:
        raise ReaderError(path, "corrupt or unreadable PDF: no %PDF header (not a PDF file?)")


def _extract_pages(path: Path, password: str | None, budget=None) -> list[list[Line]]:
    import pdfplumber

    pages: list[list[Line]] = []
    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            if budget is not None:
                budget.pages(len(pdf.pages))
            for number, page in enumerate(pdf.pages, start=1):
                if budget is not None:  # before pdfminer lays the page out
                    budget.page_cost(number, page.page_obj)
                pages.append(page_lines(page, number))
                page.close()
                if budget is not None:  # checked page by page, while reading
                    budget.add_chars(sum(len(line.text) for line in pages[-1]))
    except ReaderError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on bad input
        raise _open_error(path, exc, password) from None
    return pages


#: lines, about a page, past which a PDF with no line set apart by size or
#: weight is taken to have no typographic headings (a box or a paragraph
#: alone needs none)
_PLAIN_MIN_LINES = 40


def _read_by_shape(path: Path, pages: list[list[Line]], front: str) -> SourceDocument:
    """A PDF set in one size and weight throughout (an OCR layer, or text
    typeset plainly) gives no typographic cue to its headings: its lines,
    furniture dropped, are read as text extracted from a PDF is, by their
    shape (``cleaning.pdftext``). Read by fonts, each heading ran into the
    paragraph after it (the samples so typeset: type 0.74 to 0.98)."""
    from ...cleaning.pdftext import clean_pdf_text
    from ...frameworks import all_known_titles

    raw = "\n".join(unicodedata.normalize("NFC", line.text) for lines in pages for line in lines)
    text, blocks = clean_pdf_text(raw, all_known_titles())
    if not text:
        raise ReaderError(path, "no text left after removing page furniture (page numbers, running headers, links)")
    return SourceDocument(path=str(path), text=text, blocks=blocks, format="pdf", front=front)


def read(path: Path, password: str | None = None, **options) -> SourceDocument:
    """Read a PDF into cleaned text and heading/paragraph/list_item blocks.

    ``password`` opens an encrypted PDF. Raises ``ReaderError`` for files that
    aren't PDFs or are corrupt, for encrypted PDFs without the password, and for
    PDFs with no text layer.
    """
    path = Path(path)
    _check_header(path)
    pages = _extract_pages(path, password, Budget.from_options(path, options))
    if not any(pages):
        raise ReaderError(path, "no extractable text (image-only PDF?)")

    sizes: Counter = Counter()
    colours: Counter = Counter()
    for lines in pages:
        for line in lines:
            for c in line.chars:
                if not c["text"].isspace():
                    sizes[round(c["size"] * 2) / 2] += 1
                    colours[c.get("color")] += 1
    body_size = sizes.most_common(1)[0][0]
    body_colour = colours.most_common(1)[0][0]

    # The title page and running header name the report; furniture removal drops them.
    front = "\n".join(line.text for lines in pages[:2] for line in lines)[:FRONT_CHARS]
    pages = drop_contents(remove_furniture(pages, body_size))
    for i, lines in enumerate(pages):
        marked: list[Line] = []
        for line in lines:
            line.heading = (
                (line.bold and line.size >= 0.95 * body_size) or line.size >= 1.15 * body_size
                # set apart by its colour alone: a whole line, not a sentence's end
                or (line.color is not None and line.color != body_colour and line.size >= 0.95 * body_size
                    and not _STATEMENT_END_RE.search(line.text))
            ) and not STRONG_BULLET_RE.match(line.text)
            marked.append(line)
        pages[i] = marked
    if sum(map(len, pages)) >= _PLAIN_MIN_LINES and not any(line.heading for lines in pages for line in lines):
        return _read_by_shape(path, pages, front)
    # bold lead-ins at the start of a block
    for i, lines in enumerate(pages):
        split: list[Line] = []
        for j, line in enumerate(lines):
            starts_block = j == 0 or line.base - lines[j - 1].base > 1.5 * line.size \
                or lines[j - 1].heading
            if starts_block and not line.heading:
                split.extend(split_lead_in(line, body_size))
            else:
                split.append(line)
        pages[i] = split

    drafts = build_blocks(pages, body_size)

    breaks = WordBreaks.of([line.text for draft in drafts for line in draft.lines])
    texts: list[tuple[str, str, tuple[float, bool] | None]] = []
    for draft in drafts:
        text = join_lines(draft.lines, breaks)
        if not text:
            continue
        kind = draft.kind
        if kind == HEADING and _STATEMENT_END_RE.search(text) and len(text.split()) >= 4:
            kind = PARAGRAPH  # a bold sentence, not a heading
        if kind == LIST_ITEM:
            text = normalise_bullet(text)
        texts.append((kind, text, draft.style if kind == HEADING else None))
    if not texts:
        raise ReaderError(path, "no text left after removing page furniture "
                                "(page numbers, running headers, links)")

    heading_styles = sorted({s for _, _, s in texts if s is not None},
                            key=lambda s: (-s[0], not s[1]))
    levels = {s: i + 1 for i, s in enumerate(heading_styles)}

    items = ((kind, unicodedata.normalize("NFC", text), levels.get(style) if style else None)
             for kind, text, style in texts)
    return SourceDocument.from_blocks(str(path), items, format="pdf", front=front)
