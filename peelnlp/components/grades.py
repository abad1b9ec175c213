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
from ..extensions import doc_text, register_extensions, set_span_values, span_values, statement_offsets

#: a judgement sentence is short: the area phrase ends it but for a few words
MAX_TRAILING_WORDS = 6


_PLAIN = CharMap({"\u2019": "'", "\u2013": "-", "\u2014": "-"})


def _norm_chars(text: str) -> str:
    return _PLAIN(text).lower()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", _norm_chars(text))


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
    return pattern, dict(verbs), phrases


def read_grade(text: str, framework: str = "peel_2021_22") -> tuple[str, str] | None:
    """(grade, area) when ``text`` is a graded judgement, else None."""
    pattern, verbs, phrases = _compiled(framework)
    norm = " ".join(_norm_chars(text).split())  # as _norm(text).strip(), without a regex
    m = pattern.search(norm)
    if m is None:
        return None
    rest = m.group(2).strip(" .;:")
    for phrase, area in phrases:
        if rest.startswith(phrase):
            trailing = rest[len(phrase):].split()
            if len(trailing) <= MAX_TRAILING_WORDS:
                return verbs[m.group(1)], area
    return None


class GradeReader:
    def __init__(self, nlp: Language, name: str, framework: str | None = None):
        register_extensions()
        self.name = name
        self.framework = framework

    def __call__(self, doc: Doc) -> Doc:
        offsets = statement_offsets(doc)
        framework = self.framework or doc._.framework or "peel_2021_22"
        text = doc_text(doc)
        graded, grades, areas = [], [], []
        for (s, e), kind in zip(offsets, span_values(doc, offsets, "kind")):
            if kind in ("title", "finding_heading"):
                continue
            found = read_grade(text[s:e], framework)
            if found is not None:
                graded.append((s, e))
                grades.append(found[0])
                areas.append(found[1])
        set_span_values(doc, graded, "grade", grades)
        set_span_values(doc, graded, "area", areas)
        return doc


@Language.factory("peelnlp_grades", default_config={"framework": None})
def make_grade_reader(nlp: Language, name: str, framework: str | None) -> GradeReader:
    return GradeReader(nlp, name, framework)
