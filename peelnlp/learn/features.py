"""What the statement models see: a statement with its place in the report.

The same :class:`StatementInput` is built from pipeline spans (at tagging
time) and from gold statements (at training time), so the models are trained
on exactly the evidence they get later.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..charmap import CharMap
from ..labels import DEFAULT_FRAMEWORK
from ..resources import load_json
from ..text import bullet_pattern

#: Bump whenever a feature changes: a model trained on other features would
#: load fine and predict nonsense, so loading checks this number.
FEATURES_VERSION = 6

#: Words on normalised text: letters and digits, joined by an inner
#: apostrophe or hyphen ("force's", "well-being", "999"), and % and £.
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[%£]")
_MODAL = re.compile(r"((?:^|\S+ )?\S+) (?:should|must|needs to|need to)(?: (\S+))?")
_MODAL_WORDS = ("should", "must", "need")  # every _MODAL match holds one of these
_APOS = CharMap({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


class StatementInput(NamedTuple):
    """Immutable; a NamedTuple because a report makes hundreds of them."""

    text: str
    kind: str = "sentence"
    section: str | None = None
    #: the area the section decides, None in summaries and when unknown; also
    #: a section found by its first sentence where no title gave an area
    #: (frameworks.place.untitled_sections), with ``section`` unchanged
    section_area: str | None = None
    box: str | None = None
    heading: str | None = None
    prev: str | None = None
    #: statements since the last heading or title (0 = the heading itself)
    position: int | None = None
    grade: str | None = None
    #: False for bare lines: no layout evidence at all
    structured: bool = True
    #: the area a rule already gave the statement (a graded judgement's)
    anchor: str | None = None

    def without_structure(self) -> "StatementInput":
        # ``prev`` stays: bare lines still come in document order.
        return self._replace(section=None, section_area=None, box=None, heading=None,
                             position=None, structured=False)


def lines_view(X: list[StatementInput], judgement_ends_finding: bool = True) -> list[StatementInput]:
    """A document's statements (in order) as the ``lines`` reader sees them:
    finding headings are found by their look, but there are no titles, so no
    sections or boxes, and a heading's reach runs on until the next heading
    or graded judgement (see _assemble; ``judgement_ends_finding=False``:
    only until the next heading)."""
    out = []
    heading, position, prev = None, 0, None
    for x in X:
        if x.kind == "title":
            continue
        if x.kind == "finding_heading":
            heading, position = x.text, 0
        elif x.grade and judgement_ends_finding:
            heading, position = None, 1
        else:
            position += 1
        out.append(x._replace(section=None, section_area=None, box=None, heading=heading,
                              position=position, prev=prev if position > 1 else None))
        prev = x.text
    return out


def with_untitled_sections(X: list[StatementInput], framework: str = DEFAULT_FRAMEWORK) -> list[StatementInput]:
    """A document's statements with the area of each section that no title
    placed but its first sentence opens (frameworks.place.untitled_sections),
    as its title would give it, with no title's other layout (the statement
    keeps its section, if any). Only where no title gave an area: on text
    with no titles, and where the section's own title is one the framework
    doesn't know, so that its statements stand in the summary before it.
    The pipeline's inputs get it (see
    _assemble), and so do the lines and bare views scored by the training
    and evaluation code; the training copies of those views
    (structure_dropout) stay without it."""
    from ..frameworks.place import untitled_sections

    found = untitled_sections([x.text for x in X], [x.grade for x in X], framework)
    if not any(found):
        return X
    return [x._replace(section_area=area) if area and x.section_area is None else x for x, area in zip(X, found)]


def scored_lines(X: list[StatementInput]) -> list[StatementInput]:
    """A document's statements (training rows, in order) as the pipeline gives
    them to the models from the lines reader: lines_view with its untitled
    sections (with_untitled_sections). For scoring; the training copies
    (structure_dropout) use lines_view alone."""
    return with_untitled_sections(lines_view(X))


def scored_bare(X: list[StatementInput]) -> list[StatementInput]:
    """The same for text with no layout at all (see scored_lines)."""
    return with_untitled_sections([x.without_structure() for x in X])


def normalise(text: str) -> str:
    return _APOS(text).lower()


_DIGIT = re.compile(r"[0-9]")


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """The statement's words (see _WORD); cue phrases are matched on them."""
    return tuple(_WORD.findall(normalise(text)))


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    """The words as the bags see them: hyphenated words split, and every
    digit a 0, so that figures generalise ("10" and "25" are both "00")."""
    joined = " ".join(_words(text))
    if "-" in joined:
        joined = joined.replace("-", " ")
    return tuple(_DIGIT.sub("0", joined).split())


class _Cues:
    """Cue phrases in groups, matched word by word: one-word phrases are
    looked up by their word, longer ones by their first two words, so a
    statement is read once whatever the number of cues."""

    def __init__(self, groups: dict[str, list[str]], negators=(), negatable=(), scope: int = 3):
        #: a negatable group's cue within ``scope`` words after a negator
        #: counts for "not_" + the group ("lacks consistent oversight")
        self.negators = frozenset(w for n in negators for w in _WORD.findall(normalise(n)))
        self.negatable = frozenset(negatable)
        self.scope = scope
        self.single: dict[str, list[str]] = {}
        self.longer: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
        for group, phrases in groups.items():
            for phrase in dict.fromkeys(phrases):  # in the data's order: features come out in a fixed order
                words = _WORD.findall(normalise(phrase))
                if len(words) == 1:
                    self.single.setdefault(words[0], []).append(group)
                elif words:
                    self.longer.setdefault(tuple(words[:2]), []).append((tuple(words), group))
        self.openers = frozenset(self.single) | {first for first, _ in self.longer}

    def scopes(self, words) -> list[range]:
        """The positions each negator in ``words`` governs: the ``scope`` words after it."""
        return [range(i + 1, i + 1 + self.scope) for i, word in enumerate(words) if word in self.negators]

    @lru_cache(maxsize=8192)
    def counts(self, text: str) -> dict[str, int]:
        words = _words(text)
        out: dict[str, int] = {}
        openers = self.openers
        negated: set[int] = set()
        if self.negatable:
            for scope in self.scopes(words):
                negated.update(scope)
        for i in [i for i, word in enumerate(words) if word in openers]:  # few words open a cue
            found = list(self.single.get(words[i], ()))
            for phrase, group in self.longer.get(words[i:i + 2], ()):
                if len(phrase) == 2 or words[i:i + len(phrase)] == phrase:
                    found.append(group)
            for group in found:
                if i in negated and group in self.negatable:
                    group = "not_" + group
                out[group] = out.get(group, 0) + 1
        return out


@lru_cache(maxsize=None)
def _cue_patterns(package: str, name: str, key: str | None = None) -> _Cues:
    data = load_json(package, name)
    groups = data[key] if key else {k: v for k, v in data.items() if not k.startswith("_")}
    negation = {} if key else {"negators": data.get("_negators", ()), "negatable": data.get("_negatable", ()),
                               "scope": data.get("_scope", 3)}
    flat = {}
    for group, phrases in groups.items():
        if isinstance(phrases, dict):  # areas.json: {"cues": [...], "aliases": [...]}
            phrases = phrases.get("cues", []) + phrases.get("aliases", [])
        flat[group] = phrases
    return _Cues(flat, **negation)


def type_cues() -> _Cues:
    return _cue_patterns(__package__, "cues.json")


def area_cues(framework: str) -> _Cues:
    return _cue_patterns(f"peelnlp.frameworks.{framework}", "areas.json", "areas")


@lru_cache(maxsize=None)
def _explain_opener() -> re.Pattern:
    phrases = load_json(__package__, "cues.json")["explain"]
    return re.compile(r"^(?:and |but )?(?:" + "|".join(re.escape(normalise(p)) for p in phrases) + r")(?![a-z])")


@lru_cache(maxsize=8192)
def explains(text: str) -> bool:
    """Does the statement open by explaining the one before ("This means...")?"""
    return bool(_explain_opener().match(normalise(bullet_pattern().sub("", text, count=1)).lstrip()))


def cue_counts(text: str, cues: _Cues) -> dict[str, int]:
    return cues.counts(text)


class Bag(NamedTuple):
    """A bag of words as features: ``prefix + word`` for each word and, with
    ``bigrams``, each pair of neighbours, all weighted ``scale / sqrt(len(words))``.
    Kept as words, not feature names: the estimators hash a bag from its
    words' cached hashes, with no string built per feature."""

    prefix: str
    words: tuple[str, ...]
    bigrams: bool = True
    scale: float = 1.0


@lru_cache(maxsize=8192)
def _type_text_part(text: str, kind: str) -> tuple[tuple[str, float], ...]:
    """Features of the statement's own words, its bag aside (cached: the same
    statement is featurised with and without its layout)."""
    toks = _tokens(text)
    feats = [(f"open={'_'.join(toks[:2])}", 1.0), (f"first={toks[0] if toks else ''}", 1.0), (f"kind={kind}", 1.0)]
    # Who "should"? "Forces should ..." states an expectation of all forces
    # (other); "the force should ..." asks this force to improve.
    joined = " ".join(toks)
    # The pattern backtracks at every position; most statements have no modal.
    modals = _MODAL.finditer(joined) if any(w in joined for w in _MODAL_WORDS) else ()
    for m in modals:
        subject = m.group(1).split()[-2:]
        feats.append((f"modal={'_'.join(subject)}", 1.0))
        feats.append((f"modal_be={m.group(2) == 'be'}", 0.5))
    return tuple(feats)


@lru_cache(maxsize=8192)
def _type_cue_part(text: str) -> tuple[tuple[str, float], ...]:
    return tuple((f"cue={group}", min(n, 3) / 2) for group, n in cue_counts(text, type_cues()).items())


@lru_cache(maxsize=2048)
def _type_heading_part(heading: str) -> tuple[tuple[str, float], ...]:
    """Features of a finding heading (its bag aside), shared by every statement under it."""
    feats = []
    for group, n in cue_counts(heading, type_cues()).items():
        feats.append((f"hcue={group}", min(n, 3) / 2))
    return tuple(feats)


@lru_cache(maxsize=8192)
def _type_prev_part(prev: str) -> tuple[tuple[str, float], ...]:
    ptoks = _tokens(prev)
    feats = [(f"popen={'_'.join(ptoks[:2])}", 0.5)]
    for group, n in cue_counts(prev, type_cues()).items():
        feats.append((f"pcue={group}", min(n, 3) / 4))
    return tuple(feats)


# Features come in parts: bags of words (Bag) and tuples of (name, value)
# features. Every part is cached here by what it depends on (a statement's
# words, its heading, its predecessor, its layout), so a part that recurs is
# the same object: the estimators hash each part once and each bag from its
# words (see linear.HashedLogisticClassifier._columns).

@lru_cache(maxsize=8192)
def _words_bag(text: str) -> Bag:
    return Bag("w=", _tokens(text))


@lru_cache(maxsize=2048)
def _type_heading_bag(heading: str) -> Bag:
    return Bag("h=", _tokens(heading))


_NOSTRUCT = (("nostruct", 1.0),)


@lru_cache(maxsize=4096)
def _layout_part(box: str | None, sec: str, pos, cue_groups: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    feats = [(f"box={box}", 2.0), (f"sec={sec}", 1.0), (f"pos={pos}", 1.0)]
    # Interactions a linear model can't form itself: "should" right after a
    # heading states an expectation; the same words later criticise.
    for group in cue_groups:
        feats += [(f"cue={group}&pos={pos}", 0.5), (f"cue={group}&box={box}", 0.5), (f"cue={group}&sec={sec}", 0.5)]
    return tuple(feats)


@lru_cache(maxsize=None)
def polarity_lexicon() -> dict[str, float]:
    """Word -> polarity (-1..1) from TextBlob's English sentiment lexicon, a
    general-purpose list of about 1,500 evaluative adjectives ("poor",
    "effective", "weak"), read from the data file TextBlob ships (TextBlob
    itself, and NLTK behind it, are not imported)."""
    import importlib.util
    import xml.etree.ElementTree as ET
    from pathlib import Path

    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the 'lexicon' evidence needs the textblob package (pip install textblob)")
    path = Path(list(spec.submodule_search_locations)[0]) / "en" / "en-sentiment.xml"
    senses: dict[str, list[float]] = {}
    for word in ET.parse(path).getroot().iter("word"):
        senses.setdefault(word.get("form", "").lower(), []).append(float(word.get("polarity", 0)))
    # A word's senses averaged; near-neutral words carry no evidence.
    mean = {w: sum(p) / len(p) for w, p in senses.items() if w}
    return {w: p for w, p in mean.items() if abs(p) >= 0.1}


@lru_cache(maxsize=8192)
def _lexicon_part(text: str) -> tuple[tuple[str, float], ...]:
    """Counts of positive and negative lexicon words, a word in the scope of a
    negator ("not effective", "lacks clear") counted with its polarity flipped."""
    lexicon = polarity_lexicon()
    cues = type_cues()
    words = _words(text)
    negated: set[int] = set()
    for scope in cues.scopes(words):
        negated.update(scope)
    pos = neg = 0.0
    for i, w in enumerate(words):
        p = lexicon.get(w)
        if p is None:
            continue
        if i in negated:
            p = -p
        if p > 0:
            pos += p
        else:
            neg -= p
    feats = []
    if pos:
        feats.append(("lex_pos", min(pos, 2.0)))
    if neg:
        feats.append(("lex_neg", min(neg, 2.0)))
    return tuple(feats)


@lru_cache(maxsize=8192)
def _stems_bag(text: str) -> Bag:
    """The words cut to their first five letters, a crude stem shared by a
    word's forms ("improve", "improved", "improvement"), so evidence learnt on
    one form reaches the others."""
    return Bag("s=", tuple(t[:5] for t in _tokens(text) if len(t) > 3), bigrams=False, scale=0.7)


@lru_cache(maxsize=8192)
def _negated_bag(text: str) -> Bag:
    """Words in the scope of a negator ("doesn't always record", "lacks clear
    direction"), marked as negated: "n=clear" is evidence apart from "w=clear"."""
    toks = _tokens(text)
    return Bag("n=", tuple(toks[k] for scope in type_cues().scopes(toks) for k in scope if k < len(toks)),
               bigrams=False)


#: the groups of evidence the type model can read (see TypeClassifier.evidence)
EVIDENCE = ("words", "cues", "heading", "layout", "prev", "stems", "negation")


def type_feature_parts(x: StatementInput, evidence=EVIDENCE) -> list:
    parts = []
    if "words" in evidence:
        parts += [_words_bag(x.text), _type_text_part(x.text, x.kind)]
    if "cues" in evidence:
        parts.append(_type_cue_part(x.text))
    if "lexicon" in evidence:
        parts.append(_lexicon_part(x.text))
    if "stems" in evidence:
        parts.append(_stems_bag(x.text))
    if "negation" in evidence:
        parts.append(_negated_bag(x.text))
    if not x.structured:
        return parts + [_NOSTRUCT]
    if "layout" in evidence:
        sec = 'area' if x.section_area else ('summary' if x.section else 'none')
        pos = min(x.position, 4) if x.position is not None else 'na'
        cue_groups = tuple(cue_counts(x.text, type_cues())) if "cues" in evidence else ()
        parts.append(_layout_part(x.box, sec, pos, cue_groups))
    if x.heading and "heading" in evidence:
        parts.append(_type_heading_bag(x.heading))
        if "cues" in evidence:
            parts.append(_type_heading_part(x.heading))
    if x.prev and "prev" in evidence:
        parts.append(_type_prev_part(x.prev))
    return parts


@lru_cache(maxsize=8192)
def _area_text_part(text: str, framework: str) -> tuple[tuple[str, float], ...]:
    feats = []
    for group, n in cue_counts(text, area_cues(framework)).items():
        feats.append((f"acue={group}", min(n, 3)))
    return tuple(feats)


@lru_cache(maxsize=2048)
def _area_heading_part(heading: str, framework: str) -> tuple[tuple[str, float], ...]:
    feats = []
    for group, n in cue_counts(heading, area_cues(framework)).items():
        feats.append((f"acue={group}", 1.5 * min(n, 3)))
    feats.append(("has_heading", 1.0))
    return tuple(feats)


@lru_cache(maxsize=2048)
def _area_heading_bag(heading: str) -> Bag:
    return Bag("w=", _tokens(heading), bigrams=False, scale=1.5)


_NO_HEADING = (("no_heading", 1.0),)


@lru_cache(maxsize=256)
def _summary_part(section: str) -> tuple[tuple[str, float], ...]:
    return ((f"summary={normalise(section)}", 1.0),)


@lru_cache(maxsize=4096)
def _summary_words_bag(text: str) -> Bag:
    # The words again, apart: weights learnt only on summary statements
    # (feature augmentation, Daume III 2007), on top of those shared with
    # the sections.
    return Bag("sw=", _tokens(text), bigrams=False)


def area_feature_parts(x: StatementInput, framework: str = DEFAULT_FRAMEWORK, summary_words: bool = False) -> list:
    parts = [_words_bag(x.text), _area_text_part(x.text, framework)]
    if x.structured and x.heading and x.heading != x.text:
        parts += [_area_heading_bag(x.heading), _area_heading_part(x.heading, framework)]
    elif x.structured:
        parts.append(_NO_HEADING)
    if x.section and not x.section_area:
        parts.append(_summary_part(x.section))
        if summary_words:
            parts.append(_summary_words_bag(x.text))
    return parts


def _assemble(items, placed, framework: str, grades=None, structured: bool = True,
              anchors=None) -> list[StatementInput]:
    from ..frameworks import load_framework
    from ..frameworks.place import end_findings_at_judgements

    fw = load_framework(framework)
    out = []
    prev_text = None
    position = 0
    if grades:
        # With no titles (bare lines) nothing else ends the last finding.
        headings = end_findings_at_judgements([k for k, _ in items], [p[2] for p in placed], grades)
        placed = [(section, box, heading) for (section, box, _), heading in zip(placed, headings)]
    for i, ((kind, text), (section, box, heading)) in enumerate(zip(items, placed)):
        position = 0 if kind in ("title", "finding_heading") else position + 1
        if grades and grades[i]:
            position = 1  # counted from the judgement, as from a section's title
        found = fw.section(section) if section else None
        x = StatementInput(
            text=text, kind=kind, section=section, section_area=found[1] if found else None,
            box=box, heading=heading, prev=prev_text if position > 1 else None,
            position=position, grade=grades[i] if grades else None,
            anchor=anchors[i] if anchors and grades and grades[i] else None,
        )
        out.append(x if structured else x.without_structure())
        prev_text = text
    # Nor does anything else open a section that no judgement opens (a
    # 2021/22 victim service assessment): its first sentence does.
    return with_untitled_sections(out, framework)


def inputs_from_sequence(items, framework: str = DEFAULT_FRAMEWORK, grades=None,
                         structured: bool = True, anchors=None) -> list[StatementInput]:
    """StatementInputs for an ordered list of (kind, text) gold statements."""
    from ..frameworks.place import place, sections_at_judgements
    from ..frameworks import load_framework

    fw = load_framework(framework)
    placed = place(items, fw)
    if grades and anchors:
        # As the grade reader does for the pipeline's statements.
        placed = sections_at_judgements(items, placed, [area if grade else None for grade, area in zip(grades, anchors)],
                                        fw)
    return _assemble(items, placed, framework, grades, structured, anchors)


#: negations written in full, and as the reports the models learnt from contract
#: them (``evaluation.layouts`` writes them out with the same table)
CONTRACTIONS = {"is not": "isn't", "are not": "aren't", "was not": "wasn't", "were not": "weren't",
                 "has not": "hasn't", "have not": "haven't", "had not": "hadn't", "does not": "doesn't",
                 "do not": "don't", "did not": "didn't", "cannot": "can't", "will not": "won't",
                 "should not": "shouldn't", "could not": "couldn't", "would not": "wouldn't"}
_IN_FULL = re.compile(r"\b(" + "|".join(k.replace(" ", r"\s+") for k in CONTRACTIONS) + r")\b"
                      r"(?!\s+(?:only|just|merely|simply)\b)", re.IGNORECASE)


def _contracted(match: re.Match) -> str:
    word = CONTRACTIONS[" ".join(match.group(1).lower().split())]
    return word.capitalize() if match.group(1)[0].isupper() else word


def contract_negations(text: str) -> str:
    """``text`` with its negations contracted ("does not" as "doesn't"; not
    "is not only"): the form of the reports the models learnt from. Written
    in full, a shortfall read as praise ("The force does not understand its
    demand well enough": strength at 0.98)."""
    if "not" not in text:
        return text
    return _IN_FULL.sub(_contracted, text)


def inputs_from_doc(doc) -> list[StatementInput]:
    """StatementInputs for the statements of a processed ``Doc``."""
    from ..extensions import doc_text, span_values, statement_offsets

    offsets = statement_offsets(doc)
    kinds = span_values(doc, offsets, "kind")
    # Titles and headings place the statements that follow them, in bare
    # lines too. With none (bare lines, or a sentence or paragraph given
    # alone) the model reads words alone: no report's statements stand
    # outside every title but its front matter, which is context.
    structured = any(k in ("title", "finding_heading") for k in kinds)
    text = doc_text(doc)
    # The models read a writer's negations in full as the reports they learnt
    # from contract them; the records keep the writer's words.
    items = [(kind, contract_negations(text[s:e])) for kind, (s, e) in zip(kinds, offsets)]
    placed = [(section, box, heading if heading is None else contract_negations(heading))
              for section, box, heading in zip(*(span_values(doc, offsets, name)
                                                  for name in ("section", "box", "heading")))]
    grades = span_values(doc, offsets, "grade")
    anchors = span_values(doc, offsets, "area")  # set only on graded judgements so far
    inputs = _assemble(items, placed, doc._.framework or DEFAULT_FRAMEWORK, grades, structured, anchors)
    return inputs
