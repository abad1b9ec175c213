"""``peelnlp_grades``: read graded judgements.

"Northmoor Police is adequate at responding to the public." gets
``span._.grade = "adequate"`` and ``span._.area = "responding"``. The grade
words and the phrasings of each area are framework data
(``frameworks/*/grades.json``): "is inadequate at operating efficiently" is
strategic planning.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..charmap import CharMap
from ..labels import DEFAULT_FRAMEWORK
from ..extensions import doc_text, register_extensions, set_span_values, span_values, statement_offsets

#: a judgement sentence is short: the area phrase ends it but for a few words
MAX_TRAILING_WORDS = 6


_PLAIN = CharMap({"\u2019": "'", "\u2013": "-", "\u2014": "-"})


def _norm_chars(text: str) -> str:
    return _PLAIN(text).lower()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", _norm_chars(text))


#: words that link an activity's parts; they count as trailing words
_LINKS = frozenset({"a", "an", "and", "the", "to", "of", "for", "its", "their", "with", "in", "at"})
#: a possessive before the activity ("requires improvement in its vetting ...")
_POSSESSIVE = re.compile(r"^(?:its|their|the force's|the service's)\s+")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text)


@lru_cache(maxsize=None)
def _compiled(framework: str):
    from ..frameworks import load_framework

    data = load_framework(framework).grades
    verbs = []
    for grade, forms in data["grades"].items():
        verbs.extend((_norm(f), grade) for f in forms)
    verbs.sort(key=lambda v: -len(v[0]))
    connectors = "|".join(re.escape(c) for c in data["connectors"])
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(v) for v, _ in verbs) + r")\s+(?:" + connectors + r")\s+(.+)$"
    )
    phrases = sorted(
        ((_norm(p), area) for area, ps in data["phrases"].items() for p in ps),
        key=lambda p: -len(p[0]),
    )
    # The words of each area's phrases, for the activity named in full after
    # the phrase that matched ("strategic planning, organisational management
    # and providing value for money"): they are not trailing words.
    vocab = {area: frozenset(w for p in ps for w in _words(_norm(p)) if w not in _LINKS)
             for area, ps in data["phrases"].items()}
    return pattern, dict(verbs), phrases, vocab


#: "<Name> is good at ...": the judged body is named (capitalised words,
#: "and"/"of"/"the" between them), perhaps after "We found that"; a sentence
#: about "the force" or "it" is a finding, not the graded judgement.
_NAMED_SUBJECT = re.compile(
    r"^(?:(?:we|overall|in summary|our inspection)\b[^.]{0,40}?\b(?:that|judge|judged|found|find)\s+)?"
    r"(?:The\s+)?[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|and|of|the|&))*\s+"
    r"(?:is|are|was|requires?|required|needs)\s", re.IGNORECASE)
_NOT_A_NAME = frozenset({"it", "this", "that", "the", "we", "they", "he", "she", "its", "there", "force",
                         "service", "these", "which", "our", "overall"})
#: the longest judgement sentence read by grammar alone, in words
MAX_JUDGEMENT_WORDS = 30


def _named_subject(text: str) -> bool:
    m = _NAMED_SUBJECT.match(text.strip())
    if m is None:
        return False
    words = re.findall(r"[\w'’&.-]+", m.group(0))[:-1]  # the verb aside
    while words and words[0].lower() in ("we", "found", "find", "judge", "judged", "that", "overall",
                                           "in", "summary", "our", "inspection"):
        words = words[1:]
    names = [w for w in words if w.lower() not in ("the", "and", "of", "&")]
    # Case-insensitive matching above; here the name itself must be capitalised,
    # and more than a sentence's capitalised first word ("Officers are good at").
    return (len(names) >= 2 and all(w[0].isupper() for w in names)
            and names[0].lower() not in _NOT_A_NAME)


def read_grade(text: str, framework: str = DEFAULT_FRAMEWORK) -> tuple[str, str | None] | None:
    """(grade, area) when ``text`` is a graded judgement, else None.

    The framework's phrase list names the area of the activities it knows.
    Any other activity is read by grammar: a named body, a grade verb and a
    connector ("Northmoor Police requires improvement in the way it manages
    suspects"), with the area left None for the caller to take from the
    section (GUIDELINES s.3) or the activity's words.
    """
    pattern, verbs, phrases, vocab = _compiled(framework)
    norm = " ".join(_norm_chars(text).split())  # as _norm(text).strip(), without a regex
    m = pattern.search(norm)
    if m is None:
        return None
    rest = _POSSESSIVE.sub("", m.group(2).strip(" .;:"), count=1)
    for phrase, area in phrases:
        if rest.startswith(phrase):
            trailing = [w for w in _words(rest[len(phrase):]) if w not in vocab[area]]
            if len(trailing) <= MAX_TRAILING_WORDS:
                return verbs[m.group(1)], area
    if len(norm.split()) <= MAX_JUDGEMENT_WORDS and _named_subject(text):
        return verbs[m.group(1)], None
    return None


def _activity_area(text: str, framework: str) -> str | None:
    """The area whose cue words the judged activity uses most, if any."""
    from ..learn.features import area_cues, cue_counts

    counts = cue_counts(text, area_cues(framework))
    counts.pop("general", None)
    return max(counts, key=counts.get) if counts else None


class GradeReader:
    def __init__(self, nlp: Language, name: str, framework: str | None = None):
        register_extensions()
        self.name = name
        self.framework = framework

    def __call__(self, doc: Doc) -> Doc:
        from ..frameworks import DEFAULT, load_framework

        offsets = statement_offsets(doc)
        framework = self.framework or doc._.framework or DEFAULT
        text = doc_text(doc)
        graded, grades, areas = [], [], []
        sections = span_values(doc, offsets, "section")
        kinds = span_values(doc, offsets, "kind")
        for (s, e), kind, section in zip(offsets, kinds, sections):
            if kind in ("title", "finding_heading"):
                continue
            found = read_grade(text[s:e], framework)
            if found is not None:
                area = found[1]
                if area is None:  # read by grammar: the section decides, else the activity's words
                    placed = load_framework(framework).section(section) if section else None
                    area = (placed[1] if placed else None) or _activity_area(text[s:e], framework)
                graded.append((s, e))
                grades.append(found[0])
                areas.append(area)
        set_span_values(doc, graded, "grade", grades)
        set_span_values(doc, graded, "area", areas)
        if graded:
            # A judgement ends the finding before it (bare lines have no title to).
            from ..frameworks.place import end_findings_at_judgements, sections_at_judgements

            # A judgement whose area is not its section's opens that area's
            # section (a title the framework doesn't know left it in the last).
            judged = dict(zip(graded, areas))
            items = [(kind, text[s:e]) for kind, (s, e) in zip(kinds, offsets)]
            placed = list(zip(sections, span_values(doc, offsets, "box"), [None] * len(offsets)))
            opened = sections_at_judgements(items, placed, [judged.get(at) for at in offsets],
                                            load_framework(framework))
            moved = [(at, new) for at, new, old in zip(offsets, opened, placed) if new != old]
            for k, name in enumerate(("section", "box")):
                set_span_values(doc, [at for at, _ in moved], name, [new[k] for _, new in moved])
            found = dict(zip(graded, grades))
            headings = span_values(doc, offsets, "heading")
            ended = end_findings_at_judgements(kinds, headings, [found.get(at) for at in offsets])
            changed = [(at, h) for at, h, old in zip(offsets, ended, headings) if h != old]
            set_span_values(doc, [at for at, _ in changed], "heading", [h for _, h in changed])
        return doc


@Language.factory("peelnlp_grades", default_config={"framework": None})
def make_grade_reader(nlp: Language, name: str, framework: str | None) -> GradeReader:
    return GradeReader(nlp, name, framework)
