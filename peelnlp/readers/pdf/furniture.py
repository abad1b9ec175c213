"""PDF reading, step 2: page furniture is dropped.

Page numbers ("7", "Page 7", "7 of 30") in the top or bottom band of a page;
lines in those bands that repeat on most pages (running headers and footers;
digits are ignored when comparing); first/last lines that start or end with a
number tracking the page number ("Chapter 2: Scope 7"); small-print lines in
those bands that repeat on at least two pages; link-only lines (a URL,
optionally after a footnote number, and the rest of a URL that wrapped); and
footnote text at the foot of a page (small print starting with a number,
below all the body text); a copyright line and an ISBN (the back cover's). A table of contents whose entries have no dot
leaders (a title the framework knows, then its page) goes too
(:func:`drop_contents`).
"""
from __future__ import annotations

import math
import re
from collections import defaultdict

from .lines import MARKER_CHARS, WS_RE, Line

_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_URL_RE = re.compile(
    r"^(?:\d{1,3}\s*)?(?:https?://|ftp://|www\.)\S+$|"
    r"^(?:\d{1,3}\s*)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.uk|org\.uk|co\.uk|ac\.uk|police\.uk|"
    r"com|org|net|uk|eu|int)(?:/\S*)?$", re.I)
_TOC_RE = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}$")
#: Share of the page height searched for running headers/footers and page numbers.
_BAND = 0.12


def _key(text: str) -> str:
    return WS_RE.sub(" ", re.sub(r"\d+", "#", text.lower())).strip()


def _in_band(line: Line) -> str | None:
    band = _BAND * line.page_height
    if line.bottom <= band:
        return "top"
    if line.top >= line.page_height - band:
        return "bottom"
    return None


def _edge_lines(lines: list[Line]) -> list[Line]:
    """The first two and last two lines of a page that lie in its top/bottom band."""
    return [ln for ln in lines[:2] + lines[-2:] if _in_band(ln)]


def _edge_numbers(text: str) -> set[int]:
    found = set()
    for m in (re.match(r"^(?:page\s+)?(\d{1,4})\b", text, re.I), re.search(r"\b(\d{1,4})$", text)):
        if m:
            found.add(int(m.group(1)))
    return found


def remove_furniture(pages: list[list[Line]], body_size: float) -> list[list[Line]]:
    n_pages = len(pages)
    # repeated band lines: count pages per (key, band, rounded position)
    occurrences: dict[tuple, set[int]] = defaultdict(set)
    for lines in pages:
        for line in lines:
            band = _in_band(line)
            if band:
                pos = line.top if band == "top" else line.page_height - line.bottom
                occurrences[(_key(line.text), band, round(pos / 8))].add(line.page)
    # merge neighbouring position buckets
    by_key: dict[tuple, set[int]] = defaultdict(set)
    for (key, band, pos), pages_seen in occurrences.items():
        for neighbour in (pos - 1, pos, pos + 1):
            by_key[(key, band, neighbour)] |= pages_seen
    most = max(2, math.ceil(0.5 * n_pages))

    def repeated(line: Line) -> bool:
        band = _in_band(line)
        if not band or n_pages < 2:
            return False
        pos = line.top if band == "top" else line.page_height - line.bottom
        seen = by_key.get((_key(line.text), band, round(pos / 8)), set())
        if len(seen) >= most:
            return True
        return len(seen) >= 2 and line.size < 0.95 * body_size

    # running headers/footers that carry the page number ("Chapter 2: Scope 7"):
    # a number at the start or end of an edge line that tracks the page index
    offsets: dict[int, set[int]] = defaultdict(set)
    for lines in pages:
        for line in _edge_lines(lines):
            for n in _edge_numbers(line.text):
                offsets[n - line.page].add(line.page)
    page_offset = None
    if offsets:
        offset, seen = max(offsets.items(), key=lambda kv: len(kv[1]))
        if len(seen) >= max(3, math.ceil(0.3 * n_pages)):
            page_offset = offset

    def numbered_edge(line: Line, lines: list[Line]) -> bool:
        return page_offset is not None and any(line is e for e in _edge_lines(lines)) and \
            line.page + page_offset in _edge_numbers(line.text)

    from ...cleaning.pdftext import rules

    back_matter = rules().back_matter
    kept_pages: list[list[Line]] = []
    for lines in pages:
        kept: list[Line] = []
        body_lines = [ln for ln in lines if ln.size >= 0.95 * body_size]
        last_body_bottom = max((ln.bottom for ln in body_lines if not _in_band(ln)), default=0.0)
        in_footnotes = False
        after_url: Line | None = None
        for index, line in enumerate(lines):
            text = line.text
            if _PAGE_NUMBER_RE.match(text) and (
                _in_band(line) or (index in (0, len(lines) - 1) and re.search(r"\d", text))
            ):
                continue
            if repeated(line) or numbered_edge(line, lines):
                continue
            if _TOC_RE.search(text):
                continue  # a table-of-contents entry with dot leaders
            if back_matter.match(text):
                continue  # a copyright line, an ISBN
            if _URL_RE.match(text):
                after_url = line
                continue
            if (after_url is not None and " " not in text and abs(line.size - after_url.size) < 0.6
                    and 0 < line.top - after_url.bottom < line.size and not text[:1].isupper()):
                after_url = line  # the rest of a URL that wrapped
                continue
            after_url = None
            small = line.size < 0.92 * body_size
            if small and line.top > last_body_bottom and line.top > 0.6 * line.page_height:
                if in_footnotes or re.match(r"^(\d{1,3}|[*†‡§])\s*\S", text) or line.chars and \
                        line.chars[0]["text"] in MARKER_CHARS:
                    in_footnotes = True
                    continue
            elif not small:
                in_footnotes = False
            kept.append(line)
        kept_pages.append(kept)
    return kept_pages



def drop_contents(pages: list[list[Line]]) -> list[list[Line]]:
    """``pages`` without a table of contents' entries that have no dot leaders
    ("Investigating crime 22"; ``text.contents_entries``, as the text cleaner
    finds them): read as headings they open sections, and a run of them reads
    as one heading."""
    from ...frameworks import all_known_titles
    from ...text import contents_entries

    flat = [line for lines in pages for line in lines]
    drop = contents_entries([line.text for line in flat], all_known_titles())
    if not drop:
        return pages
    dropped = {id(flat[k]) for k in drop}
    return [[line for line in lines if id(line) not in dropped] for lines in pages]
