"""Rebuild paragraphs, headings and list items from text extracted from a PDF.

Extracted text has one line per PDF line, page numbers, footnote links,
running headers and letters lost by the PDF's fonts, but no layout. Headings
are recovered from the shape of the text: a heading is a run of lines that
starts where a sentence may start, never ends in punctuation, and stops short
of the page width although the next word would have fitted (so the line break
was not word wrap).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..charmap import CharMap
from ..document import HEADING, LIST_ITEM, PARAGRAPH, Block, join_blocks
from ..resources import load_json
from ..text import (WordBreaks, any_of, bullet_pattern, contents_entries, join_line,  # noqa: F401
                    normalise_heading, private_use_bullets, read_letter_bullets)


@dataclass
class _Rules:
    furniture: re.Pattern  # the furniture and back matter patterns as one alternation
    back_matter: re.Pattern  # a copyright line, an ISBN (the PDF reader drops them too)
    bullet: re.Pattern
    terminal: str
    closing: str
    openers: frozenset[str]
    function_words: frozenset[str]
    sentence_openers: frozenset[str]
    run_in_openers: frozenset[str]
    repairs: dict[str, str]
    char_map: CharMap


@lru_cache(maxsize=None)
def rules() -> _Rules:
    data = load_json(__package__, "pdftext.json")
    char_map: dict[str, str | None] = dict(data["ligatures"])
    char_map.update(dict.fromkeys(data["drop_characters"]))
    char_map.update(dict.fromkeys(data["space_characters"], " "))
    char_map.update(private_use_bullets())
    if any(c in _LINE_BREAKS for k, v in char_map.items() for c in k + (v or "")):
        raise ValueError("pdftext.json: the character map must not add or remove line breaks")
    return _Rules(
        furniture=any_of(data["furniture_patterns"] + data["back_matter_patterns"], re.I),
        back_matter=any_of(data["back_matter_patterns"], re.I),
        bullet=bullet_pattern(),
        terminal=data["terminal_punctuation"],
        closing=data["closing_marks"],
        openers=frozenset(data["list_continuation_openers"]),
        function_words=frozenset(data["function_words"]),
        sentence_openers=frozenset(data["sentence_openers"]),
        run_in_openers=frozenset(data["run_in_openers"]),
        repairs=dict(data["sentence_start_repairs"]),
        char_map=CharMap(char_map),
    )


_SPACES = re.compile(r"\s+")
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines breaks
_LETTERS_ONLY = bytes(c if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256))
_EDGE = ",;:.()"  # stripped from a word's ends when comparing words
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]+")
_LOST_CAPITAL = re.compile(r"(^|[.?!][\"'\u2019\u201d)]*\s+)([a-z]+)(?=\s)")
#: how a line that introduces a list item, or is one, ends
_ITEM_LEADS = (":", ";", "; and", "; or")
#: a line longer than any page sets: a paragraph on one line, not wrapped
_UNWRAPPED = 160


@dataclass(slots=True)
class _Line:
    text: str
    after_break: bool = False   # first line after page furniture
    before_break: bool = False  # last line before page furniture
    indented: bool = False      # began with white space (where a lost letter was)


def _ends_sentence(text: str, r: _Rules) -> bool:
    stripped = text.rstrip(r.closing + " ")
    return bool(stripped) and stripped[-1] in r.terminal


def _first_word(text: str) -> str:
    return text.split(maxsplit=1)[0] if text.strip() else ""


def _continues_a_name(text: str, r: _Rules) -> bool:
    """Does the word after ``text``'s first continue a name ("Professional
    Standards", "Police and Crime Commissioner", "Code of Practice")?"""
    for word in text.split(maxsplit=4)[1:]:
        if word.lower() not in r.function_words:
            return word[:1].isupper() and word != "I"
    return False


def _last_word(text: str) -> str:
    return text.split()[-1].strip(_EDGE) if text.strip() else ""


def _content_lines(raw: str, r: _Rules, known_titles: set[str]) -> list[_Line]:
    """Drop blank lines, page numbers, link lines and running headers."""
    lines: list[_Line] = []
    pending_break = False
    # The character map neither adds nor removes line breaks (checked in
    # rules()), so the whole text is mapped at once and its lines still pair up.
    for raw_line, mapped in zip(raw.splitlines(), r.char_map(raw).splitlines()):
        text = " ".join(mapped.split())  # whitespace runs to one space, ends stripped
        if not text:
            continue
        if r.furniture.match(text):
            pending_break = True
            if lines:
                lines[-1].before_break = True
            continue
        if lines and len(lines[-1].text) == 1 and r.bullet.match(lines[-1].text) and not r.bullet.match(text):
            # a bullet glyph extracted as a line of its own starts the item after it
            lines[-1].text += " " + text
            continue
        lines.append(_Line(text, after_break=pending_break, indented=raw_line[:1].isspace()))
        pending_break = False
    texts = read_letter_bullets([ln.text for ln in lines])
    for ln, text in zip(lines, texts):
        ln.text = text
    contents = contents_entries(texts, known_titles)
    if contents:
        lines = [ln for k, ln in enumerate(lines) if k not in contents]
    # A running header or footer repeats beside page breaks, or, where there
    # are no page numbers, inside sentences that run on past it (the line
    # before ends none, the line after goes on in lower case) on some of the
    # pages. A box title such as "Main findings" repeats too, but it is a
    # known title and is kept; a title the framework doesn't know stands
    # between sentences, never inside one.
    # A footer that holds its page's number ("12 | PEEL 2021/22 Northmoor
    # Police", "Inspection of Northmoor, page 3 of 40") repeats with the
    # number changed: its places are found by the line with that number
    # masked, where it goes up page by page.
    keys = [_page_key(ln.text) for ln in lines]
    counts = Counter(keys)
    places: dict[str, list[int]] = {key: [] for key, n in counts.items() if n >= 3}
    for k, key in enumerate(keys):
        if key in places:
            places[key].append(k)
    drop = set()
    for key, where in places.items():
        n = len(where)
        texts = [lines[k].text for k in where]
        if normalise_heading(key.removeprefix(_MASKED)) in known_titles:
            continue  # "Main findings"; "Area for improvement 1", "... 2"
        counting = len(set(texts)) > 1  # alike but for their numbers
        if counting and not _counts_pages(texts):
            continue  # numbers that count no pages
        near = sum(1 for k in where if lines[k].after_break or lines[k].before_break)
        if near >= 0.6 * n:
            drop.update(where)
        elif not _ends_sentence(texts[0], r):
            inside = sum(1 for k in where if 0 < k < len(lines) - 1
                         and not _ends_sentence(lines[k - 1].text, r) and lines[k + 1].text[:1].islower())
            # A title never stands inside a sentence. A line that counts the
            # pages must do so once; a line repeated word for word, on a
            # quarter of its pages (a header that broke just one sentence of
            # a short report stays).
            if inside >= (1 if counting else max(2, n / 4)):
                drop.update(where)
    return [ln for k, ln in enumerate(lines) if k not in drop]


_DIGITS = re.compile(r"\d+")
#: what a footer sets around its page's number ("12 | ...", "... | 12", "- 12 -")
_PAGE_EDGE = "0123456789 |-\u2013\u2014"
_PAGE_WORD = re.compile(r"\bpage\s+\d+(?:\s+of\s+\d+)?", re.I)
_MASKED = "\x00"  # starts the key of a line whose page number was masked


def _page_key(text: str) -> str:
    """The line as a footer repeats it on every page: ``text`` without a
    number at its ends ("12 | ...", "- 12 -") and with "page 3 of 40" masked;
    ``text`` itself where it holds neither. (Plain string operations: this
    runs on every line, and a regex over each costs a tenth of cleaning.)"""
    key = text.strip(_PAGE_EDGE)
    if "age " in key:
        key = _PAGE_WORD.sub("page #", key)
    return text if key == text else _MASKED + key


def _counts_pages(texts: list[str]) -> bool:
    """Whether one of the numbers in ``texts`` (lines alike but for their
    numbers, in order) goes up from each line to the next: a page number."""
    numbers = [[int(d) for d in _DIGITS.findall(t)] for t in texts]
    if len({len(ns) for ns in numbers}) != 1:
        return False
    return any(all(a[i] < b[i] for a, b in zip(numbers, numbers[1:])) for i in range(len(numbers[0])))


def _capitalised_pairs(lines: list[_Line], r: _Rules) -> set[tuple[str, str]]:
    """Word pairs seen inside one line whose second word is capitalised
    ("Cleveland Police"): a line break between them is likely word wrap."""
    pairs: set[tuple[str, str]] = set()
    for line in lines:
        words = line.text.split(" ")  # a line holds single spaces (see _content_lines)
        for k in [k for k in range(1, len(words)) if words[k].lstrip(_EDGE)[:1].isupper()]:
            # "public. The" is a sentence's end, not a name: such a pair
            # would read a heading ending in "public" as wrapped into "The".
            if not _ends_sentence(words[k - 1], r):
                pairs.add((words[k - 1].strip(_EDGE), words[k].strip(_EDGE)))
    return pairs


def _vocabulary(lines: list[_Line]) -> set[str]:
    """The document's ASCII words ([A-Za-z]+), lower case. Every other byte
    becomes a space and the text is split: several times faster than a regex."""
    text = "\n".join(line.text for line in lines)
    return set(text.encode("ascii", "replace").translate(_LETTERS_ONLY).decode("ascii").lower().split())


def _repair_openers(text: str, r: _Rules, vocab: set[str]) -> str:
    """Restore a capital lost at a sentence start (" ome officers" -> "Some")."""

    def fix(match: re.Match) -> str:
        word = match.group(2)
        if word in vocab and word not in r.repairs:
            # a real word that merely starts lower case: leave it alone
            return match.group(0)
        repaired = r.repairs.get(word)
        if repaired is None:
            candidates = {c + word for c in "ABCDEFGHIJKLMNOPRSTUVWY" if (c + word).lower() in vocab}
            if len(candidates) != 1:
                return match.group(0)
            repaired = candidates.pop()
        return match.group(1) + repaired

    return _LOST_CAPITAL.sub(fix, text)


def _repair_line_openers(lines: list[_Line], r: _Rules, vocab: set[str]) -> None:
    """Restore a capital lost at the start of a line that starts a sentence
    (the line before ended one) or that kept the lost letter's space. Done
    before layout is read, so that a repaired heading is seen as a heading."""
    prev_ends = True
    for line in lines:
        if (prev_ends or line.indented) and line.text[:1].islower():
            line.text = _repair_openers(line.text, r, vocab)
        prev_ends = _ends_sentence(line.text, r)


def _split_run_in_heading(text: str, r: _Rules) -> tuple[str | None, str]:
    """Split "The force answers calls well The control room ..." where the
    extraction ran a finding heading into its first sentence: an
    unpunctuated run of words, then a sentence opener with a capital."""
    words = text.split(" ")
    for k in range(4, len(words) - 2):
        left, right = words[k - 1], words[k]
        if right in r.run_in_openers and left[:1].islower() and left[-1:].isalpha() \
                and left.lower() not in r.function_words:
            head = " ".join(words[:k])
            if head[:1].isupper() and not any(c in head for c in r.terminal + ","):
                return head, " ".join(words[k:])
            return None, text
    return None, text


def _join(lines: list[str], breaks: WordBreaks | None) -> str:
    out = lines[0] if lines else ""
    for line in lines[1:]:
        out = join_line(out, line, breaks)  # "Eng-" + "land", "co-" + "ordination"
    return out


def clean_pdf_text(raw: str, known_titles: set[str] | frozenset[str] = frozenset()) -> tuple[str, list[Block]]:
    """Return the cleaned text and its blocks for PDF-extracted ``raw`` text.

    ``known_titles`` holds :func:`normalise_heading` keys of headings the
    framework knows ("main findings", "investigating crime", ...).
    """
    r = rules()
    lines = _content_lines(raw, r, set(known_titles))
    if not lines:
        return "", []
    lengths = sorted(len(ln.text) for ln in lines if len(ln.text) >= 30) or [80]
    width = lengths[int(0.95 * (len(lengths) - 1))]
    pairs = _capitalised_pairs(lines, r)
    vocab = _vocabulary(lines)
    _repair_line_openers(lines, r, vocab)
    longest_title = max(map(len, known_titles), default=0)
    lower_vocab = set(_LOWER_WORD.findall("\n".join(ln.text for ln in lines)))

    def wrapped(line: str, nxt: str) -> bool:
        """Was the break after ``line`` word wrap (the next word didn't fit)?"""
        word = _first_word(nxt)
        last = _last_word(line)
        if last.lower() in r.function_words:
            return True  # no heading or sentence ends on "the", "of", "and"...
        bare = word.strip(_EDGE)
        if (last, bare) in pairs or (
            last[:1].isupper() and bare[:1].isupper() and len(line.split()) > 1 and bare not in r.sentence_openers
            and not (line.isupper() and not bare.isupper())  # a line in capitals, then one that isn't
        ):
            slack = 14  # "Cleveland" / "Police", "Border" / "Force": a name broken by wrap
        elif bare in r.sentence_openers or (
                bare[:1].isupper() and bare[1:].islower() and bare.lower() in lower_vocab):
            if (last[:1].islower() or line.isupper()) and not _continues_a_name(nxt, r):
                # "... target times" / "Officers should ...": a sentence seldom
                # runs on from a lower-case word (or a heading in capitals)
                # into an ordinary word with a capital, so however full the
                # line, a new sentence starts.
                # Names may wrap ("local" / "Police and Crime Commissioner"),
                # and "Syrian", never written lower case, is left to the length.
                return False
            slack = -3  # an ordinary word with a capital, or "I": a new sentence starts
        else:
            slack = 4
        return len(line) + 1 + len(word) > width - slack

    blocks: list[tuple[str, list[str]]] = []
    cur_kind: str | None = None
    cur: list[str] = []

    def flush() -> None:
        nonlocal cur_kind, cur
        if cur:
            blocks.append((cur_kind or PARAGRAPH, cur))
        cur_kind, cur = None, []

    at_start = True  # may a new sentence (or heading) start here?
    unmarked_item = False  # does the next line start a list item with no bullet?
    i = 0
    while i < len(lines):
        text = lines[i].text
        # Known titles, possibly wrapped over two or three lines; the longest
        # match wins. Each added line lengthens the key, so stop once it is
        # longer than every title.
        if at_start:
            keys, joined = [], ""
            for ln in lines[i:i + 3]:
                joined = f"{joined} {ln.text}" if joined else ln.text
                key = normalise_heading(joined)
                if len(key) > longest_title:
                    break
                keys.append(key)
            matched = next((n for n in range(len(keys), 0, -1) if keys[n - 1] in known_titles), 0)
            if matched:
                flush()
                blocks.append((HEADING, [ln.text for ln in lines[i:i + matched]]))
                i += matched
                unmarked_item = False  # a title, not the item a line ending ":" led to
                continue
        if at_start and not cur_kind == LIST_ITEM:
            head, rest = _split_run_in_heading(text, r)
            if head:
                flush()
                blocks.append((HEADING, [head]))
                text = lines[i].text = rest
        nxt = lines[i + 1].text if i + 1 < len(lines) else None
        if r.bullet.match(text) or unmarked_item:
            flush()
            cur_kind = LIST_ITEM
            if unmarked_item:  # its bullet, as the HTML reader writes an item's
                text = lines[i].text = "\u2022 " + text
                unmarked_item = False
        elif cur_kind == LIST_ITEM and at_start and cur and not wrapped(cur[-1], text) \
                and _first_word(text) not in r.openers:
            flush()  # the list is over: a new paragraph starts
        if cur_kind is None:
            cur_kind = PARAGRAPH
        cur.append(text)
        ends = _ends_sentence(text, r)
        if not ends:
            # A number may wrap onto the next line ("from" / "1 January"),
            # so only a capital, quote or bullet may open what follows a heading.
            next_starts = nxt is None or nxt[:1].isupper() or nxt[:1] in "\u2018\u201c\"'(" \
                or bool(r.bullet.match(nxt))
            if next_starts and (nxt is None or not wrapped(text, nxt)):
                # The unpunctuated tail of the block is a heading, unless it
                # is a list item whose own line just lacks punctuation.
                j = len(cur)
                while j > 0 and not _ends_sentence(cur[j - 1], r):
                    j -= 1
                heading_like = cur[j][:1].isupper() or cur[j][:1] in "\u2018\u201c\"'"
                if heading_like and not (cur_kind == LIST_ITEM and j == 0):
                    head = cur[j:]
                    cur = cur[:j]
                    flush()
                    blocks.append((HEADING, head))
                    at_start = True
                    i += 1
                    continue
                if cur_kind == LIST_ITEM and j == 0:
                    flush()  # an unpunctuated list item, then something new
                    at_start = True
                    i += 1
                    continue
        if ends and cur_kind == PARAGRAPH and nxt is not None and not nxt[:1].islower() \
                and not wrapped(text, nxt):
            flush()  # a short last line: the paragraph ends here
        elif text.endswith(_ITEM_LEADS) and nxt is not None and nxt[:1].islower() \
                and not r.bullet.match(nxt) \
                and (len(text) + 1 + len(_first_word(nxt)) <= width - 4 or len(text) > _UNWRAPPED):
            # "... factors are:" / "a lower-case item; and" broken although the
            # next word would have fitted: a list whose bullets were lost (text
            # copied from a web page drops them). Punctuated, so a last "are"
            # or "and" (wrapped's function words) is no sign of wrap here.
            flush()
            unmarked_item = True
        at_start = ends
        i += 1
    flush()

    breaks = WordBreaks.of([ln.text for ln in lines])

    def body(kind, block_lines):
        text = _join(block_lines, breaks)
        return text if kind == HEADING else _repair_openers(text, r, vocab)

    return join_blocks((kind, body(kind, block_lines), None) for kind, block_lines in blocks)
