"""Reader for PDF reports (pdfplumber).

The reader works from the characters pdfplumber reports, with their font name,
size and position:

1. **Lines.** Characters are grouped into lines by vertical position (a
   superscript stays in its line), then ordered left to right; spaces come from
   space characters or from horizontal gaps.
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
   "1.", "(a)", ...). A heading that wraps over several lines stays one
   ``heading`` block; a bullet's continuation lines stay in its ``list_item``
   (a line back at the bullet's left edge after a full stop starts a paragraph).
   A paragraph or list item continues across a page break unless it visibly
   ended (terminal punctuation on a short last line). A paragraph line that
   stops well short of the right margin (under 70% of the text width) ends its
   block: the text after it was set on a new line on purpose (a signature, an
   address), as running text fills its lines. A bold line that reads
   like a sentence (ends with "." or ":" and has at least 4 words) is
   a paragraph, not a heading. A bold lead-in at the start of a block followed
   on the same line by regular text starting with a capital is split off as a
   heading.

Inside a block, lines are joined with a space, or without one after a
line-final hyphen when the next line starts lowercase ("co-" + "ordination"),
and whitespace runs become one space. Blocks are separated by "\\n\\n".
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..document import FRONT_CHARS, HEADING, LIST_ITEM, PARAGRAPH, Block, SourceDocument
from . import ReaderError
from .budget import Budget

# ----------------------------------------------------------------- constants

#: Glyphs that always start a bullet item (incl. Symbol/Wingdings private-use bullets).
STRONG_BULLETS = "•●▪■◦○‣⁃∙◾◼►➢✓✔"
_PUA_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf076": "•", "\uf0d8": "•", "\uf0fc": "✓",
                "\uf0a8": "▪", "\uf06e": "▪", "\uf0e8": "►"}
_CHAR_MAP = {
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u2002": " ", "\u2003": " ", "\t": " ",
    "\u00ad": "\u00ad",  # soft hyphen: kept until lines are joined
    "\u2010": "-", "\u2011": "-",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2060": "",
    **_PUA_BULLETS,
}
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_MARKER_CHARS = set("0123456789*†‡§" + _SUPERSCRIPT_DIGITS)

_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|demi\b|extrabold|ultrabold|"
                      r"[-,]b(d)?$|\bbd\b", re.I)
_CID_RE = re.compile(r"^\(cid:\d+\)$")
_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_URL_RE = re.compile(
    r"^(?:\d{1,3}\s*)?(?:https?://|ftp://|www\.)\S+$|"
    r"^(?:\d{1,3}\s*)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.uk|org\.uk|co\.uk|ac\.uk|police\.uk|"
    r"com|org|net|uk|eu|int)(?:/\S*)?$", re.I)
_STRONG_BULLET_RE = re.compile(rf"^[{re.escape(STRONG_BULLETS)}]\s*")
_WEAK_BULLET_RE = re.compile(
    r"^(?:[-–—*]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,5}\)|[ivx]{1,5}\.)\s+")
_TOC_RE = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}$")
_TERMINAL_RE = re.compile(r"[.!?:;][)’”'\"]*$")
_STATEMENT_END_RE = re.compile(r"[.:][)’”'\"]*$")
_SENTENCE_END_RE = re.compile(r"[.!?:][)’”'\"]*$")
_SUPERSCRIPT_RUN_RE = re.compile(rf"(?<=[^\s\d{_SUPERSCRIPT_DIGITS}])[{_SUPERSCRIPT_DIGITS}]+")
_WS_RE = re.compile(r"\s+")

#: Share of the page height searched for running headers/footers and page numbers.
_BAND = 0.12


# -------------------------------------------------------------------- model

@dataclass
class _Line:
    page: int
    page_height: float
    chars: list = field(repr=False)
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float        # baseline proxy: median bottom of the dominant-size chars
    size: float        # dominant (body) size of the line, rounded to 0.5
    bold: bool
    heading: bool = False
    bullet: str = ""   # "strong", "weak" or ""

    @property
    def style(self) -> tuple[float, bool]:
        return (self.size, self.bold)


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1]
    return bool(_BOLD_RE.search(name))


def _clean_char(text: str) -> str:
    if _CID_RE.match(text):
        return ""
    return "".join(_CHAR_MAP.get(ch, ch) for ch in text)


# ------------------------------------------------------------ page -> lines

def _page_lines(page, page_no: int) -> list[_Line]:
    height = float(page.height)
    chars = []
    for c in page.chars:
        if not c.get("upright", True):
            continue
        text = _clean_char(c.get("text", ""))
        if not text:
            continue
        if c["x1"] < 0 or c["x0"] > float(page.width) or c["bottom"] < 0 or c["top"] > height:
            continue
        # Only what the layout reads: pdfplumber's char dicts carry ~20 entries,
        # and every line keeps its chars until the whole document is read.
        chars.append({"text": text, "size": float(c.get("size") or 0.0), "bold": _is_bold(c.get("fontname", "")),
                      "x0": c["x0"], "x1": c["x1"], "top": c["top"], "bottom": c["bottom"]})
    chars.sort(key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))

    clusters: list[list[dict]] = []
    span: tuple[float, float] | None = None
    for c in chars:
        center = (c["top"] + c["bottom"]) / 2
        if span is not None and span[0] <= center <= span[1]:
            clusters[-1].append(c)
            if not c["text"].isspace():
                span = (min(span[0], c["top"]), max(span[1], c["bottom"]))
        else:
            clusters.append([c])
            span = (c["top"], c["bottom"])
    lines = []
    for cluster in clusters:
        line = _make_line(cluster, page_no, height)
        if line is not None:
            lines.append(line)
    return _attach_orphan_bullets(lines)


def _attach_orphan_bullets(lines: list[_Line]) -> list[_Line]:
    """A bullet glyph that ended up on a line of its own (its font sits higher or
    lower than the text) joins the line of text to its right."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (len(line.text) == 1 and line.text in STRONG_BULLETS and nxt is not None
                and nxt.x0 > line.x1 and abs(nxt.base - line.base) < 0.8 * max(nxt.size, 1.0)):
            merged = _Line(**{**nxt.__dict__, "text": f"{line.text} {nxt.text}", "x0": line.x0,
                              "chars": line.chars + nxt.chars,
                              "top": min(line.top, nxt.top), "bottom": max(line.bottom, nxt.bottom)})
            out.append(merged)
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def _dominant_size(chars: list[dict]) -> float:
    counts = Counter(round(c["size"] * 2) / 2 for c in chars if not c["text"].isspace())
    return counts.most_common(1)[0][0] if counts else 0.0


def _drop_footnote_markers(chars: list[dict]) -> list[dict]:
    """Flag (``_marker``) small raised digits glued to the end of a word."""
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return chars
    size = max(_dominant_size(visible), 0.1)
    base = sorted(c["bottom"] for c in visible if abs(c["size"] - size) < 0.6)
    base = base[len(base) // 2] if base else max(c["bottom"] for c in visible)
    keep: list[dict] = []
    prev = None  # previous kept, non-space char
    for c in chars:
        is_marker = (
            c["text"] in _MARKER_CHARS
            and c["size"] < 0.8 * size
            and c["bottom"] < base - 0.12 * size
            and prev is not None
            and (c["x0"] - prev["x1"]) < 0.35 * size
            and (prev["text"] not in _MARKER_CHARS or prev.get("_marker"))
        )
        if is_marker:
            c["_marker"] = True
            prev = c
            keep.append(c)  # kept (flagged) so that spacing is measured from it
            continue
        keep.append(c)
        if not c["text"].isspace():
            prev = c
    return keep


def _make_line(cluster: list[dict], page_no: int, page_height: float) -> _Line | None:
    cluster.sort(key=lambda c: (c["x0"], c["top"]))
    # overprinted duplicates (fake bold) and exact repeats
    deduped: list[dict] = []
    for c in cluster:
        if deduped:
            p = deduped[-1]
            if p["text"] == c["text"] and abs(p["x0"] - c["x0"]) < 0.6 and abs(p["top"] - c["top"]) < 0.6:
                continue
        deduped.append(c)
    flagged = _drop_footnote_markers(deduped)
    chars = [c for c in flagged if not c.get("_marker")]
    visible = [c for c in chars if not c["text"].isspace()]
    if not visible:
        return None
    size = _dominant_size([c for c in visible if c["text"] not in STRONG_BULLETS] or visible)
    parts: list[str] = []
    prev = None
    for c in flagged:
        if c.get("_marker"):
            prev = c
            continue
        if c["text"].isspace():
            parts.append(" ")
            continue
        if prev is not None and parts and parts[-1] != " ":
            gap = c["x0"] - prev["x1"]
            if gap > 0.22 * max(min(c["size"], prev["size"]), 1.0):
                parts.append(" ")
        parts.append(c["text"])
        prev = c
    text = _WS_RE.sub(" ", "".join(parts)).strip()
    text = _SUPERSCRIPT_RUN_RE.sub("", text).strip()
    if not text:
        return None
    styled = [c for c in visible if c["text"] not in STRONG_BULLETS and c["text"].isalnum()] or visible
    bold_share = sum(c["bold"] for c in styled) / len(styled)
    bases = sorted(c["bottom"] for c in visible if abs(round(c["size"] * 2) / 2 - size) < 0.6)
    return _Line(
        page=page_no, page_height=page_height, chars=chars, text=text,
        x0=min(c["x0"] for c in visible), x1=max(c["x1"] for c in visible),
        top=min(c["top"] for c in visible), bottom=max(c["bottom"] for c in visible),
        base=bases[len(bases) // 2] if bases else max(c["bottom"] for c in visible),
        size=size, bold=bold_share >= 0.9,
    )


# --------------------------------------------------------------- furniture

def _key(text: str) -> str:
    return _WS_RE.sub(" ", re.sub(r"\d+", "#", text.lower())).strip()


def _in_band(line: _Line) -> str | None:
    band = _BAND * line.page_height
    if line.bottom <= band:
        return "top"
    if line.top >= line.page_height - band:
        return "bottom"
    return None


def _edge_lines(lines: list[_Line]) -> list[_Line]:
    """The first two and last two lines of a page that lie in its top/bottom band."""
    return [ln for ln in lines[:2] + lines[-2:] if _in_band(ln)]


def _edge_numbers(text: str) -> set[int]:
    found = set()
    for m in (re.match(r"^(?:page\s+)?(\d{1,4})\b", text, re.I), re.search(r"\b(\d{1,4})$", text)):
        if m:
            found.add(int(m.group(1)))
    return found


def _remove_furniture(pages: list[list[_Line]], body_size: float) -> list[list[_Line]]:
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

    def repeated(line: _Line) -> bool:
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

    def numbered_edge(line: _Line, lines: list[_Line]) -> bool:
        return page_offset is not None and any(line is e for e in _edge_lines(lines)) and \
            line.page + page_offset in _edge_numbers(line.text)

    kept_pages: list[list[_Line]] = []
    for lines in pages:
        kept: list[_Line] = []
        body_lines = [ln for ln in lines if ln.size >= 0.95 * body_size]
        last_body_bottom = max((ln.bottom for ln in body_lines if not _in_band(ln)), default=0.0)
        in_footnotes = False
        after_url: _Line | None = None
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
                        line.chars[0]["text"] in _MARKER_CHARS:
                    in_footnotes = True
                    continue
            elif not small:
                in_footnotes = False
            kept.append(line)
        kept_pages.append(kept)
    return kept_pages


# ------------------------------------------------------------------ blocks

def _line_pitches(pages: list[list[_Line]]) -> dict[tuple[float, bool], float]:
    samples: dict[tuple[float, bool], list[float]] = defaultdict(list)
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if a.style == b.style:
                d = b.base - a.base
                if 0.8 * a.size < d < 2.5 * a.size:
                    samples[a.style].append(round(d * 2) / 2)
    pitches = {}
    for style, values in samples.items():
        counts = Counter(values)
        best = max(counts.values())
        # the line pitch is the most common distance; paragraph gaps are rarer
        # and larger, so among nearly-as-common distances take the smallest
        pitches[style] = min(v for v, n in counts.items() if n >= 0.5 * best)
    return pitches


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL_RE.search(text)) or text.endswith((" and", " or"))


def _split_lead_in(line: _Line, body_size: float) -> list[_Line]:
    """A bold lead-in followed by regular text starting with a capital: two lines."""
    chars = [c for c in line.chars if not c["text"].isspace()]
    if not chars or not chars[0]["bold"] or all(c["bold"] for c in chars):
        return [line]
    ordered = line.chars
    cut = None
    for i, c in enumerate(ordered):
        if not c["text"].isspace() and not c["bold"]:
            cut = i
            break
    head_chars, tail_chars = ordered[:cut], ordered[cut:]
    head_text = _WS_RE.sub(" ", "".join(c["text"] for c in head_chars)).strip()
    tail_text = _WS_RE.sub(" ", "".join(c["text"] for c in tail_chars)).strip()
    if not tail_text or not head_text or len(head_text.split()) < 2:
        return [line]
    if not (tail_text[0].isupper() or tail_text[0].isdigit() or tail_text[0] in "“‘\"'"):
        return [line]
    if any(c["bold"] for c in tail_chars if not c["text"].isspace()):
        return [line]
    # rebuild the two halves from the original text at the boundary
    head_len = len(head_text)
    if not line.text.startswith(head_text):
        return [line]
    head = _Line(**{**line.__dict__, "chars": head_chars, "text": head_text,
                    "x1": max(c["x1"] for c in head_chars if not c["text"].isspace()),
                    "bold": True})
    tail = _Line(**{**line.__dict__, "chars": tail_chars, "text": line.text[head_len:].strip(),
                    "x0": min(c["x0"] for c in tail_chars if not c["text"].isspace()),
                    "bold": False})
    head.heading = head.size >= 0.95 * body_size
    tail.heading = False
    return [head, tail] if head.heading else [line]


@dataclass
class _Draft:
    kind: str
    lines: list[_Line]
    style: tuple[float, bool]

    @property
    def last(self) -> _Line:
        return self.lines[-1]


def _join_lines(lines: list[_Line]) -> str:
    out = ""
    for line in lines:
        text = line.text
        if not out:
            out = text
        elif out.endswith("\u00ad"):
            out = out[:-1] + text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and text[:1].islower():
            out += text
        else:
            out += " " + text
    out = out.replace("\u00ad", "")
    return _WS_RE.sub(" ", out).strip()


def _normalise_bullet(text: str) -> str:
    m = _STRONG_BULLET_RE.match(text)
    if m:
        return text[0] + " " + text[m.end():]
    return text


def _build_blocks(pages: list[list[_Line]], body_size: float) -> list[_Draft]:
    pitches = _line_pitches(pages)
    all_lines = [ln for lines in pages for ln in lines]
    body_lines = [ln for ln in all_lines if not ln.heading and abs(ln.size - body_size) < 0.6]
    right_edges = sorted(ln.x1 for ln in body_lines)
    right_edge = right_edges[int(0.9 * (len(right_edges) - 1))] if right_edges else 0.0
    left_edges = sorted(ln.x0 for ln in body_lines)
    left_edge = left_edges[len(left_edges) // 10] if left_edges else 0.0
    text_width = max(right_edge - left_edge, 1.0)

    drafts: list[_Draft] = []
    prev: _Line | None = None
    for line in all_lines:
        kind = HEADING if line.heading else PARAGRAPH
        if not line.heading:
            if _STRONG_BULLET_RE.match(line.text) and len(line.text) > 1:
                line.bullet = "strong"
            elif _WEAK_BULLET_RE.match(line.text):
                line.bullet = "weak"
        current = drafts[-1] if drafts else None
        new_block = True
        if current is not None and prev is not None:
            same_style = line.style == prev.style and line.heading == prev.heading
            pitch = pitches.get(prev.style, 1.2 * max(prev.size, 1.0))
            if line.page == prev.page:
                gap = line.base - prev.base
                small_gap = 0 < gap <= pitch * 1.2 + 0.5
                new_block = not (same_style and small_gap)
            else:
                full_line = prev.x1 >= right_edge - 0.12 * text_width
                new_block = not (
                    same_style and not line.heading and current.kind != HEADING
                    and (line.text[:1].islower() or not _ends_sentence(prev.text) or full_line)
                )
            if not new_block and not line.heading:
                if line.bullet == "strong":
                    new_block = True
                elif line.bullet == "weak" and (
                    _ends_sentence(prev.text) or current.kind == LIST_ITEM
                ):
                    new_block = True
                elif current.kind == LIST_ITEM:
                    first = current.lines[0]
                    back_at_margin = line.x0 <= first.x0 + 1.0
                    if back_at_margin and _SENTENCE_END_RE.search(prev.text):
                        new_block = True
                elif (current.kind == PARAGRAPH and line.x0 > prev.x0 + line.size
                      and _SENTENCE_END_RE.search(prev.text)):
                    new_block = True  # first-line indent marks a new paragraph
                elif (current.kind == PARAGRAPH and line.page == prev.page
                      and prev.x1 < right_edge - 0.3 * text_width
                      and line.x0 < prev.x1 and not prev.text.endswith(("-", ","))):
                    new_block = True  # a short line that didn't wrap: a hard line break
        if new_block:
            if line.bullet:
                kind = LIST_ITEM
            drafts.append(_Draft(kind, [line], line.style))
        else:
            current.lines.append(line)
        prev = line
    return _merge_orphan_bullets(drafts)


def _merge_orphan_bullets(drafts: list[_Draft]) -> list[_Draft]:
    """A bullet glyph extracted as a line of its own joins the item after it."""
    out: list[_Draft] = []
    pending: _Draft | None = None
    for draft in drafts:
        text = _join_lines(draft.lines)
        if len(text) == 1 and text in STRONG_BULLETS:
            pending = draft
            continue
        if pending is not None:
            bullet = _join_lines(pending.lines)
            first = draft.lines[0]
            draft.lines[0] = _Line(**{**first.__dict__, "text": f"{bullet} {first.text}"})
            draft.kind = LIST_ITEM
            pending = None
        out.append(draft)
    if pending is not None:
        out.append(pending)
    return out


# -------------------------------------------------------------------- read

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


def _extract_pages(path: Path, password: str | None, budget=None) -> list[list[_Line]]:
    import pdfplumber

    pages: list[list[_Line]] = []
    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            if budget is not None:
                budget.pages(len(pdf.pages))
            for number, page in enumerate(pdf.pages, start=1):
                if budget is not None:  # before pdfminer lays the page out
                    budget.page_cost(number, page.page_obj)
                pages.append(_page_lines(page, number))
                page.close()
                if budget is not None:  # checked page by page, while reading
                    budget.add_chars(sum(len(line.text) for line in pages[-1]))
    except ReaderError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on bad input
        raise _open_error(path, exc, password) from None
    return pages


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
    for lines in pages:
        for line in lines:
            for c in line.chars:
                if not c["text"].isspace():
                    sizes[round(c["size"] * 2) / 2] += 1
    body_size = sizes.most_common(1)[0][0]

    # The title page and running header name the report; furniture removal drops them.
    front = "\n".join(line.text for lines in pages[:2] for line in lines)[:FRONT_CHARS]
    pages = _remove_furniture(pages, body_size)
    for i, lines in enumerate(pages):
        marked: list[_Line] = []
        for line in lines:
            line.heading = (
                (line.bold and line.size >= 0.95 * body_size) or line.size >= 1.15 * body_size
            ) and not _STRONG_BULLET_RE.match(line.text)
            marked.append(line)
        pages[i] = marked
    # bold lead-ins at the start of a block
    for i, lines in enumerate(pages):
        split: list[_Line] = []
        for j, line in enumerate(lines):
            starts_block = j == 0 or line.base - lines[j - 1].base > 1.5 * line.size \
                or lines[j - 1].heading
            if starts_block and not line.heading:
                split.extend(_split_lead_in(line, body_size))
            else:
                split.append(line)
        pages[i] = split

    drafts = _build_blocks(pages, body_size)

    texts: list[tuple[str, str, tuple[float, bool] | None]] = []
    for draft in drafts:
        text = _join_lines(draft.lines)
        if not text:
            continue
        kind = draft.kind
        if kind == HEADING and _STATEMENT_END_RE.search(text) and len(text.split()) >= 4:
            kind = PARAGRAPH  # a bold sentence, not a heading
        if kind == LIST_ITEM:
            text = _normalise_bullet(text)
        texts.append((kind, text, draft.style if kind == HEADING else None))
    if not texts:
        raise ReaderError(path, "no text left after removing page furniture "
                                "(page numbers, running headers, links)")

    heading_styles = sorted({s for _, _, s in texts if s is not None},
                            key=lambda s: (-s[0], not s[1]))
    levels = {s: i + 1 for i, s in enumerate(heading_styles)}

    blocks: list[Block] = []
    parts: list[str] = []
    pos = 0
    for kind, text, style in texts:
        text = unicodedata.normalize("NFC", text)
        if parts:
            pos += 2
        blocks.append(Block(pos, pos + len(text), kind, levels.get(style) if style else None))
        parts.append(text)
        pos += len(text)
    return SourceDocument(path=str(path), text="\n\n".join(parts), blocks=blocks, format="pdf", front=front)
