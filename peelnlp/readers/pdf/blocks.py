"""PDF reading, step 3: lines become heading, paragraph and list-item blocks.

See :mod:`peelnlp.readers.pdf` (steps 4 and 5 of its description).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ...document import HEADING, LIST_ITEM, PARAGRAPH
from ...text import WordBreaks, join_line
from .lines import STRONG_BULLET_RE, STRONG_BULLETS, WS_RE, Line

_WEAK_BULLET_RE = re.compile(
    r"^(?:[-–—*]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,5}\)|[ivx]{1,5}\.)\s+")
_TERMINAL_RE = re.compile(r"[.!?:;][)’”'\"]*$")
_SENTENCE_END_RE = re.compile(r"[.!?:][)’”'\"]*$")


def _line_pitches(pages: list[list[Line]]) -> dict[tuple[float, bool], float]:
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


def _first_word_width(line: Line) -> float:
    """How wide the line's first word is set."""
    word = []
    for c in line.chars:
        if c["text"].isspace():
            if word:
                break
            continue
        word.append(c)
    return word[-1]["x1"] - word[0]["x0"] if word else 0.0


def _stops_short(prev: Line, line: Line, edge: float, width: float) -> bool:
    """``prev`` stops well short of its text's right ``edge``, and the next
    line's first word would have fitted on it: it didn't wrap there."""
    return prev.x1 < edge - 0.3 * width and prev.x1 + _first_word_width(line) + 0.3 * line.size <= edge


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL_RE.search(text)) or text.endswith((" and", " or"))


def split_lead_in(line: Line, body_size: float) -> list[Line]:
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
    head_text = WS_RE.sub(" ", "".join(c["text"] for c in head_chars)).strip()
    tail_text = WS_RE.sub(" ", "".join(c["text"] for c in tail_chars)).strip()
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
    head = Line(**{**line.__dict__, "chars": head_chars, "text": head_text,
                    "x1": max(c["x1"] for c in head_chars if not c["text"].isspace()),
                    "bold": True})
    tail = Line(**{**line.__dict__, "chars": tail_chars, "text": line.text[head_len:].strip(),
                    "x0": min(c["x0"] for c in tail_chars if not c["text"].isspace()),
                    "bold": False})
    head.heading = head.size >= 0.95 * body_size
    tail.heading = False
    return [head, tail] if head.heading else [line]


@dataclass
class _Draft:
    kind: str
    lines: list[Line]
    style: tuple[float, bool]

    @property
    def last(self) -> Line:
        return self.lines[-1]


def join_lines(lines: list[Line], breaks: WordBreaks | None = None) -> str:
    """A block's lines joined by spaces; a word broken at a line end's soft
    hyphen is joined whole, one broken at a hyphen as ``breaks`` decides
    (text.WordBreaks; kept without it)."""
    out = ""
    for line in lines:
        text = line.text
        if not out:
            out = text
        elif out.endswith("\u00ad"):
            out = out[:-1] + text
        else:
            out = join_line(out, text, breaks)
    out = out.replace("\u00ad", "")
    return WS_RE.sub(" ", out).strip()


def normalise_bullet(text: str) -> str:
    m = STRONG_BULLET_RE.match(text)
    if m:
        return text[0] + " " + text[m.end():]
    return text


def build_blocks(pages: list[list[Line]], body_size: float) -> list[_Draft]:
    from ...frameworks import is_known_title

    pitches = _line_pitches(pages)
    all_lines = [ln for lines in pages for ln in lines]
    body_lines = [ln for ln in all_lines if not ln.heading and abs(ln.size - body_size) < 0.6]
    right_edges = sorted(ln.x1 for ln in body_lines)
    right_edge = right_edges[int(0.9 * (len(right_edges) - 1))] if right_edges else 0.0
    left_edges = sorted(ln.x0 for ln in body_lines)
    left_edge = left_edges[len(left_edges) // 10] if left_edges else 0.0
    text_width = max(right_edge - left_edge, 1.0)

    def margin(line: Line) -> tuple[float, float]:
        """The right edge and width of the text the line stands in: its
        column's, on a page set in columns."""
        if line.column is None:
            return right_edge, text_width
        return line.column[1], max(line.column[1] - line.column[0], 1.0)

    drafts: list[_Draft] = []
    prev: Line | None = None
    for line in all_lines:
        kind = HEADING if line.heading else PARAGRAPH
        if not line.heading:
            if STRONG_BULLET_RE.match(line.text) and len(line.text) > 1:
                line.bullet = "strong"
            elif _WEAK_BULLET_RE.match(line.text):
                line.bullet = "weak"
        current = drafts[-1] if drafts else None
        new_block = True
        if current is not None and prev is not None:
            same_style = line.style == prev.style and line.heading == prev.heading
            pitch = pitches.get(prev.style, 1.2 * max(prev.size, 1.0))
            # The top of the next column continues the text as a new page does.
            next_column = line.column is not None and prev.column is not None and line.column != prev.column
            if line.page == prev.page and not next_column:
                gap = line.base - prev.base
                limit = pitch * 1.2 + 0.5
                if line.heading:
                    # A heading's lines sit closer than two of its sizes; the
                    # pitch learnt from a style that seldom wraps is the gap
                    # between two headings ("Overall summary", "Our judgments").
                    limit = min(limit, 2.0 * line.size)
                small_gap = 0 < gap <= limit
                new_block = not (same_style and small_gap) or (
                    # a title the framework knows, set just below a line in
                    # its style ("HM Inspector of Constabulary", then
                    # "Recording data about crime"), starts its own heading;
                    # in lower case it goes on the line before ("... its fair"
                    # / "treatment of the public")
                    line.heading and current.kind == HEADING and line.text[:1].isupper()
                    and is_known_title(line.text) and not is_known_title(join_lines(current.lines + [line])))
            elif line.heading:
                # A heading broken at a column's or a page's foot runs on where
                # its next line starts lower-case; a heading starting with a
                # capital there is the next one ("HM Inspector of ...", then
                # the next section's title).
                new_block = not (same_style and current.kind == HEADING and line.text[:1].islower()
                                 and not _ends_sentence(prev.text))
            else:
                edge, width = margin(prev)
                full_line = prev.x1 >= edge - 0.12 * width
                new_block = not (
                    same_style and current.kind != HEADING
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
                elif (current.kind == PARAGRAPH and not next_column and line.x0 > prev.x0 + line.size
                      and _SENTENCE_END_RE.search(prev.text)):
                    new_block = True  # first-line indent marks a new paragraph
                elif (current.kind == PARAGRAPH and line.page == prev.page and not next_column
                      and _stops_short(prev, line, *margin(prev))
                      and line.x0 < prev.x1 and not prev.text.endswith(("-", ","))):
                    # A short line that didn't wrap: a hard line break. A line
                    # the next word wouldn't have fitted on wrapped (a narrow
                    # column's lines end short of its edge before a long word).
                    new_block = True
        if new_block:
            if line.bullet:
                kind = LIST_ITEM
            drafts.append(_Draft(kind, [line], line.style))
        else:
            current.lines.append(line)
        prev = line
    return merge_orphan_bullets(drafts)


def merge_orphan_bullets(drafts: list[_Draft]) -> list[_Draft]:
    """A bullet glyph extracted as a line of its own joins the item after it."""
    out: list[_Draft] = []
    pending: _Draft | None = None
    for draft in drafts:
        text = join_lines(draft.lines)
        if len(text) == 1 and text in STRONG_BULLETS:
            pending = draft
            continue
        if pending is not None:
            bullet = join_lines(pending.lines)
            first = draft.lines[0]
            draft.lines[0] = Line(**{**first.__dict__, "text": f"{bullet} {first.text}"})
            draft.kind = LIST_ITEM
            pending = None
        out.append(draft)
    if pending is not None:
        out.append(pending)
    return out

