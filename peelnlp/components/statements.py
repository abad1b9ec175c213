"""``peelnlp_statements``: split a document into statements.

A statement is a sentence, a finding heading, a title or a list item
(GUIDELINES section 1). Layout comes from the reader's blocks
(``doc._.blocks``); a ``Doc`` made from a bare string gets blocks inferred from
its blank lines. Statements go to the span group ``doc.spans["statements"]``
with ``span._.kind`` set.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..text import any_of, bullet_pattern, normalise_heading
from ..document import HEADING, LINE, LIST_ITEM, PARAGRAPH, Block
from ..extensions import doc_text, register_extensions, set_span_values, set_statements
from .rules_io import JsonRules
from ..resources import load_json

RULES_FILE = "statements.json"


def blocks_from_plain_text(text: str) -> list[Block]:
    """Blocks for text with no reader: chunks between blank lines; a one-line
    chunk without final punctuation is a heading, a bulleted line a list item."""
    bullet = bullet_pattern()
    blocks = []
    for m in re.finditer(r"\S(?:.*\S)?(?:\n(?!\s*\n).*\S)*", text):
        chunk = m.group(0)
        lines = chunk.split("\n")
        if len(lines) > 1 and all(bullet.match(ln) for ln in lines):
            pos = m.start()
            for ln in lines:
                blocks.append(Block(pos, pos + len(ln.rstrip()), LIST_ITEM))
                pos += len(ln) + 1
            continue
        if bullet.match(chunk):
            kind = LIST_ITEM
        elif "\n" not in chunk and chunk.rstrip()[-1:] not in ".:;?!\"'\u2019\u201d)" and len(chunk) < 160:
            kind = HEADING
        else:
            kind = PARAGRAPH
        blocks.append(Block(m.start(), m.end(), kind))
    return blocks


_INITIAL = re.compile(r"[a-z]\.")  # "j." in "J. Smith"
_HEADING_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@lru_cache(maxsize=8)
def _table_pieces(table_words: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The titles the frameworks know and a grades table's words, and the
    first word of each."""
    from ..frameworks import all_known_titles

    pieces = frozenset(all_known_titles()) | table_words
    return pieces, frozenset(p.split()[0] for p in pieces if p)


#: the most words a title the frameworks know runs to, with room to spare
_TITLE_WORDS = 16
#: the longest word sentence_bounds reads before a full stop (abbreviations are short)
_MAX_WORD = 40

class StatementSegmenter(JsonRules):
    rules_file = RULES_FILE

    def __init__(self, nlp: Language, name: str, rules: dict | None = None):
        register_extensions()
        self.name = name
        self._set_rules(rules or load_json(__package__, RULES_FILE))

    def _set_rules(self, rules: dict) -> None:
        self.rules = rules
        self._abbreviations = {a.lower() for a in rules["abbreviations"]}
        self._split = re.compile(
            "(" + rules["sentence_end"] + r")(\s+)(?=" + rules["sentence_start"] + ")"
        )
        self._bullet = bullet_pattern()
        # .get: a pipeline saved before the patterns existed has rules without them
        self._title_patterns = any_of(rules.get("title_patterns", []) or ["(?!)"])
        self._table_words = frozenset(rules.get("table_words", []))

    # -- segmentation -------------------------------------------------------
    def sentence_bounds(self, text: str, offset: int = 0) -> list[tuple[int, int]]:
        """(start, end) of each sentence in ``text``, shifted by ``offset``."""
        bounds = []
        start = 0
        for m in self._split.finditer(text):
            end = m.end(1)
            # The word before the stop, looked for within a word's length only:
            # a long run without spaces ("....") must not be rescanned per stop.
            window = max(0, m.start(1) - _MAX_WORD)
            word_start = max(text.rfind(" ", window, m.start(1)) + 1, window)
            word = text[word_start:m.start(1) + 1].lstrip("(\"'\u2018\u201c").lower()
            if word in self._abbreviations or _INITIAL.fullmatch(word):
                continue  # "e.g.", "No. 5", an initial: not the end of a sentence
            if text[start:end].strip():
                bounds.append((start, end))
            start = m.end()
        if text[start:].strip():
            bounds.append((start, len(text.rstrip())))
        out = []
        for s, e in bounds:
            while s < e and text[s].isspace():
                s += 1
            out.append((s + offset, e + offset))
        return out

    @staticmethod
    def _known_title(text: str) -> bool:
        from ..frameworks import is_known_title

        return is_known_title(text)

    def heading_kind(self, text: str, title_case: bool = False) -> str:
        """``title`` for structural headings, ``finding_heading`` for findings.
        ``title_case``: the document sets its findings' headings in title
        case too, so their capitals tell nothing (:meth:`_findings_in_title_case`)."""
        if self._known_title(text):
            return "title"
        words = _HEADING_WORD.findall(text)
        if len(words) <= self.rules["title_max_words"]:
            return "title"
        if self._title_patterns.fullmatch(text) or self._titles_run_together(text):
            return "title"
        if text.isupper() or title_case:
            # A heading set in capitals (as some PDFs style them), or in a
            # document that capitalises its findings' words too, has lost the
            # case that tells a title ("Police Powers and Public Treatment")
            # from a finding: past the titles the framework knows, a heading
            # this long states a finding.
            return "finding_heading"
        return "title" if self._title_shaped(words) else "finding_heading"

    def _title_shaped(self, words: list[str]) -> bool:
        """Are most of the heading's long words capitalised, as a title's are?"""
        long_words = [w for w in words if len(w) > 3]
        capitalised = sum(1 for w in long_words if w[0].isupper())
        return bool(long_words) and capitalised / len(long_words) >= self.rules["title_case_share"]

    def _titles_run_together(self, text: str) -> bool:
        """Two or more titles the framework knows and grade words, and
        nothing else: a row of a grades table as extraction runs its cells
        together ("Investigating crime Adequate Responding to the public")."""
        words = normalise_heading(text).split()
        pieces, openers = _table_pieces(self._table_words)
        if len(words) < 2 or words[0] not in openers:
            return False  # most headings: no title or grade word starts them
        # parts[i]: the fewest pieces that make up words[i:], if any (no
        # title runs to more than _TITLE_WORDS words)
        parts: list[float] = [float("inf")] * len(words) + [0]
        for i in range(len(words) - 1, -1, -1):
            for j in range(i + 1, min(len(words), i + _TITLE_WORDS) + 1):
                if parts[j] + 1 < parts[i] and " ".join(words[i:j]) in pieces:
                    parts[i] = parts[j] + 1
        return 2 <= parts[0] < float("inf")

    def _is_title_line(self, body: str) -> bool:
        body = body.strip()
        return (len(body) < 80 and body[-1:] not in ".:;?!\"'\u2019\u201d)"
                and self.heading_kind(body) == "title")

    def _findings_in_title_case(self, text: str, blocks: list[Block]) -> bool:
        """Does the document set its headings in title case throughout ("The
        Force Has Improved Its Crime Recording")? Four or more headings that
        no framework knows, each longer than a title, and nearly all of them
        capitalised as titles are: then capitals tell no title from a
        finding. A report in sentence case capitalises only its titles."""
        long = []
        for block in blocks:
            if block.kind == HEADING:
                heading = text[block.start:block.end].strip()
                words = _HEADING_WORD.findall(heading)
                if len(words) > self.rules["title_max_words"] and not heading.isupper():
                    long.append((heading, words))
        if len(long) < 4:
            return False
        shaped = [h for h, words in long if self._title_shaped(words)]
        if len(shaped) < 0.8 * len(long):
            return False  # sentence case: the common case, decided without the slower checks below
        titles = sum(1 for h in shaped if self._known_title(h) or self._title_patterns.fullmatch(h)
                     or self._titles_run_together(h))
        return len(long) - titles >= 4 and len(shaped) - titles >= 0.8 * (len(long) - titles)

    def segment(self, text: str, blocks: list[Block]) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every statement, in document order."""
        out = []
        title_case = self._findings_in_title_case(text, blocks)
        for block in blocks:
            body = text[block.start:block.end]
            if not body.strip():
                continue
            if block.kind == HEADING:
                s = block.start + len(body) - len(body.lstrip())
                e = block.start + len(body.rstrip())
                out.append((s, e, self.heading_kind(text[s:e], title_case)))
            elif block.kind == LINE:
                s = block.start + len(body) - len(body.lstrip())
                e = block.start + len(body.rstrip())
                if self._bullet.match(body) and not self._known_title(text[s:e]):
                    kind = LIST_ITEM  # a numbered title ("3. Main findings") is a title
                elif body.rstrip()[-1:] not in ".:;?!\"'\u2019\u201d)":
                    kind = self.heading_kind(text[s:e])  # an unpunctuated line is a heading
                else:
                    kind = "sentence"
                out.append((s, e, kind))
            elif block.kind == PARAGRAPH and self._is_title_line(body):
                # A signature or caption set as its own unpunctuated paragraph.
                s = block.start + len(body) - len(body.lstrip())
                out.append((s, block.start + len(body.rstrip()), "title"))
            else:
                kind = LIST_ITEM if block.kind == LIST_ITEM else "sentence"
                out.extend((s, e, kind) for s, e in self.sentence_bounds(body, block.start))
        return out

    def __call__(self, doc: Doc) -> Doc:
        blocks = doc._.blocks if doc._.blocks is not None else blocks_from_plain_text(doc_text(doc))
        spans, kinds = [], []
        last_end = 0
        for start, end, kind in self.segment(doc_text(doc), blocks):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            if span.start < last_end:  # token alignment made it overlap its predecessor
                span = doc[last_end:span.end]
            if not len(span):
                continue
            spans.append(span)
            kinds.append(kind)
            last_end = span.end
        set_span_values(doc, set_statements(doc, spans), "kind", kinds)
        return doc


@Language.factory("peelnlp_statements", default_config={"rules": None})
def make_statement_segmenter(nlp: Language, name: str, rules: dict | None) -> StatementSegmenter:
    return StatementSegmenter(nlp, name, rules)
