"""Text helpers that the cleaner, the frameworks and the components share:
kept here, below all of them, so that none reaches sideways into another."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

_SPACES = re.compile(r"\s+")
#: a title's number ("3. Main findings", "2.1 Investigating crime", "Part 2: ..."), not part of its key
_NUMBERED = re.compile(r"^(?:(?:part|section|chapter) )?(?:\d+(?:\.\d+)*[.:)]?|[ivx]+[.:)]) (?=\S)")


@lru_cache(maxsize=16384)
def normalise_heading(text: str) -> str:
    """Key for matching headings: lower case, straight quotes, single spaces,
    no number before the title ("3. Main findings"); another wording of a box
    or summary title is that title's key (_heading_variants)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    key = _NUMBERED.sub("", _SPACES.sub(" ", text).strip(" .:").lower())
    keywords, variants = _heading_variants()
    if len(key) <= 60 and any(word in key for word in keywords):
        for pattern, title in variants:
            if pattern.fullmatch(key):
                return title
    return key


@lru_cache(maxsize=1)
def _heading_variants() -> tuple[tuple[str, ...], tuple[tuple[re.Pattern, str], ...]]:
    """Other wordings of the box titles (frameworks/heading_variants.json)."""
    from .resources import load_json

    data = load_json("peelnlp.frameworks", "heading_variants.json")
    return tuple(data["keywords"]), tuple((re.compile(p), title) for p, title in data["variants"])


def any_of(patterns, flags: int = 0) -> re.Pattern:
    """One pattern that matches where any of a data file's ``patterns`` does."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


@lru_cache(maxsize=1)
def bullet_pattern() -> re.Pattern:
    """What opens a list item ("•", "-", "1.", "(a)"): one definition, kept with
    the PDF-text cleaner's other patterns in ``cleaning/pdftext.json``."""
    from .resources import load_json

    return re.compile(load_json("peelnlp.cleaning", "pdftext.json")["bullet_pattern"])


@lru_cache(maxsize=1)
def private_use_bullets() -> dict[str, str]:
    """The bullets that Symbol and Wingdings fonts draw as private-use
    characters ("\uf0b7"), each with the bullet it draws ("•"): text
    extracted by other tools keeps them, and the PDF reader meets them too."""
    from .resources import load_json

    table = load_json("peelnlp.cleaning", "pdftext.json")["private_use_bullets"]
    return {k: v for k, v in table.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def letter_bullets() -> dict[str, str]:
    """The bullets a pictures font (Wingdings, ZapfDingbats) draws for the
    letters of their codes ("l": "●"), as text extracted with no map to
    Unicode holds them, and Word's second-level "o"."""
    from .resources import load_json

    table = load_json("peelnlp.cleaning", "pdftext.json")["letter_bullets"]
    return {k: v for k, v in table.items() if not k.startswith("_")}


def read_letter_bullets(lines: list[str]) -> list[str]:
    """``lines`` (stripped) with the Wingdings bullets that an extractor
    gave as letters ("\u00a7 The force ...", "l The force ...") and Word's
    second-level "o" read as the bullets they draw, where a space and a word
    follow them at the start of a line, and two lines at least open so
    (``letter_bullets`` in ``cleaning/pdftext.json``)."""
    table = letter_bullets()
    opening = Counter(t[0] for t in lines if t[:1] in table and t[1:2] == " " and t[2:3].isalpha())
    marks = {c for c, n in opening.items() if n >= 2}
    if not marks:
        return lines
    return [table[t[0]] + t[1:] if t[:1] in marks and t[1:2] == " " and t[2:3].isalpha() else t for t in lines]


_DOT_LEADERS = re.compile(r"(?:\.\s?){3,}\s*\d{1,3}$|\u2026\s*\d{1,3}$")


def contents_entries(lines: list[str], known_titles) -> set[int]:
    """The indexes of ``lines`` (a document's non-blank lines, stripped) that
    are a table of contents: three or more in a row that end with
    a page number after dot leaders, or after a title the framework knows
    ("Investigating crime 22"), with an entry's title wrapped onto a line of
    its own now and then. Read as headings they ran together, and swallowed
    the report's first title after them (the dev report's "Overall summary",
    with its section). ``known_titles``: :func:`normalise_heading` keys."""
    def entry(text: str) -> bool:
        if _DOT_LEADERS.search(text):
            return True
        head, _, page = text.rpartition(" ")
        return len(page) <= 3 and page.isdigit() and normalise_heading(head) in known_titles

    # Most documents have no contents: only the lines that end with a digit are
    # looked at, and three entries at least must be there.
    entries = {k for k, text in enumerate(lines) if text[-1:].isdigit() and entry(text)}
    if len(entries) < 3:
        return set()
    out: set[int] = set()
    run: list[int] = []
    for k, text in enumerate(lines):
        if k in entries:
            run.append(k)
            continue
        wrapped_title = (run and k + 1 in entries and len(text) < 90 and text[-1:] not in ".:;?!")
        if wrapped_title:
            run.append(k)
            continue
        if len(entries.intersection(run)) >= 3:
            out.update(run)
        run = []
    if len(entries.intersection(run)) >= 3:
        out.update(run)
    return out


_BROKEN_HEAD = re.compile(r"[A-Za-z]+-$")
_BROKEN_TAIL = re.compile(r"[a-z]+|[A-Z]+(?![a-z])")  # "tigation", or "TIGATION" in a heading set in capitals
_COMPOUND = re.compile(r"[A-Za-z]+-[a-z]+")
_ASCII_WORD = re.compile(r"[a-z]+")
_BROKEN_PARTS = re.compile(r"[A-Za-z]+-\n[a-z]*")


class WordBreaks:
    """Joins a word broken at a line end's hyphen, read from the document's
    own words (there is no dictionary to ask). With the hyphen where the
    document writes the word so elsewhere ("anti-social"); without it where
    the document writes it whole elsewhere ("Eng-" + "land and Wales"). Else
    a compound keeps it where the first part is a prefix that UK English
    hyphenates ("co-" + "ordination"; ``compound_prefixes`` in
    ``cleaning/pdftext.json``) or both parts are words of the document
    ("problem-" + "solving"), and typesetting's hyphenation is joined
    ("inves-" + "tigation", "under-" + "mines").
    ``text``: the document's lines, each on a line of its own."""

    @classmethod
    def of(cls, lines: list[str]) -> "WordBreaks | None":
        """For a document's lines; None where no line ends with a hyphen."""
        return cls("\n".join(lines)) if any(line.endswith("-") for line in lines) else None

    def __init__(self, text: str):
        from .resources import load_json

        # the two parts of a break are no evidence of themselves
        self.words = set(_ASCII_WORD.findall(_BROKEN_PARTS.sub("\n", text).lower()))
        self.compounds = {c.lower() for c in _COMPOUND.findall(text)}
        self.prefixes = frozenset(load_json("peelnlp.cleaning", "pdftext.json")["compound_prefixes"])

    def join(self, left: str, right: str) -> str:
        """``left`` (ending in a letter and "-") and ``right`` (starting lower
        case, or in capitals after capitals), joined."""
        head, tail = _BROKEN_HEAD.search(left), _BROKEN_TAIL.match(right)
        if head and tail:
            first, second = head.group()[:-1].lower(), tail.group().lower()
            if f"{first}-{second}" in self.compounds:
                return left + right
            if first + second in self.words:
                return left[:-1] + right
            if first in self.prefixes or (first in self.words and second in self.words):
                return left + right
            return left[:-1] + right
        return left + right


def join_line(out: str, line: str, breaks: WordBreaks | None) -> str:
    """A block's text so far and its next line, joined: with a space, or a
    word broken at the line end's hyphen joined as ``breaks`` decides (with
    its hyphen where there is none to decide)."""
    if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and (
            line[:1].islower() or (out[-3:-1].isupper() and line[:2].isupper())):  # "NON-" + "EMERGENCY"
        return breaks.join(out, line) if breaks else out + line
    return out + " " + line
