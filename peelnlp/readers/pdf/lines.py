"""PDF reading, step 1: a page's characters become lines.

Characters are grouped into lines by vertical position (a superscript stays
in its line), then ordered left to right; spaces come from space characters
or from horizontal gaps. A list marker drawn as a small filled shape (as
browsers draw them) reads as a "•". Footnote markers (small raised digits glued to a
word, or Unicode superscript digits) are dropped; overprinted duplicates
(fake bold) are dropped.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field

from ...text import letter_bullets, private_use_bullets

#: Glyphs that always start a bullet item (Symbol/Wingdings private-use bullets are read as these first).
STRONG_BULLETS = "•●▪■◦○‣⁃∙◾◼►➢✓✔"
_CHAR_MAP = {
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u2002": " ", "\u2003": " ", "\t": " ",
    "\u00ad": "\u00ad",  # soft hyphen: kept until lines are joined
    "\u2010": "-", "\u2011": "-",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2060": "",
    **private_use_bullets(),
}
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MARKER_CHARS = set("0123456789*†‡§" + _SUPERSCRIPT_DIGITS)
_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|demi\b|extrabold|ultrabold|"
                      r"[-,]b(d)?$|\bbd\b", re.I)
_CID_RE = re.compile(r"^\(cid:\d+\)$")
_SUPERSCRIPT_RUN_RE = re.compile(rf"(?<=[^\s\d{_SUPERSCRIPT_DIGITS}])[{_SUPERSCRIPT_DIGITS}]+")
WS_RE = re.compile(r"\s+")
STRONG_BULLET_RE = re.compile(rf"^[{re.escape(STRONG_BULLETS)}]\s*")


@dataclass
class Line:
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
    #: the colour nearly all its letters are drawn in (None where they are mixed)
    color: str | None = None
    #: the x extent of the page's column the line stands in, on a page set in columns
    column: tuple[float, float] | None = None

    @property
    def style(self) -> tuple[float, bool]:
        return (self.size, self.bold)


#: a font of pictures (ZapfDingbats, Wingdings, Webdings): with no map to
#: Unicode, its bullets come out as the letters of their codes ("l" for "●")
_DINGBAT_FONT = re.compile(r"dingbat|wingding|webding", re.I)


def _colour(value) -> str | None:
    """A character's fill colour as a short key ("0.11,0.24,0.43"), rounded
    (once per colour: a page draws thousands of characters in a few)."""
    if isinstance(value, list):
        value = tuple(value)
    try:
        return _colour_key(value)
    except TypeError:  # unhashable: no colour pdfplumber gives, but read it anyway
        return str(value)


@lru_cache(maxsize=256)
def _colour_key(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, tuple):
        value = (value,)
    try:
        return ",".join(f"{float(v):.2f}" for v in value)
    except (TypeError, ValueError):  # a pattern's name, not a colour
        return str(value)


def _line_colour(chars: list[dict]) -> str | None:
    colours = Counter(c.get("color") for c in chars)
    colour, n = colours.most_common(1)[0] if colours else (None, 0)
    return colour if n >= 0.9 * len(chars) else None


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1]
    return bool(_BOLD_RE.search(name))


def _clean_char(text: str) -> str:
    if _CID_RE.match(text):
        return ""
    return "".join(_CHAR_MAP.get(ch, ch) for ch in text)


def page_lines(page, page_no: int) -> list[Line]:
    height = float(page.height)
    chars = []
    for c in page.chars:
        if not c.get("upright", True):
            continue
        text = _clean_char(c.get("text", ""))
        if not text:
            continue
        if text in letter_bullets() and _DINGBAT_FONT.search(c.get("fontname", "")):
            text = letter_bullets()[text]
        if c["x1"] < 0 or c["x0"] > float(page.width) or c["bottom"] < 0 or c["top"] > height:
            continue
        # Only what the layout reads: pdfplumber's char dicts carry ~20 entries,
        # and every line keeps its chars until the whole document is read.
        chars.append({"text": text, "size": float(c.get("size") or 0.0), "bold": _is_bold(c.get("fontname", "")),
                      "x0": c["x0"], "x1": c["x1"], "top": c["top"], "bottom": c["bottom"],
                      "color": _colour(c.get("non_stroking_color"))})
    chars += _drawn_bullets(page, chars)
    _place_drop_caps(chars)
    clusters = _in_columns(_clusters(chars), float(page.width))
    lines = []
    for cluster in clusters:
        line = _make_line(cluster, page_no, height)
        if line is not None:
            lines.append(line)
    return _attach_orphan_bullets(lines)


def _clusters(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into lines by vertical position, top to bottom."""
    chars = sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
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
    return clusters


#: a gap between two runs of a line's text wider than this many of its
#: characters' sizes may be a gutter between columns (words sit about 0.3 apart)
_GUTTER_GAP = 1.5
#: runs of text each side of a gutter in one stretch of a page, and the
#: narrowest a column's text may run (a share of the page's width), for the
#: stretch to be read as two columns: a table's cells are narrower
_GUTTER_LINES = 3
_COLUMN_WIDTH = 0.2


def _runs(cluster: list[dict]) -> list[tuple[float, float]]:
    """The x extents of a line's runs of text: characters no further apart
    than a gutter could be."""
    visible = sorted((c for c in cluster if not c["text"].isspace()), key=lambda c: c["x0"])
    runs: list[list[float]] = []
    for c in visible:
        if runs and c["x0"] - runs[-1][1] <= _GUTTER_GAP * max(c["size"], 1.0):
            runs[-1][1] = max(runs[-1][1], c["x1"])
        else:
            runs.append([c["x0"], c["x1"]])
    return [(a, b) for a, b in runs]


def _stretches(runs: list[list[tuple[float, float]]], x: float, width: float) -> list[tuple[int, int]]:
    """The stretches of lines (first, last + 1) that no line crosses at ``x``
    and that hold at least ``_GUTTER_LINES`` column-wide runs each side of it."""
    out = []
    start, left, right = 0, 0, 0
    for i, line in enumerate(runs + [[(0.0, width + 1.0)]]):  # a last line across: the page's end
        if any(a < x < b for a, b in line):
            if min(left, right) >= _GUTTER_LINES:
                out.append((start, i))
            start, left, right = i + 1, 0, 0
            continue
        for a, b in line:
            if b - a >= _COLUMN_WIDTH * width:
                left += b < x
                right += a > x
    return out


def _gutter(clusters: list[list[dict]], width: float) -> tuple[float, list[tuple[int, int]]] | None:
    """Where a page sets text in two columns: the x of the gutter and the
    stretches of lines it runs through, or None. A gutter is an x in the
    page's middle half that no line of the stretch crosses, with column-wide
    runs of text (not a table's cells) each side: two columns, or a text and
    a box set beside it. The columns' lines need not share baselines."""
    runs = [_runs(cluster) for cluster in clusters]
    wide = [(a, b) for line in runs for a, b in line if b - a >= _COLUMN_WIDTH * width]
    if sum(a > 0.25 * width for a, b in wide) < _GUTTER_LINES:
        return None  # no right-hand column (most pages): nothing to look for
    # Just right of where a column-wide run ends: where a gutter starts.
    candidates = sorted({round(b) + 1.0 for a, b in wide if 0.25 * width <= b <= 0.75 * width})
    best = None
    for x in candidates:
        stretches = _stretches(runs, x, width)
        held = sum(b - a for a, b in stretches)
        if held and (best is None or held > best[0]):
            best = (held, x, stretches)
    return None if best is None else (best[1], best[2])


def _in_columns(clusters: list[list[dict]], width: float) -> list[list[dict]]:
    """The stretches of a page set in two columns read column by column: the
    left column's lines, then the right's. The lines across the gutter
    between them (a title over both columns) stay where they are."""
    found = _gutter(clusters, width)
    if found is None:
        return clusters
    x, stretches = found
    out: list[list[dict]] = []
    done = 0
    for first, end in stretches:
        out.extend(clusters[done:first])
        sides: tuple[list[dict], list[dict]] = ([], [])
        for cluster in clusters[first:end]:
            for c in cluster:
                sides[(c["x0"] + c["x1"]) / 2 >= x].append(c)
        for side in sides:
            out.extend(_clusters(side))
            # The column's extent, for the block builder's margins (a
            # column's line that stops short ends a paragraph; it is not short
            # of the page's edge).
            visible = [c for c in side if not c["text"].isspace()]
            if visible:
                extent = (min(c["x0"] for c in visible), max(c["x1"] for c in visible))
                for c in visible:
                    c["_column"] = extent
        done = end
    out.extend(clusters[done:])
    return out


#: a paragraph's initial set large (a drop cap): at least this many times the
#: size of the page's text and of the text beside it; more such letters on a
#: page than this are large type, not initials
_DROP_CAP_SIZE = 1.8
_MAX_DROP_CAPS = 20


def _place_drop_caps(chars: list[dict]) -> None:
    """A paragraph's first letter set large beside its first lines (a drop
    cap) joins its first line's first word: "O" + "ttery Vale Police is good
    ..." is "Ottery Vale Police is good ...". Its own line it would be a
    heading, and the words it starts would lose their first letter. The
    letter is moved, in place, onto that line's baseline, touching the word."""
    body = _dominant_size([c for c in chars if not c["text"].isspace()]) if chars else 0.0
    large = [c for c in chars if c["size"] >= _DROP_CAP_SIZE * body > 0 and not c["text"].isspace()]
    if not large:
        return
    # A letter standing alone: a large title's letters have large neighbours.
    rows: dict[int, list[dict]] = {}
    for c in large:
        rows.setdefault(round(c["top"]), []).append(c)
    big = []
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        for i, c in enumerate(row):
            near = [n for n in row[max(i - 1, 0):i + 2] if n is not c
                    and min(abs(n["x0"] - c["x1"]), abs(c["x0"] - n["x1"])) < 0.5 * c["size"]]
            if not near and len(c["text"]) == 1 and c["text"].isalpha():
                big.append(c)
    if len(big) > _MAX_DROP_CAPS:  # a page of scattered large letters is no paragraph's initials
        return
    for cap in big:
        beside = [c for c in chars if not c["text"].isspace() and c["size"] * _DROP_CAP_SIZE <= cap["size"]
                  and cap["x1"] - 1.0 <= c["x0"] <= cap["x1"] + 0.5 * cap["size"]
                  and cap["top"] <= (c["top"] + c["bottom"]) / 2 <= cap["bottom"]]
        if not beside:
            continue
        first = min(beside, key=lambda c: (c["top"], c["x0"]))
        width = cap["x1"] - cap["x0"]
        cap.update(size=first["size"], bold=first["bold"], top=first["top"], bottom=first["bottom"],
                   x1=first["x0"] - 0.01, x0=first["x0"] - 0.01 - width * first["size"] / cap["size"])


#: a list marker drawn as a shape: its width and height in points, and its
#: widest gap to the text it marks
_SHAPE_SIZE = (1.5, 9.0)
_SHAPE_GAP = 24.0
#: more candidate markers than this on one page are a chart's, not a list's
_MAX_SHAPES = 100


def _drawn_bullets(page, chars: list[dict]) -> list[dict]:
    """List markers drawn as shapes, as "•" characters. Browsers, and the
    tools that print through them, draw a list's discs and squares as filled
    paths, not glyphs: a small filled shape, about as wide as it is high, with
    text just to its right whose line its centre falls in, is a bullet."""
    low, high = _SHAPE_SIZE
    shapes = []
    for obj in (*page.curves, *page.rects):
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if obj.get("fill") and low <= w <= high and low <= h <= high and 0.6 <= w / h <= 1.6:
            shapes.append(obj)
    if not shapes or len(shapes) > _MAX_SHAPES:
        return []
    out = []
    for obj in shapes:
        middle = (obj["top"] + obj["bottom"]) / 2
        marked = [c for c in chars if c["top"] <= middle <= c["bottom"] and not c["text"].isspace()
                  and 0 < c["x0"] - obj["x1"] <= _SHAPE_GAP]
        if marked:
            # Sized as the text it marks: the line's spacing and size read it so.
            size = min(marked, key=lambda c: c["x0"])["size"]
            out.append({"text": "•", "size": size, "bold": False, "x0": obj["x0"], "x1": obj["x1"],
                        "top": obj["top"], "bottom": obj["bottom"]})
    return out


def _attach_orphan_bullets(lines: list[Line]) -> list[Line]:
    """A bullet glyph that ended up on a line of its own (its font sits higher or
    lower than the text) joins the line of text to its right."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (len(line.text) == 1 and line.text in STRONG_BULLETS and nxt is not None
                and nxt.x0 > line.x1 and abs(nxt.base - line.base) < 0.8 * max(nxt.size, 1.0)):
            merged = Line(**{**nxt.__dict__, "text": f"{line.text} {nxt.text}", "x0": line.x0,
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
            c["text"] in MARKER_CHARS
            and c["size"] < 0.8 * size
            and c["bottom"] < base - 0.12 * size
            and prev is not None
            and (c["x0"] - prev["x1"]) < 0.35 * size
            and (prev["text"] not in MARKER_CHARS or prev.get("_marker"))
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


def _make_line(cluster: list[dict], page_no: int, page_height: float) -> Line | None:
    cluster.sort(key=lambda c: (c["x0"], c["top"]))
    # overprinted duplicates (fake bold) and exact repeats: not pdfplumber's dedupe_chars, which
    # orders its result with list.index (quadratic in a page's characters: hostile pages)
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
    text = WS_RE.sub(" ", "".join(parts)).strip()
    text = _SUPERSCRIPT_RUN_RE.sub("", text).strip()
    if not text:
        return None
    styled = [c for c in visible if c["text"] not in STRONG_BULLETS and c["text"].isalnum()] or visible
    bold_share = sum(c["bold"] for c in styled) / len(styled)
    bases = sorted(c["bottom"] for c in visible if abs(round(c["size"] * 2) / 2 - size) < 0.6)
    return Line(
        page=page_no, page_height=page_height, chars=chars, text=text,
        x0=min(c["x0"] for c in visible), x1=max(c["x1"] for c in visible),
        top=min(c["top"] for c in visible), bottom=max(c["bottom"] for c in visible),
        base=bases[len(bases) // 2] if bases else max(c["bottom"] for c in visible),
        size=size, bold=bold_share >= 0.9, column=visible[0].get("_column"), color=_line_colour(styled),
    )

